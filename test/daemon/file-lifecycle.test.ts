/** The daemon follows a kubeconfig through creation, rename-replace, symlink retargeting and deletion. */
import { mkdirSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  ensureBuilt,
  expectNoMissedEvents,
  kubeconfigText,
  kubectl,
  logLines,
  makeEnv,
  read,
  spawnDaemon,
  waitForContext,
  waitForEntry,
  waitForError,
} from '../helpers/daemon.js';

beforeAll(ensureBuilt);
afterEach(cleanup);

const contexts = [{ name: 'alpha' }, { name: 'beta' }];
const config = (current: string): string => kubeconfigText(current, contexts);

describe('kubeconfig file life cycle', () => {
  it('file absent, then created', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    await spawnDaemon(t);
    const missing = await waitForError(t, { code: 'no-current-context' });
    expect(missing.entry.details.error).toMatch(/current-context/);
    writeFileSync(t.kubeconfig, config('alpha'));
    await waitForContext(t, 'alpha');
  });

  it('~/.kube absent, then created with the file in it', async () => {
    const t = makeEnv();
    const daemon = await spawnDaemon(t);
    await waitForError(t, { code: 'no-current-context' });
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, config('beta'));
    await waitForContext(t, 'beta');
    // Removing the whole folder and bringing it back is followed too.
    // Once ~/.kube exists the daemon stops watching ~ itself; kubectl's writes must still be seen.
    await kubectl(t, ['config', 'use-context', 'alpha']);
    await waitForContext(t, 'alpha');
    expectNoMissedEvents(t);
    // Removing the whole folder and bringing it back is followed too.
    rmSync(t.kubeDir, { recursive: true });
    await waitForError(t, { code: 'no-current-context' });
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, config('beta'));
    await waitForContext(t, 'beta');
    await kubectl(t, ['config', 'use-context', 'alpha']);
    await waitForContext(t, 'alpha');
    expectNoMissedEvents(t);
    expect(daemon.alive()).toBe(true);
  });

  it('~/.kube replaced at once by a new folder of the same name: later kubectl writes are still watched', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, config('alpha'));
    await spawnDaemon(t);
    await waitForContext(t, 'alpha');
    // Like restoring ~/.kube from a backup: the old folder's watch sees nothing of the new one.
    const staged = join(t.home, '.kube.new');
    mkdirSync(staged);
    writeFileSync(join(staged, 'config'), config('beta'));
    rmSync(t.kubeDir, { recursive: true });
    renameSync(staged, t.kubeDir);
    await waitForContext(t, 'beta');
    const mark = logLines(t);
    await kubectl(t, ['config', 'use-context', 'alpha']);
    await waitForContext(t, 'alpha');
    await kubectl(t, ['config', 'set-context', '--current', '--namespace=restored']);
    await waitForContext(t, 'alpha', { namespace: 'restored' });
    expectNoMissedEvents(t, mark);
  });

  it('rename-replace (editor style), even when the new file carries an old mtime', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, config('alpha'));
    await spawnDaemon(t);
    await waitForContext(t, 'alpha');

    const temp = join(t.kubeDir, '.config.swp');
    writeFileSync(temp, config('beta'));
    renameSync(temp, t.kubeconfig);
    await waitForContext(t, 'beta');

    // Like `mv` of a file prepared earlier, or `cp -p`: the file's own mtime is older than the entry.
    writeFileSync(temp, config('alpha'));
    utimesSync(temp, new Date(Date.now() - 3600_000), new Date(Date.now() - 3600_000));
    renameSync(temp, t.kubeconfig);
    const sample = read(t);
    expect(
      sample.state === 'fresh' && sample.entry?.details.context === 'beta',
      'old context shown as fresh after the replace',
    ).toBe(false);
    await waitForContext(t, 'alpha');
  });

  it('symlink retargeted with ln -sfn (new link renamed over), then the new target edited through the link', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    const targets = join(t.root, 'targets');
    mkdirSync(targets);
    writeFileSync(join(targets, 'a.yaml'), config('alpha'));
    writeFileSync(join(targets, 'b.yaml'), config('beta'));
    symlinkSync(join(targets, 'a.yaml'), t.kubeconfig);
    await spawnDaemon(t);
    await waitForContext(t, 'alpha');

    symlinkSync(join(targets, 'b.yaml'), `${t.kubeconfig}.new`);
    renameSync(`${t.kubeconfig}.new`, t.kubeconfig);
    const sample = read(t);
    expect(
      sample.state === 'fresh' && sample.entry?.details.context === 'alpha',
      'old target shown as fresh after the retarget',
    ).toBe(false);
    await waitForContext(t, 'beta');

    // kubectl writes through the link into targets/b.yaml: only the target's folder changes.
    await kubectl(t, ['config', 'use-context', 'alpha']);
    await waitForContext(t, 'alpha');
    // The old target is no longer what the link points at: editing it changes nothing.
    // A later change through the link proves the daemon has seen (and ignored) that write.
    writeFileSync(join(targets, 'a.yaml'), config('beta'));
    await kubectl(t, ['config', 'set-context', '--current', '--namespace=after']);
    await waitForContext(t, 'alpha', { namespace: 'after' });
  });

  it('file deleted: the entry turns into the no-current-context error, never keeps the old context fresh', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, config('alpha'));
    const daemon = await spawnDaemon(t);
    await waitForContext(t, 'alpha');
    rmSync(t.kubeconfig);
    const sample = read(t);
    expect(
      sample.state === 'fresh' && sample.entry?.details.context === 'alpha',
      'deleted file still shown as fresh',
    ).toBe(false);
    const gone = await waitForError(t, { code: 'no-current-context' });
    expect(gone.entry.details.context).toBeNull();
    expect(gone.entry.plain.context).toBe('');
    expect(gone.entry.segment.text).not.toContain('alpha');
    writeFileSync(t.kubeconfig, config('beta'));
    await waitForContext(t, 'beta');
    expect(daemon.alive()).toBe(true);
  });

  it('a file restored in place with a past mtime (cp -p style): the old entry is not fresh, since entries are dated by their sources, not the clock', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, config('alpha'));
    const hourAgo = new Date(Date.now() - 3600_000);
    await spawnDaemon(t);
    // Every freshness path (the file, ~/.kube, and the config folder the daemon creates) dates from an hour ago.
    await waitForContext(t, 'alpha');
    for (const path of [t.kubeconfig, t.kubeDir, dirname(t.configFile)]) utimesSync(path, hourAgo, hourAgo);
    const settled = await waitForEntry(
      t,
      // The entry may be removed between the read and this stat (it is being rewritten): not yet.
      (read) =>
        read.entry.details.context === 'alpha' &&
        (statSync(read.file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) < Date.now() - 1800_000,
    );
    expect(settled.state).toBe('fresh');
    // Restore another version in place, keeping its own (past, but later) mtime.
    writeFileSync(t.kubeconfig, config('beta'));
    const restored = new Date(hourAgo.getTime() + 600_000);
    utimesSync(t.kubeconfig, restored, restored);
    const sample = read(t);
    expect(
      sample.state === 'fresh' && sample.entry?.details.context === 'alpha',
      'the old context is shown as fresh after the restore',
    ).toBe(false);
    await waitForContext(t, 'beta');
  });

  it('~/.kube itself a symlink to a dotfiles folder (GNU stow style): kubectl writes are watched', async () => {
    const t = makeEnv();
    const dotfiles = join(t.root, 'dotfiles', 'kube');
    mkdirSync(dotfiles, { recursive: true });
    writeFileSync(join(dotfiles, 'config'), config('alpha'));
    symlinkSync(dotfiles, t.kubeDir);
    await spawnDaemon(t);
    await waitForContext(t, 'alpha');
    await kubectl(t, ['config', 'use-context', 'beta']);
    await waitForContext(t, 'beta');
    await kubectl(t, ['config', 'set-context', '--current', '--namespace=stowed']);
    await waitForContext(t, 'beta', { namespace: 'stowed' });
    expectNoMissedEvents(t);
  });

  // The folder holding a symlinked ancestor (~ for ~/.kube -> profiles/a) is a freshness path and
  // watched, so retargeting the link makes the old entry stale at once.
  it('~/.kube as a symlink retargeted to another (older) profile folder: the old entry is not fresh', async () => {
    const t = makeEnv();
    const profiles = join(t.root, 'profiles');
    for (const [name, current] of [
      ['a', 'alpha'],
      ['b', 'beta'],
    ] as const) {
      mkdirSync(join(profiles, name), { recursive: true });
      writeFileSync(join(profiles, name, 'config'), config(current));
    }
    // Profile b was last touched an hour ago, before the entry for a is written.
    const hourAgo = new Date(Date.now() - 3600_000);
    utimesSync(join(profiles, 'b', 'config'), hourAgo, hourAgo);
    utimesSync(join(profiles, 'b'), hourAgo, hourAgo);
    symlinkSync(join(profiles, 'a'), t.kubeDir);
    await spawnDaemon(t);
    await waitForContext(t, 'alpha');
    symlinkSync(join(profiles, 'b'), `${t.kubeDir}.new`);
    renameSync(`${t.kubeDir}.new`, t.kubeDir);
    const sample = read(t);
    expect(
      sample.state === 'fresh' && sample.entry?.details.context === 'alpha',
      'the old profile is shown as fresh after the switch',
    ).toBe(false);
    await waitForContext(t, 'beta');
  });

  // Every link on the way is a freshness path's folder: ~/.kube/config -> ~/kcs/current/config with
  // ~/kcs/current -> a; retargeting ~/kcs/current (ln -sfn) changes ~/kcs, so the old entry is stale.
  it('a link in the middle of a chain retargeted to an older folder: the old entry is not fresh', async () => {
    const t = makeEnv();
    const kcs = join(t.root, 'kcs');
    for (const [name, current] of [
      ['a', 'alpha'],
      ['b', 'beta'],
    ] as const) {
      mkdirSync(join(kcs, name), { recursive: true });
      writeFileSync(join(kcs, name, 'config'), config(current));
    }
    const hourAgo = new Date(Date.now() - 3600_000);
    utimesSync(join(kcs, 'b', 'config'), hourAgo, hourAgo);
    utimesSync(join(kcs, 'b'), hourAgo, hourAgo);
    symlinkSync('a', join(kcs, 'current'));
    mkdirSync(t.kubeDir);
    symlinkSync(join(kcs, 'current', 'config'), t.kubeconfig);
    await spawnDaemon(t);
    await waitForContext(t, 'alpha');
    symlinkSync('b', join(kcs, 'current.new'));
    renameSync(join(kcs, 'current.new'), join(kcs, 'current'));
    const sample = read(t);
    expect(
      sample.state === 'fresh' && sample.entry?.details.context === 'alpha',
      'the old target is shown as fresh after the link in the middle was retargeted',
    ).toBe(false);
    await waitForContext(t, 'beta');
  });
});
