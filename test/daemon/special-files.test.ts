/**
 * A KUBECONFIG naming something that is not a regular file (a named pipe, a device, a per-process
 * path like /dev/fd/3 or /dev/stdin) is an error entry with the reason, never read: the daemon
 * neither blocks on it nor consumes it, keeps serving every other shell, and answers at once.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readlinkSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  cleanup,
  daemonInfo,
  ensureBuilt,
  entryRef,
  kubeconfigText,
  makeEnv,
  read,
  register,
  spawnDaemon,
  waitForContext,
  waitForError,
  type DaemonChild,
  type TestEnv,
} from '../helpers/daemon.js';

beforeAll(ensureBuilt);
afterEach(cleanup);

const contexts = [{ name: 'alpha' }, { name: 'beta' }];
const MAX_RSS_BYTES = 200 * 1024 * 1024;

function withConfig(): TestEnv {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, kubeconfigText('alpha', contexts));
  return t;
}

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1]) * 1024;
}

/** What the daemon holds open right now. */
function openFiles(pid: number): string[] {
  const dir = `/proc/${pid}/fd`;
  return readdirSync(dir).flatMap((fd) => {
    try {
      return [readlinkSync(join(dir, fd))];
    } catch {
      return [];
    }
  });
}

/** The daemon answers `status` within 1 s, still serves the default entry, and stays small. */
async function expectServingOthers(t: TestEnv, daemon: DaemonChild, next: string): Promise<void> {
  expect(daemon.alive(), daemon.stderr()).toBe(true);
  const started = Date.now();
  expect((await daemonInfo(t, 1000))?.pid).toBe(daemon.pid);
  expect(Date.now() - started).toBeLessThan(1000);
  writeFileSync(t.kubeconfig, kubeconfigText(next, contexts));
  await waitForContext(t, next);
  expect(rssBytes(daemon.pid)).toBeLessThan(MAX_RSS_BYTES);
}

describe('a KUBECONFIG that is not a regular file', () => {
  it('a named pipe: an error entry, never opened, never consumed; the daemon serves the others', async () => {
    const t = withConfig();
    const fifo = join(t.root, 'vault.fifo');
    execFileSync('mkfifo', [fifo]);
    const daemon = await spawnDaemon(t);
    await waitForContext(t, 'alpha');
    const ref = register(t, fifo);
    const broken = await waitForError(t, { ref, code: 'unreadable' });
    expect(broken.entry.details.error).toMatch(/not a regular file \(a named pipe\).*without consuming it/);
    expect(broken.entry.details.errorFile).toBe(fifo);
    expect(openFiles(daemon.pid)).not.toContain(fifo);
    await expectServingOthers(t, daemon, 'beta');
    // What a writer puts in the pipe reaches the reader it was meant for, whole.
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    let received = '';
    reader.stdout.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    const done = new Promise((resolve) => reader.on('exit', resolve));
    const secret = kubeconfigText('from-vault', [{ name: 'from-vault' }]);
    writeFileSync(fifo, secret);
    await done;
    expect(received).toBe(secret);
    expect(daemon.alive(), daemon.stderr()).toBe(true);
  });

  for (const [path, reason] of [
    ['/dev/fd/3', /different file in every process/],
    ['/dev/stdin', /different file in every process/],
    ['/proc/self/environ', /different file in every process/],
    ['/dev/zero', /not a regular file \(a character device\)/],
  ] as const) {
    it(`${path}: an error entry with the reason; the daemon serves the others and stays small`, async () => {
      const t = withConfig();
      const daemon = await spawnDaemon(t);
      await waitForContext(t, 'alpha');
      const ref = register(t, path);
      const broken = await waitForError(t, { ref, code: 'unreadable' });
      expect(broken.entry.details.error).toMatch(reason);
      expect(broken.entry.details.errorFile).toBe(path);
      await expectServingOthers(t, daemon, 'beta');
      // Still the same error after the others changed: nothing about it went stale.
      expect(read(t, ref).entry?.details.error).toMatch(reason);
    });
  }

  it('a symlink to /dev/stdin is refused like /dev/stdin', async () => {
    const t = withConfig();
    const link = join(t.root, 'link');
    execFileSync('ln', ['-s', '/dev/stdin', link]);
    const daemon = await spawnDaemon(t);
    const ref = register(t, link);
    const broken = await waitForError(t, { ref, code: 'unreadable' });
    expect(broken.entry.details.error).toMatch(/different file in every process/);
    await expectServingOthers(t, daemon, 'beta');
  });
});

/** The CLI's synchronous paths (`status`, the shells' `__refresh`) use the same loader. */
describe('the CLI on a named pipe', () => {
  function runCli(t: TestEnv, kubeconfig: string, args: string[]): Promise<{ code: number; stdout: string }> {
    return new Promise((done) => {
      execFile(
        process.execPath,
        [BIN, ...args],
        { env: { ...t.env, KUBECONFIG: kubeconfig }, cwd: t.home, timeout: 10_000 },
        (error, stdout) => done({ code: error ? Number(error.code ?? -1) : 0, stdout }),
      );
    });
  }

  it('status --json and __refresh report the pipe without blocking on it', async () => {
    const t = withConfig();
    const fifo = join(t.root, 'vault.fifo');
    execFileSync('mkfifo', [fifo]);
    const status = await runCli(t, fifo, ['status', '--json']);
    const report = JSON.parse(status.stdout) as { errorCode: string; error: string };
    expect(report.errorCode).toBe('unreadable');
    expect(report.error).toMatch(/not a regular file \(a named pipe\)/);
    const ref = entryRef(t, fifo);
    mkdirSync(t.cacheDir, { recursive: true, mode: 0o700 });
    const refresh = await runCli(t, fifo, ['__refresh', ref.name, ref.key]);
    expect(refresh.code).toBe(0);
    expect(read(t, ref).entry?.details.error).toMatch(/not a regular file \(a named pipe\)/);
  });
});
