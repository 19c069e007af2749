/**
 * Per-shell contexts by overlay, in real interactive bash, zsh and fish with the real daemon and
 * the real kubectl: `use`, `ns`, `use -` switch this shell only (kubectl in it agrees with its
 * prompt, another shell and the user's file stay as they were), nested shells inherit the pin,
 * kubectl's writes to the overlay fail loudly, a deleted overlay is an error the guard refuses,
 * a mistyped name changes nothing, `use --global` writes the user's file and unpins, and the
 * daemon removes the overlays of shells that are gone; one shell's `use` leaves other pinned shells'
 * cache entries fresh.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  ensureBuilt,
  entryRef,
  isFresh,
  makeEnv,
  read,
  requireKubectl,
  spawnDaemon,
  waitForContext,
  waitForEntry,
  waitUntil,
} from '../helpers/daemon.js';
import { OVERLAY_PREFIX } from '../../src/overlay/index.js';
import { killSessions, SHELLS, ShellSession, stripSgr, type ShellName } from '../helpers/tmux.js';

beforeAll(() => {
  ensureBuilt();
  requireKubectl();
});
afterEach(async () => {
  await killSessions();
  await cleanup();
});

const KUBECONFIG = `apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: dev-cluster
  cluster: {server: "https://127.0.0.1:1"}
- name: stage-cluster
  cluster: {server: "https://127.0.0.1:2"}
contexts:
- name: dev
  context: {cluster: dev-cluster, user: tester}
- name: stage
  context: {cluster: stage-cluster, user: tester, namespace: web}
users:
- name: tester
  user: {token: not-a-secret}
`;

/** What kubectl in the shell uses: context and namespace, printed on the line above the next prompt. */
const KUBECTL_SEES = `kubectl config view --minify -o 'jsonpath={.current-context}/{..namespace}'; echo`;

function nested(shell: ShellName, root: string): string {
  if (shell === 'bash') return `KG_TAG=N bash --noprofile --rcfile ${join(root, 'bashrc')} -i`;
  return `KG_TAG=N ${shell} -i`;
}

async function setup(shell: ShellName) {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, KUBECONFIG);
  await spawnDaemon(t, { extraEnv: { NODE_ENV: 'test', KCTX_GUARD_TEST_OVERLAY_SWEEP_MS: '200' } });
  await waitForContext(t, 'dev');
  const sh = await ShellSession.start(shell, t);
  expect(shown(await sh.run('true'))).toBe('⎈ dev-cluster/dev:default');
  return { t, sh, overlays: join(t.cacheDir, 'overlays') };
}

/** `echo "rc=<last status>"` in this shell's syntax. */
const echoStatus = (shell: ShellName): string => (shell === 'fish' ? 'echo "rc=$status"' : 'echo "rc=$?"');

/** The segment without the one-prompt `changed from …` note that follows a switch. */
const shown = (prompt: { segment: string }): string => prompt.segment.replace(/ changed from .*$/, '');

/** Every overlay file (full path) in the overlay folder: one folder per overlay, `<pid>-<start>-<n>/`. */
const overlayFiles = (folder: string): string[] =>
  existsSync(folder)
    ? readdirSync(folder)
        .map((name) => join(folder, name, `${OVERLAY_PREFIX}${name}.yaml`))
        .filter((path) => existsSync(path))
    : [];

