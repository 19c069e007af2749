/** The cache folder is private: the daemon makes it 0700 and refuses one that others can write or own. */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  cli,
  daemonInfo,
  daemonPids,
  ensureBuilt,
  entryRef,
  expectNoMissedEvents,
  IS_ROOT,
  kubeconfigText,
  kubectl,
  makeEnv,
  sleep,
  spawnDaemon,
  waitForContext,
  type TestEnv,
} from '../helpers/daemon.js';

beforeAll(ensureBuilt);
afterEach(cleanup);

const mode = (path: string): number => statSync(path).mode & 0o777;

function withConfig(): TestEnv {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, kubeconfigText('alpha', [{ name: 'alpha' }, { name: 'beta' }]));
  return t;
}

/** Starts the daemon on an unsafe folder and expects a clear refusal: non-zero exit, the reason, nothing written. */
async function expectRefusal(t: TestEnv, reason: RegExp): Promise<void> {
  const daemon = await spawnDaemon(t, { waitReady: false });
  const exit = await daemon.exited;
  expect(exit.code).not.toBe(0);
  expect(exit.code).not.toBeNull();
  expect(daemon.stderr()).toMatch(reason);
  expect(daemon.stderr()).toContain(t.cacheDir);
  const started = await cli(t, ['daemon', 'start']);
  expect(started.code).not.toBe(0);
  // oclif wraps long messages with " ›   " at the start of each line.
  expect(started.stderr.replace(/\s*›\s*/g, ' ').replace(/\s+/g, ' ')).toMatch(reason);
  expect(daemonPids(t)).toEqual([]);
  expect(existsSync(join(t.cacheDir, entryRef(t).name))).toBe(false);
}

describe('cache folder privacy', () => {
  it('creates a missing cache folder (and its parents) with mode 0700, entries 0600', async () => {
    const t = withConfig();
    t.env['KCTX_GUARD_DIR'] = t.cacheDir = join(t.root, 'deep', 'er', 'cache');
    // A permissive umask must not widen the folder.
    const previous = process.umask(0);
    try {
      await spawnDaemon(t);
    } finally {
      process.umask(previous);
    }
    const entry = await waitForContext(t, 'alpha');
    expect(mode(t.cacheDir)).toBe(0o700);
    expect(mode(join(t.cacheDir, 'reg'))).toBe(0o700);
    expect(mode(entry.file)).toBe(0o600);
    expect(mode(join(t.cacheDir, 'daemon.pid'))).toBe(0o600);
    for (const name of readdirSync(join(t.cacheDir, 'reg')))
      expect(mode(join(t.cacheDir, 'reg', name)) & 0o077).toBe(0);
  });

  it('tightens an existing folder that others can only read (0755) to 0700', async () => {
    const t = withConfig();
    mkdirSync(t.cacheDir, { mode: 0o755 });
    chmodSync(t.cacheDir, 0o755);
    await spawnDaemon(t);
    await waitForContext(t, 'alpha');
    expect(mode(t.cacheDir)).toBe(0o700);
  });

  for (const unsafe of [0o777, 0o770, 0o702]) {
    it(`refuses a folder with mode ${unsafe.toString(8)} (writable by others) and leaves it alone`, async () => {
      const t = withConfig();
      mkdirSync(t.cacheDir);
      chmodSync(t.cacheDir, unsafe);
      await expectRefusal(t, /writable by other users.*chmod 700/);
      // Refusing means not silently "fixing" a folder someone else may already have filled.
      expect(mode(t.cacheDir)).toBe(unsafe);
    });
  }

  it('refuses a folder owned by another user', async ({ skip }) => {
    if (!IS_ROOT) skip('only root can give a folder to another user');
    const t = withConfig();
    mkdirSync(t.cacheDir, { mode: 0o700 });
    execFileSync('chown', ['65534:65534', t.cacheDir]);
    await expectRefusal(t, /belongs to uid 65534/);
  });

  it('refuses a symlink in place of the folder', async () => {
    const t = withConfig();
    const real = join(t.root, 'elsewhere');
    mkdirSync(real, { mode: 0o700 });
    symlinkSync(real, t.cacheDir);
    await expectRefusal(t, /not a directory/);
  });

  it('an entry deleted by hand is written again at once', async () => {
    const t = withConfig();
    await spawnDaemon(t);
    const entry = await waitForContext(t, 'alpha');
    rmSync(entry.file);
    await waitForContext(t, 'alpha');
    expectNoMissedEvents(t);
  });

  it('the whole cache folder removed while running (a /tmp cleaner): re-created private, served again, daemon alive', async () => {
    const t = withConfig();
    const daemon = await spawnDaemon(t);
    await waitForContext(t, 'alpha');
    // The folder vanishes at once (as for the daemon when a cleaner wins); deleting in place races with
    // the daemon re-creating files in it (ENOTEMPTY), so move it aside first and delete it there.
    const gone = join(t.root, 'removed-cache');
    renameSync(t.cacheDir, gone);
    rmSync(gone, { recursive: true, force: true });
    const back = await waitForContext(t, 'alpha');
    expect(mode(t.cacheDir)).toBe(0o700);
    expect(mode(back.file)).toBe(0o600);
    expect(daemon.alive(), daemon.stderr()).toBe(true);
    expect((await daemonInfo(t))?.pid).toBe(daemon.pid);
    // And it still follows changes.
    await kubectl(t, ['config', 'use-context', 'beta']);
    await waitForContext(t, 'beta');
  });

  it('the cache folder swapped for a world-writable one while running: the daemon stops with status 1 and says why', async () => {
    const t = withConfig();
    const daemon = await spawnDaemon(t);
    await waitForContext(t, 'alpha');
    const evil = join(t.root, 'evil');
    mkdirSync(evil);
    chmodSync(evil, 0o777);
    // Move ours away and put the other in its place; the daemon may re-create ours in between, so retry.
    for (let attempt = 0; ; attempt++) {
      try {
        renameSync(t.cacheDir, join(t.root, `old-${attempt}`));
        renameSync(evil, t.cacheDir);
        break;
      } catch (error) {
        if (attempt > 20) throw error;
      }
    }
    const exit = await Promise.race([daemon.exited, sleep(10_000).then(() => undefined)]);
    expect(exit).toEqual({ code: 1, signal: null });
    expect(readFileSync(t.logFile, 'utf8')).toMatch(/not safe: .*writable by other users/);
  });
});
