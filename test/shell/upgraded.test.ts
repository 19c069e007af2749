/**
 * A shell whose hook is older than the entries it meets (kctx-guard was upgraded under it) says
 * "kctx-guard was upgraded: open a new shell" instead of a lasting "unknown"; an entry of an older
 * protocol (a daemon not yet replaced) is recomputed, the prompt shows the truth. Real bash, zsh
 * and fish in tmux.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ENTRY_MAGIC, ENTRY_VERSION } from '../../src/cache/index.js';
import { cleanup, cli, ensureBuilt, entryRef, kubeconfigText, makeEnv, type TestEnv } from '../helpers/daemon.js';
import { killSessions, SHELLS, ShellSession } from '../helpers/tmux.js';

beforeAll(ensureBuilt);
afterEach(async () => {
  await killSessions();
  await cleanup();
});

/** Replaces this shell's entry with one of protocol `version` (stopping the daemon first, or it would rewrite it). */
async function plantEntry(t: TestEnv, version: number): Promise<void> {
  const stopped = await cli(t, ['daemon', 'stop']);
  expect(stopped.code, stopped.stderr).toBe(0);
  const { name, key } = entryRef(t);
  const lines = [
    `${ENTRY_MAGIC} ${version}`,
    key,
    '',
    'safe',
    '32',
    '⎈',
    'from-another-version',
    '',
    '',
    'x',
    'x',
    'x',
    '{}',
  ];
  writeFileSync(join(t.cacheDir, name), `${lines.join('\n')}\n`);
}

describe.each(SHELLS)('%s: entries of another protocol version', (shell) => {
  it('a newer one says the package was upgraded; an older one is recomputed', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('alpha', [{ name: 'alpha', cluster: 'alpha' }]));
    const started = await cli(t, ['daemon', 'start']);
    expect(started.code, started.stderr).toBe(0);
    const sh = await ShellSession.start(shell, t);
    expect((await sh.run('true')).segment).toBe('⎈ alpha:default');

    await plantEntry(t, ENTRY_VERSION + 1);
    expect((await sh.run('true')).segment).toBe('⎈ ✖ kctx-guard was upgraded: open a new shell');

    await plantEntry(t, ENTRY_VERSION - 1);
    const p = await sh.run('true');
    // On a mismatch, what status says (the fallback's note among it) is the first thing to read.
    const why = p.segment.includes('unknown')
      ? `${(await cli(t, ['status'])).stdout}\n--- daemon log:\n${existsSync(t.logFile) ? readFileSync(t.logFile, 'utf8') : '(none)'}`
      : '';
    expect(p.segment.replace(/ \[daemon down\]$/, ''), why).toBe('⎈ alpha:default');
  });
});