describe.each(SHELLS)('%s', (shell) => {
  it('use, ns and use - switch this shell only; kubectl and nested shells agree; --global writes the file', async () => {
    const { t, sh, overlays } = await setup(shell);
    const other = await ShellSession.start(shell, t);

    expect(shown(await sh.run('kctx-guard use stage'))).toBe('[pinned] ⎈ stage-cluster/stage:web');
    expect((await sh.run(KUBECTL_SEES)).above).toMatch(/stage\/web$/);
    expect((await other.run(KUBECTL_SEES)).above).toMatch(/dev\/$/);
    expect(shown(await other.run('true'))).toBe('⎈ dev-cluster/dev:default');
    expect(readFileSync(t.kubeconfig, 'utf8')).toBe(KUBECONFIG);

    // The cluster at 127.0.0.1:2 does not answer: ns pins anyway and says it could not check.
    const ns = await sh.run('kctx-guard ns kube-system');
    expect(shown(ns)).toBe('[pinned] ⎈ stage-cluster/stage:kube-system');
    expect(sh.output()).toContain('could not check that namespace "kube-system" exists');
    expect((await sh.run(KUBECTL_SEES)).above).toMatch(/stage\/kube-system$/);
    // The overlay holds the context entry, never a credential, and is read-only.
    const files = overlayFiles(overlays);
    expect(files.length).toBe(2);
    for (const path of files) expect(readFileSync(path, 'utf8')).not.toMatch(/token|users:|clusters:/);

    // A nested shell inherits the pin, sees the same target, and exit leaves it behind.
    const inner = await sh.run(nested(shell, t.root), { tag: 'N' });
    expect(shown(inner)).toBe('[pinned] ⎈ stage-cluster/stage:kube-system');
    // run({tag}) would take the prompt already on screen: wait for the nested shell's next one.
    const inNested = async (command: string, after: number) => {
      await sh.type(command);
      await sh.enter();
      return sh.waitForPrompt({ tag: 'N', after });
    };
    const seen = await inNested(KUBECTL_SEES, inner.counter);
    expect(seen.above).toMatch(/stage\/kube-system$/);
    expect(shown(await inNested('kctx-guard use dev', seen.counter))).toBe('[pinned] ⎈ dev-cluster/dev:default');
    expect(shown(await sh.run('exit'))).toBe('[pinned] ⎈ stage-cluster/stage:kube-system');

    expect(shown(await sh.run('kctx-guard use -'))).toBe('[pinned] ⎈ dev-cluster/dev:default');
    expect(shown(await sh.run('kctx-guard use -'))).toBe('[pinned] ⎈ stage-cluster/stage:web');

    // --global: kubectl writes the user's own file, and this shell follows it again.
    expect(shown(await sh.run('kctx-guard use --global stage'))).toBe('⎈ stage-cluster/stage:web');
    expect(readFileSync(t.kubeconfig, 'utf8')).toMatch(/current-context: stage/);
    expect((await sh.run('command env | command grep -c ^KUBECONFIG=')).above).toBe('0');
    expect(shown(await other.run('true'))).toBe('⎈ stage-cluster/stage:web');
  }, 120_000);

  it('kubectl cannot write into the overlay; a gone overlay is an error the guard refuses; a typo changes nothing', async () => {
    const { t, sh, overlays } = await setup(shell);
    await sh.run('kctx-guard use stage');
    const before = await sh.run('echo "KC=$KUBECONFIG"');
    const [overlay] = overlayFiles(overlays);
    const text = readFileSync(overlay!, 'utf8');

    // kubectl writes new entries into the first KUBECONFIG file: here that fails, even as root.
    const credentials = await sh.run(
      `command kubectl config set-credentials eve --token=secret-token; ${echoStatus(shell)}`,
    );
    expect(credentials.above).toMatch(/^rc=[^0]/);
    // The path kubectl names says why and where to look.
    expect(sh.output()).toContain(`${overlay}.lock: file exists`);
    expect(overlay).toContain('read-only--see-kctx-guard-status');
    await sh.run('kctx-guard status');
    expect(stripSgr(sh.output())).toMatch(/pinned +this shell only/);
    expect(stripSgr(sh.output())).toMatch(/read-only +kubectl commands that write a kubeconfig/);
    await sh.run('kctx-guard doctor');
    expect(stripSgr(sh.output())).toContain("this shell's overlay (kctx-guard use/ns), read-only");
    await sh.run('command kubectl config use-context dev');
    expect(readFileSync(overlay!, 'utf8')).toBe(text);
    expect(readFileSync(t.kubeconfig, 'utf8')).toBe(KUBECONFIG);
    expect(shown(await sh.run('true'))).toBe('[pinned] ⎈ stage-cluster/stage:web');

    const typo = await sh.run('kctx-guard use stgae');
    expect(sh.output()).toContain('no context "stgae" in your kubeconfig files; did you mean "stage"?');
    expect((await sh.run('echo "KC=$KUBECONFIG"')).above).toBe(before.above);
    expect(shown(typo)).toBe('[pinned] ⎈ stage-cluster/stage:web');

    rmSync(overlay!);
    const gone = await sh.run('true');
    expect(gone.segment).toMatch(/^\[pinned\] ⎈ ✖ dev: this shell's kctx-guard overlay is gone/);
    await sh.run(`kubectl create namespace should-not-run; ${echoStatus(shell)}`);
    expect(sh.output()).toMatch(/kctx-guard: refusing: this shell's kctx-guard overlay is gone/);
    expect((await sh.run('true')).above).not.toBe('rc=0');
  }, 120_000);

  it('the daemon removes the overlays of a shell that is gone, not those of a live one', async () => {
    const { t, sh, overlays } = await setup(shell);
    const keeper = await ShellSession.start(shell, t);
    await keeper.run('kctx-guard use stage');
    await sh.run('kctx-guard use stage');
    expect(overlayFiles(overlays).length).toBe(2);
    await sh.kill();
    // The overlay goes first, then its lock: wait for both.
    const locks = (): number =>
      readdirSync(overlays).filter((name) => existsSync(join(overlays, name, `${OVERLAY_PREFIX}${name}.yaml.lock`)))
        .length;
    await waitUntil(
      async () => overlayFiles(overlays).length === 1 && locks() === 1,
      'the overlay of the shell that is gone and its lock are removed',
    );
    expect(shown(await keeper.run('true'))).toBe('[pinned] ⎈ stage-cluster/stage:web');
  }, 120_000);
});

// Shell-independent (the daemon's side of overlays): bash alone.
describe('isolation', () => {
  // One shell's `use` leaves every other pinned shell's entry alone: each overlay has a folder of its
  // own (so no other entry's freshness path changes) and ends KUBECONFIG (so no two pinned shells share
  // an entry name). A's entry is never rewritten (same inode) and stays fresh throughout.
  it("a use in one shell does not make another pinned shell's entry stale", async () => {
    const { t, sh: a } = await setup('bash');
    const b = await ShellSession.start('bash', t);

    expect(shown(await a.run('kctx-guard use stage'))).toBe('[pinned] ⎈ stage-cluster/stage:web');
    const kubeconfig = (await a.run('echo "KC=$KUBECONFIG"')).above.replace(/^KC=/, '');
    const ref = entryRef(t, kubeconfig);
    const entry = await waitForEntry(t, (read) => read.entry.details.context === 'stage', { ref });
    const paths = entry.entry.freshnessPaths;
    // The overlay's own folder is a freshness path; the folder of every overlay is not.
    expect(paths).toContain(dirname(kubeconfig.split(':')[0]!));
    expect(paths).not.toContain(join(t.cacheDir, 'overlays'));
    const inode = statSync(join(t.cacheDir, ref.name)).ino;

    for (const context of ['dev', 'stage', 'dev', 'stage', 'dev']) {
      expect((await b.run(`kctx-guard use ${context}`)).segment).toContain(`/${context}:`);
      // Fresh after every switch in B: the prompt in A would have drawn it without waiting.
      expect(isFresh(read(t, ref))).toBe(true);
    }
    expect(statSync(join(t.cacheDir, ref.name)).ino).toBe(inode);
    expect((await a.run('true')).segment).toBe('[pinned] ⎈ stage-cluster/stage:web');
  }, 120_000);
});
