/**
 * On macOS the watcher's events come through FSEvents, late, coalesced or dropped; a second trailing
 * re-check covers a write that lands after the first look. Proven on Linux with the macOS path forced
 * (KCTX_GUARD_TEST_PLATFORM=darwin), every event for ~/.kube dropped (KCTX_GUARD_TEST_DROP_EVENTS) and
 * the safety net pushed out of the way (KCTX_GUARD_TEST_SAFETY_MS), so only a re-check can find it.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { trailingRecheckMs } from '../../src/daemon/timing.js';
import {
  cleanup,
  ensureBuilt,
  entryRef,
  kubeconfigText,
  makeEnv,
  read,
  sleep,
  spawnDaemon,
  waitForContext,
  waitForEntry,
} from '../helpers/daemon.js';

beforeAll(ensureBuilt);
afterEach(cleanup);

const [FIRST, SECOND] = trailingRecheckMs('darwin') as [number, number];

const ctimeMs = (path: string): number => Number(statSync(path, { bigint: true }).ctimeNs / 1_000_000n);

/**
 * Writes the kubeconfig, with its events dropped, between the first and the second re-check after an
 * entry write; then waits `waitMs` for the entry to show it. `inconclusive` when the loaded machine
 * made the write miss that window.
 */
async function writeBetweenRechecks(platform: 'linux' | 'darwin', waitMs: number): Promise<string> {
  const t = makeEnv();
  // A run with the switch set for every process (KCTX_GUARD_TEST_PLATFORM=darwin npx vitest …) passes it on.
  delete t.env['KCTX_GUARD_TEST_PLATFORM'];
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, kubeconfigText('alpha', [{ name: 'alpha' }, { name: 'beta' }]));
  await spawnDaemon(t, {
    extraEnv: {
      NODE_ENV: 'test',
      KCTX_GUARD_TEST_DROP_EVENTS: t.kubeDir,
      KCTX_GUARD_TEST_SAFETY_MS: '600000',
      ...(platform === 'darwin' ? { KCTX_GUARD_TEST_PLATFORM: 'darwin' } : {}),
    },
  });
  await waitForContext(t, 'alpha');
  // Let the start-up re-checks pass, then start a new series with a change the watcher does see.
  await sleep(SECOND + 200);
  const before = read(t).file;
  const beforeCtime = ctimeMs(before);
  writeFileSync(t.configFile, 'rules: []\n');
  const rewritten = await waitForEntry(t, () => ctimeMs(before) !== beforeCtime);
  const writtenAt = ctimeMs(rewritten.file);
  await sleep(Math.max(0, writtenAt + (FIRST + SECOND) / 2 - Date.now()));
  writeFileSync(t.kubeconfig, kubeconfigText('beta', [{ name: 'alpha' }, { name: 'beta' }]));
  const offset = ctimeMs(t.kubeconfig) - writtenAt;
  if (offset < FIRST + 15 || offset > SECOND - 15) return 'inconclusive';
  try {
    await waitForContext(t, 'beta', { ref: entryRef(t), timeoutMs: waitMs });
    return 'caught';
  } catch {
    return read(t).state === 'fresh' ? 'old entry still fresh' : 'missed';
  }
}

async function outcome(platform: 'linux' | 'darwin', waitMs: number): Promise<string> {
  // This process asks the daemon whether it is up: it must look for the socket where the daemon binds it.
  const before = process.env['KCTX_GUARD_TEST_PLATFORM'];
  if (platform === 'darwin') process.env['KCTX_GUARD_TEST_PLATFORM'] = 'darwin';
  else delete process.env['KCTX_GUARD_TEST_PLATFORM'];
  try {
    for (let attempt = 0; attempt < 4; attempt++) {
      const result = await writeBetweenRechecks(platform, waitMs);
      if (result !== 'inconclusive') return result;
    }
    return 'inconclusive four times: the machine is too loaded to place a write';
  } finally {
    if (before === undefined) delete process.env['KCTX_GUARD_TEST_PLATFORM'];
    else process.env['KCTX_GUARD_TEST_PLATFORM'] = before;
  }
}

describe('the trailing re-checks', () => {
  it('run twice on the macOS path, the second past several FSEvents latencies', () => {
    expect(trailingRecheckMs('linux')).toEqual([60]);
    expect(FIRST).toBe(60);
    expect(SECOND).toBeGreaterThanOrEqual(FIRST + 4 * 50);
  });

  it('macOS path: a write after the first re-check whose events are lost reaches the entry through the second', async () => {
    expect(await outcome('darwin', 1500)).toBe('caught');
  });

  it('Linux path: the same write stays unseen (the entry is stale, never wrong) — the check can fail', async () => {
    expect(await outcome('linux', 1500)).toBe('missed');
  });
});
