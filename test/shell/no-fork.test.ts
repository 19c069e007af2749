/**
 * Invariant 4: with the cache fresh and the daemon running, drawing a prompt starts no process
 * in zsh, bash or fish. Measured with strace attached to a real interactive shell on a pty
 * while it draws 100 prompts; a control proves the same measurement sees the fallback's forks.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  cli,
  daemonPids,
  ensureBuilt,
  kubeconfigText,
  makeEnv,
  spawnDaemon,
  waitForContext,
  waitUntil,
  type TestEnv,
} from '../helpers/daemon.js';
import { setupLine } from '../helpers/guard.js';
import {
  attachStrace,
  closeAllShells,
  count,
  SHELL_KINDS,
  startShell,
  writeInit,
  type PtyShell,
  type ShellKind,
} from '../helpers/pty-shell.js';

const PROMPTS = 100;
const MARK = '@P@';
const CONTEXT = 'nofork-ctx';
const SEGMENT = `${CONTEXT}:default`;
const PROCESS_SYSCALLS = ['fork', 'vfork', 'clone', 'clone3', 'execve'];

let scratch = '';
let traces = 0;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'kctx-nofork-'));
});
afterEach(async () => {
  await closeAllShells();
  await cleanup();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function prepare(kind: ShellKind): Promise<{ t: TestEnv; shell: PtyShell }> {
  ensureBuilt();
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, kubeconfigText(CONTEXT, [{ name: CONTEXT }]));
  await spawnDaemon(t);
  await waitForContext(t, CONTEXT);
  const shell = await startShell(kind, t.env, t.home);
  // The user's own prompt: a marker and nothing that forks (fish's default prompt runs git).
  shell.line(setupLine(kind, MARK, writeInit(t.root, kind, t.env)));
  await shell.waitFor((out) => out.includes(`${SEGMENT} ${MARK}`), 'a prompt with the segment');
  // Warm-up: one more prompt, so anything done once per shell is behind us.
  const before = shell.output().length;
  shell.type('\r');
  await shell.waitFor((out) => out.includes(`${SEGMENT} ${MARK}`), 'the warm-up prompt', before);
  return { t, shell };
}

interface Measurement {
  /** fork/vfork/clone/clone3/execve calls that start a process, made by the shell or anything it started. */
  processCalls: string[];
  /** stat calls on the kubeconfig: the freshness check every prompt must make (docs/protocol.md). */
  freshnessChecks: number;
  promptsDrawn: number;
  segmentsDrawn: number;
  /** Calls that read the daemon's heartbeat: the liveness check every prompt makes. */
  heartbeatReads: number;
  /** Calls that touch /proc: the pid check on Linux; none on the path of systems without it (macOS). */
  procCalls: string[];
}

/** Set by the `macos-path` test project: the hooks take the path of a system without /proc. */
const MACOS_PATH = process.env['KCTX_GUARD_TEST_PLATFORM'] === 'darwin';

/** Presses Enter `PROMPTS` times under strace, one prompt at a time, and counts what happened. */
async function measure(t: TestEnv, shell: PtyShell): Promise<Measurement> {
  // Not in t.root: a new file there changes the folder's mtime, which can be a freshness path.
  const trace = await attachStrace(
    shell.pid,
    [
      ...PROCESS_SYSCALLS,
      'stat',
      'lstat',
      'newfstatat',
      'statx',
      'open',
      'openat',
      'access',
      'faccessat',
      'faccessat2',
    ],
    join(scratch, `strace-${shell.kind}-${++traces}.txt`),
  );
  const from = shell.output().length;
  for (let i = 1; i <= PROMPTS; i++) {
    shell.type('\r');
    await shell.waitFor((out) => count(out, MARK) >= i, `prompt ${i}`, from, 30_000);
  }
  await trace.stop();
  const output = shell.output().slice(from);
  const callName = (line: string): string | undefined => /^\d+\s+(\w+)\(/.exec(line)?.[1];
  return {
    // A clone with CLONE_THREAD starts a thread of the shell itself (fish keeps a thread pool), not a process.
    processCalls: trace.lines.filter(
      (line) => PROCESS_SYSCALLS.includes(callName(line) ?? '') && !line.includes('CLONE_THREAD'),
    ),
    freshnessChecks: trace.lines.filter(
      (line) => line.includes(`"${t.kubeconfig}"`) && /stat/.test(callName(line) ?? ''),
    ).length,
    promptsDrawn: count(output, MARK),
    segmentsDrawn: count(output, `${SEGMENT} ${MARK}`),
    heartbeatReads: trace.lines.filter((line) => line.includes(`"${join(t.cacheDir, 'heartbeat')}"`)).length,
    procCalls: trace.lines.filter((line) => line.includes('"/proc/')),
  };
}

describe.each(SHELL_KINDS)('%s: the steady-state prompt', (kind) => {
  it(`draws ${PROMPTS} prompts without one fork, clone or exec`, async () => {
    const { t, shell } = await prepare(kind);
    const m = await measure(t, shell);
    expect(m.processCalls).toEqual([]);
    // The hook really ran before every prompt: it checked the kubeconfig's mtime each time...
    expect(m.freshnessChecks).toBeGreaterThanOrEqual(PROMPTS);
    // ...and each of the 100 prompts was drawn, with the segment in front.
    expect(m.promptsDrawn).toBe(PROMPTS);
    expect(m.segmentsDrawn).toBe(PROMPTS);
    // ...and that the daemon is alive, by its heartbeat, each time; by /proc too only where the
    // system has one (the macos-path project takes it away).
    expect(m.heartbeatReads).toBeGreaterThanOrEqual(PROMPTS);
    if (MACOS_PATH) expect(m.procCalls).toEqual([]);
    else expect(m.procCalls.length).toBeGreaterThanOrEqual(PROMPTS);
  });

  it('control: the same measurement sees the synchronous fallback start node once the cache is stale', async () => {
    const { t, shell } = await prepare(kind);
    expect((await cli(t, ['daemon', 'stop'])).code).toBe(0);
    await waitUntil(() => daemonPids(t).length === 0, 'the daemon stopped');
    // Stale: the kubeconfig is now newer than the entry, and no daemon will rewrite it.
    const now = new Date(Date.now() + 2000);
    utimesSync(t.kubeconfig, now, now);
    const m = await measure(t, shell);
    expect(m.processCalls.filter((line) => line.includes('execve(')).join('\n')).toMatch(/execve\(".*node.*__refresh/s);
    expect(m.processCalls.length).toBeGreaterThan(0);
    expect(m.promptsDrawn).toBe(PROMPTS);
  });
});
