/** Hostile or broken kubeconfig files: the entry turns into a loud error with a reason, recovers once fixed, and the daemon lives on. */
import { randomBytes } from 'node:crypto';
import { createWriteStream, chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  daemonInfo,
  ensureBuilt,
  kubeconfigText,
  makeEnv,
  register,
  spawnDaemon,
  waitForContext,
  waitForError,
  type DaemonChild,
  type EntryRef,
  type TestEnv,
} from '../helpers/daemon.js';
import { requireSetpriv } from '../helpers/no-dac.js';

beforeAll(ensureBuilt);
afterEach(cleanup);

const good = (current: string): string => kubeconfigText(current, [{ name: 'alpha' }, { name: 'beta' }]);

async function expectAlive(t: TestEnv, daemon: DaemonChild): Promise<void> {
  expect(daemon.alive(), `daemon exited: ${daemon.stderr()}`).toBe(true);
  expect((await daemonInfo(t))?.pid).toBe(daemon.pid);
}

/**
 * Starts the daemon on a good ~/.kube/config, breaks the file, expects a loud error entry, fixes
 * the file, expects the truth back, and checks the daemon answers throughout.
 */
async function breakAndFix(
  t: TestEnv,
  brk: () => void | Promise<void>,
  code: string,
  fix: () => void,
  ref?: EntryRef,
): Promise<void> {
  const daemon = await spawnDaemon(t);
  await waitForContext(t, 'alpha', { ref });
  await brk();
  const broken = await waitForError(t, { code, ref, timeoutMs: 10_000 });
  expect(broken.entry.details.error).toEqual(expect.stringMatching(/\S/));
  expect(broken.entry.details.context).not.toBe('alpha');
  expect(broken.entry.segment.text).not.toContain('alpha');
  await expectAlive(t, daemon);
  fix();
  await waitForContext(t, 'beta', { ref, timeoutMs: 10_000 });
  await expectAlive(t, daemon);
}

/** Hands the test folder to uid 65534; undefined when that is not possible here. */
function withConfig(): TestEnv {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, good('alpha'));
  return t;
}

describe('bad kubeconfig input never kills the daemon', () => {
  it('malformed YAML', async () => {
    const t = withConfig();
    await breakAndFix(
      t,
      () => writeFileSync(t.kubeconfig, 'apiVersion: v1\ncurrent-context: alpha\ncontexts: [\n  - name: {\n'),
      'unparsable',
      () => writeFileSync(t.kubeconfig, good('beta')),
    );
  });

  it('binary junk', async () => {
    const t = withConfig();
    await breakAndFix(
      t,
      () => writeFileSync(t.kubeconfig, randomBytes(256 * 1024)),
      'unparsable',
      () => writeFileSync(t.kubeconfig, good('beta')),
    );
  });

  it('a 50 MB file written as a stream', async () => {
    const t = withConfig();
    const write = (): Promise<void> =>
      new Promise((done, fail) => {
        const stream = createWriteStream(t.kubeconfig);
        const chunk = Buffer.from(`# ${'x'.repeat(1021)}\n`.repeat(1024));
        let left = 50;
        const more = (): void => {
          while (left > 0) {
            left--;
            if (!stream.write(chunk)) return void stream.once('drain', more);
          }
          stream.end(done);
        };
        stream.on('error', fail);
        more();
      });
    await breakAndFix(t, write, 'too-large', () => writeFileSync(t.kubeconfig, good('beta')));
  });

  it('a directory named in KUBECONFIG', async () => {
    const t = withConfig();
    const path = join(t.root, 'kc');
    writeFileSync(path, good('alpha'));
    await spawnDaemon(t);
    const ref = register(t, path);
    await waitForContext(t, 'alpha', { ref });
    rmSync(path);
    mkdirSync(path);
    const broken = await waitForError(t, { code: 'unreadable', ref });
    expect(broken.entry.details.error).toMatch(/directory/);
    expect(broken.entry.details.errorFile).toBe(path);
    rmSync(path, { recursive: true });
    writeFileSync(path, good('beta'));
    await waitForContext(t, 'beta', { ref });
    // The default entry was served all along.
    await waitForContext(t, 'alpha');
  });

  it('permission denied (chmod 000)', async () => {
    const t = withConfig();
    // Root reads through chmod 000, so as root the daemon runs without the capability that lets it.
    requireSetpriv();
    const daemon = await spawnDaemon(t, { boundByPermissions: true });
    await waitForContext(t, 'alpha');
    chmodSync(t.kubeconfig, 0o000);
    const broken = await waitForError(t, { code: 'unreadable' });
    expect(broken.entry.details.error).toMatch(/permission denied/);
    expect(broken.entry.details.errorFile).toBe(t.kubeconfig);
    expect(daemon.alive()).toBe(true);
    chmodSync(t.kubeconfig, 0o644);
    writeFileSync(t.kubeconfig, good('beta'));
    await waitForContext(t, 'beta');
    expect(daemon.alive(), daemon.stderr()).toBe(true);
  });

  it('a symlink loop', async () => {
    const t = withConfig();
    const other = join(t.kubeDir, 'loop');
    await breakAndFix(
      t,
      () => {
        rmSync(t.kubeconfig);
        symlinkSync(t.kubeconfig, other);
        symlinkSync(other, t.kubeconfig);
      },
      'unreadable',
      () => {
        rmSync(t.kubeconfig);
        writeFileSync(t.kubeconfig, good('beta'));
      },
    );
  });

  it('current-context naming a context that does not exist', async () => {
    const t = withConfig();
    await breakAndFix(
      t,
      () => writeFileSync(t.kubeconfig, good('gone')),
      'missing-context',
      () => writeFileSync(t.kubeconfig, good('beta')),
    );
  });
});
