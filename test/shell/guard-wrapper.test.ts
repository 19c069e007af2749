/**
 * The shell side of the guard in real interactive bash, zsh and fish: the `kubectl` and `helm`
 * functions decide with builtins which command lines go to `kctx-guard __guard`, pass stdin,
 * stdout and the exit status through, honour KCTX_GUARD_GUARD=off, catch aliases, fail closed
 * when the guard fails, and leave completion alone. Recording stand-ins for kubectl/helm (first
 * on PATH) and for the guard command show exactly what ran; the Node side's own decisions are
 * tested in guard-e2e.test.ts.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  cleanup,
  ensureBuilt,
  kubeconfigText,
  makeEnv,
  spawnDaemon,
  waitForContext,
  type TestEnv,
} from '../helpers/daemon.js';
import {
  envWithStandIns,
  finishLine,
  makeStandIns,
  runLine,
  startLine,
  writeHookWithCommand,
  type StandIns,
} from '../helpers/guard.js';
import { renderShim, SHIM_TOOLS } from '../../src/shell-tables/index.js';
import {
  attachStrace,
  closeAllShells,
  q,
  SHELL_KINDS,
  startShell,
  writeInit,
  type PtyShell,
  type ShellKind,
} from '../helpers/pty-shell.js';

const standIns: StandIns[] = [];

beforeAll(ensureBuilt);
afterEach(async () => {
  await closeAllShells();
  await cleanup();
  for (const s of standIns.splice(0)) rmSync(s.dir, { recursive: true, force: true });
});

const MARK = '@P@';

function promptSetup(kind: ShellKind): string {
  switch (kind) {
    case 'bash':
      return `PS1='${MARK} '`;
    case 'zsh':
      return `PROMPT='${MARK} '`;
    case 'fish':
      return `function fish_prompt; echo -n '${MARK} '; end; function fish_title; end; set -g fish_greeting`;
  }
}

interface Setup {
  t: TestEnv;
  s: StandIns;
  shell: PtyShell;
}

/**
 * A daemon serving a kubeconfig aimed at `dev` (unclassified) with a `prod-eu` context too, and an
 * interactive shell with the stand-ins first on PATH. `guard: 'standin'` loads the hook with the
 * guard stand-in as its command; `'real'` loads what `init` prints.
 */
async function setup(kind: ShellKind, guard: 'standin' | 'real', before = ''): Promise<Setup> {
  const t = makeEnv();
  const s = makeStandIns();
  standIns.push(s);
  mkdirSync(t.kubeDir);
  writeFileSync(
    t.kubeconfig,
    kubeconfigText('dev', [
      { name: 'dev', cluster: 'dev-cluster' },
      { name: 'prod-eu', cluster: 'prod-eu-1' },
    ]),
  );
  await spawnDaemon(t);
  await waitForContext(t, 'dev');
  const hook =
    guard === 'standin' ? writeHookWithCommand(s.dir, kind, [s.guardCommand]) : writeInit(t.root, kind, t.env);
  const shell = await startShell(kind, envWithStandIns(t, s), t.home);
  shell.line(`${promptSetup(kind)}; ${before}${before ? '; ' : ''}source ${q(hook)}`);
  await shell.waitFor((out) => out.includes(`dev-cluster/dev:default ${MARK}`), 'a prompt with the segment');
  s.clearLogs();
  return { t, s, shell };
}

/**
 * [command line, reaches the guard] — every one runs the stand-in (the guard stand-in says yes).
 * Only the read-only forms skip the guard; test/shell/guard-allowlist.test.ts holds every row of
 * the table, this the wrappers' whole path (argv intact, the binary run after the guard).
 */
const TABLE: [string, boolean][] = [
  ['kubectl get pods', false],
  ['kubectl -n kube-system get pods', false],
  ['kubectl --context x -n y get pods', false],
  ['kubectl --context prod-eu get pods -o wide', false],
  ['kubectl logs -f deploy/web', false],
  ['kubectl config current-context', false],
  ['kubectl config get-contexts', false],
  ['kubectl __complete delete ns ""', false],
  ['kubectl delete --help', false],
  ['kubectl foo bar', true],
  ['kubectl --context prod-eu foo bar', true],
  ['kubectl cluster-info dump', true],
  ['kubectl exec web -- ls', true],
  ['kubectl port-forward svc/db 5432', true],
  ['kubectl delete namespace prod', true],
  ['kubectl --context=prod-eu delete pod web-1', true],
  ['kubectl drain node-1 --ignore-daemonsets', true],
  ['kubectl apply -f app.yaml', true],
  ['kubectl replace -f app.yaml', true],
  ['kubectl scale deploy/web --replicas 3', true],
  ['kubectl -v 4 config delete-context old', true],
  ['kubectl config use-context prod-eu', true],
  ['kubectl --some-new-flag value get pods', true],
  ['helm list', false],
  ['helm list -A', false],
  ['helm status web', false],
  ['helm install web ./chart', true],
  ['helm --kube-context prod-eu upgrade web ./chart', true],
  ['helm uninstall web', true],
  ['helm un web', true],
  ['helm rollback web 3', true],
  ['helm diff upgrade web ./chart', true],
];

/** How the stand-ins log an argv. */
const logged = (words: string[]): string => words.map((word) => ` [${word}]`).join('');

describe.each(SHELL_KINDS)('%s: the kubectl and helm wrappers', (kind) => {
  it('send every command line but the read-only ones to the guard, with their argv intact', {
    timeout: 120_000,
  }, async () => {
    const { s, shell } = await setup(kind, 'standin');
    const wrong: string[] = [];
    for (const [command, guarded] of TABLE) {
      s.clearLogs();
      const result = await runLine(shell, command);
      const words = command.split(' ').map((word) => (word === '""' ? '' : word));
      const [tool, ...args] = words;
      if (result.status !== 0) wrong.push(`${command}: status ${result.status}`);
      if (s.toolLog() !== `${tool}${logged(args)}\n`)
        wrong.push(`${command}: the stand-in logged ${JSON.stringify(s.toolLog())}`);
      const expectedGuard = guarded ? `guard${logged(['__guard', tool!, '--', ...args])} stdin=/dev/null\n` : '';
      if (s.guardLog() !== expectedGuard)
        wrong.push(
          `${command}: the guard ${guarded ? 'should' : 'should not'} run; it logged ${JSON.stringify(s.guardLog())}`,
        );
    }
    expect(wrong).toEqual([]);
  });

  it('pass stdin, stdout and the exit status through, guarded or not; the guard gets no stdin and writes no stdout', async () => {
    const { s, shell } = await setup(kind, 'standin');
    s.toolStatus(7);
    let result = await runLine(shell, "printf 'line one\\nline two\\n' | kubectl diff -f -");
    expect(result.status).toBe(7);
    expect(s.toolLog()).toBe('kubectl [diff] [-f] [-]\nstdin:line one\nline two\n\n');
    expect(s.guardLog()).toBe('');

    s.clearLogs();
    result = await runLine(shell, 'kubectl get pods 2>/dev/null | tr a-z A-Z');
    expect(result.output).toContain('STANDIN STDOUT');
    expect(result.output).not.toContain('standin stderr');

    s.clearLogs();
    s.toolStatus(0);
    result = await runLine(shell, "printf 'to delete\\n' | kubectl delete -f - 2>/dev/null | tr a-z A-Z");
    expect(result.status).toBe(0);
    expect(s.guardLog()).toBe(`guard${logged(['__guard', 'kubectl', '--', 'delete', '-f', '-'])} stdin=/dev/null\n`);
    expect(s.toolLog()).toBe('kubectl [delete] [-f] [-]\nstdin:to delete\n\n');
    expect(result.output).toContain('STANDIN STDOUT');
    expect(result.output).not.toContain('GUARD STDOUT');
  });

  it('KCTX_GUARD_GUARD=off runs the binary directly, read at each call; an alias k=kubectl is guarded', async () => {
    const { s, shell } = await setup(kind, 'standin');
    await runLine(shell, kind === 'fish' ? 'set -gx KCTX_GUARD_GUARD off' : 'export KCTX_GUARD_GUARD=off');
    expect((await runLine(shell, 'kubectl delete namespace prod')).status).toBe(0);
    expect(s.toolLog()).toBe('kubectl [delete] [namespace] [prod]\n');
    expect(s.guardLog()).toBe('');

    s.clearLogs();
    await runLine(shell, kind === 'fish' ? 'set -e KCTX_GUARD_GUARD' : 'unset KCTX_GUARD_GUARD');
    await runLine(shell, kind === 'fish' ? 'alias k=kubectl' : "alias k='kubectl'");
    expect((await runLine(shell, 'k delete namespace prod')).status).toBe(0);
    expect(s.guardLog()).toContain('guard [__guard] [kubectl] [--] [delete] [namespace] [prod]');
    expect(s.toolLog()).toBe('kubectl [delete] [namespace] [prod]\n');
  });

  it('fail closed: an abort (1) or a failed guard (any other status) runs nothing', async () => {
    const { s, shell } = await setup(kind, 'standin');
    s.guardStatus(1);
    let result = await runLine(shell, 'kubectl delete namespace prod');
    expect(result.status).toBe(1);
    expect(s.guardLog()).not.toBe('');
    expect(s.toolLog()).toBe('');
    expect(result.output).not.toContain('the guard failed');

    s.clearLogs();
    s.guardStatus(3);
    result = await runLine(shell, 'helm uninstall web');
    expect(result.status).toBe(1);
    expect(s.toolLog()).toBe('');
    expect(result.output).toContain(
      'kctx-guard: the guard failed (status 3); not running helm. Set KCTX_GUARD_GUARD=off to bypass.',
    );

    // A command that needs no guard still runs while the guard is broken.
    s.clearLogs();
    expect((await runLine(shell, 'kubectl get pods')).status).toBe(0);
    expect(s.toolLog()).toBe('kubectl [get] [pods]\n');
  });

  it('with the real guard, what reaches it on an unclassified cluster runs without a question: apply, a plugin, helm install, use-context', async () => {
    const { s, shell } = await setup(kind, 'real');
    const wrong: string[] = [];
    for (const line of [
      'kubectl apply -f app.yaml',
      'kubectl foo bar',
      'helm install web ./chart',
      'kubectl config use-context dev',
    ]) {
      s.clearLogs();
      const result = await runLine(shell, line, 20_000);
      const [tool, ...args] = line.split(' ');
      if (result.status !== 0 || /Type the cluster name|kctx-guard:/.test(result.output))
        wrong.push(`${line}: status ${result.status}, ${JSON.stringify(result.output)}`);
      if (s.toolLog() !== `${tool}${logged(args)}\n`) wrong.push(`${line}: the stand-in logged ${s.toolLog()}`);
    }
    expect(wrong).toEqual([]);
  });

  it('kubecolor is kubectl to the guard (alias kubectl=kubecolor, k=kubecolor); its own flags are not kubectl flags', async () => {
    const { s, shell } = await setup(kind, 'standin');
    await runLine(
      shell,
      kind === 'fish' ? 'alias kubectl=kubecolor; alias k=kubecolor' : 'alias kubectl=kubecolor k=kubecolor',
    );
    for (const line of ['kubectl delete namespace prod', 'k delete namespace prod']) {
      s.clearLogs();
      expect((await runLine(shell, line)).status).toBe(0);
      expect(s.guardLog()).toBe(
        `guard${logged(['__guard', 'kubectl', '--', 'delete', 'namespace', 'prod'])} stdin=/dev/null\n`,
      );
      // The real kubecolor ran the stand-in kubectl from PATH with the same arguments.
      expect(s.toolLog()).toBe('kubectl [delete] [namespace] [prod]\n');
    }
    s.clearLogs();
    await runLine(shell, 'kubectl --force-colors get pods');
    expect(s.guardLog()).toBe('');
    expect(s.toolLog()).toBe('kubectl [get] [pods]\n');
  });

  it('with the PATH shim first on PATH, each command is asked about once: typed, piped, in $(…), through kubecolor, command, xargs', async () => {
    const { s, shell } = await setup(kind, 'standin');
    const shim = join(s.dir, 'shim');
    mkdirSync(shim, { mode: 0o700 });
    for (const tool of SHIM_TOOLS)
      writeFileSync(join(shim, tool), renderShim(tool, shim, s.guardCommand), { mode: 0o755 });
    await runLine(shell, kind === 'fish' ? `set -gx PATH ${q(shim)} $PATH` : `export PATH=${q(shim)}:$PATH`);
    const call = `guard${logged(['__guard', 'kubectl', '--', 'delete', 'namespace', 'prod'])} stdin=/dev/null\n`;
    const subst = kind === 'fish' ? 'echo (kubectl delete namespace prod)' : 'echo $(kubectl delete namespace prod)';
    const lines = [
      'kubectl delete namespace prod',
      'kubectl delete namespace prod | cat',
      subst,
      'kubecolor delete namespace prod',
      'command kubectl delete namespace prod',
      'echo prod | xargs kubectl delete namespace',
    ];
    const wrong: string[] = [];
    for (const line of lines) {
      s.clearLogs();
      const result = await runLine(shell, line);
      if (result.status !== 0) wrong.push(`${line}: status ${result.status}`);
      if (s.guardLog() !== call) wrong.push(`${line}: the guard logged ${JSON.stringify(s.guardLog())}`);
      if (!s.toolLog().startsWith('kubectl [delete] [namespace] [prod]\n'))
        wrong.push(`${line}: the stand-in logged ${JSON.stringify(s.toolLog())}`);
    }
    expect(wrong).toEqual([]);
  });

  it('read-only commands start no process but the binary itself (no node); a plugin verb and a delete start the guard', {
    timeout: 120_000,
  }, async () => {
    const { s, shell } = await setup(kind, 'real');
    const readOnly = [
      'kubectl get pods',
      'kubectl --context x -n y get pods',
      'kubectl config current-context',
      'helm list',
    ];
    const trace = await attachStrace(shell.pid, ['execve'], join(s.dir, `strace-${kind}.txt`));
    for (const line of readOnly) await runLine(shell, line);
    await trace.stop();
    const execs = trace.lines.filter((line) => /execve\(/.test(line) && !/= -1 ENOENT/.test(line));
    expect(execs).toHaveLength(readOnly.length);
    const binaries = [join(s.binDir, 'kubectl'), join(s.binDir, 'helm')].map((path) => `"${path}"`);
    expect(execs.filter((line) => !binaries.some((binary) => line.includes(binary)))).toEqual([]);
    expect(s.toolLog()).toBe(
      'kubectl [get] [pods]\nkubectl [--context] [x] [-n] [y] [get] [pods]\nkubectl [config] [current-context]\nhelm [list]\n',
    );

    // Control: the same measurement sees node started for `__guard`: a plugin verb (on this
    // unclassified cluster the guard then runs it), and a delete of a protected namespace.
    s.clearLogs();
    const control = await attachStrace(shell.pid, ['execve'], join(s.dir, `strace-${kind}-control.txt`));
    await runLine(shell, 'kubectl foo bar', 20_000);
    // The real guard asks for the cluster name (prod is a protected namespace): answer wrongly.
    const started = await startLine(
      shell,
      'kubectl delete namespace prod',
      /Type the cluster name|the guard failed/,
      20_000,
    );
    if (/Type the cluster name/.test(shell.output().slice(started.from))) shell.type('not-the-cluster\r');
    await finishLine(shell, started, 20_000);
    await control.stop();
    expect(s.toolLog()).toBe('kubectl [foo] [bar]\n');
    const traced = control.lines.join('\n');
    expect(traced).toContain(`"${BIN}", "__guard", "kubectl", "--", "foo", "bar"`);
    expect(traced).toContain(`"${BIN}", "__guard", "kubectl", "--", "delete", "namespace", "prod"`);
  });
});

describe('completion set up for kubectl survives the wrappers', () => {
  it('bash: complete -p kubectl is unchanged', async () => {
    const { shell } = await setup(
      'bash',
      'standin',
      '_kg_comp() { COMPREPLY=(fromtest); }; complete -F _kg_comp kubectl',
    );
    expect((await runLine(shell, 'complete -p kubectl')).output).toContain('complete -F _kg_comp kubectl');
  });

  it('zsh: the compdef for kubectl is unchanged', async () => {
    const { shell } = await setup(
      'zsh',
      'standin',
      'autoload -Uz compinit; compinit -u -D; _kg_comp() { compadd fromtest }; compdef _kg_comp kubectl',
    );
    expect((await runLine(shell, 'print -r -- "comp=${_comps[kubectl]}"')).output).toMatch(/comp=_kg_comp\r?\n/);
  });

  it('fish: complete -c kubectl is unchanged', async () => {
    const { shell } = await setup('fish', 'standin', 'complete -c kubectl -f -a fromtest');
    expect((await runLine(shell, 'complete -c kubectl')).output).toMatch(/complete .*kubectl.* fromtest/);
  });
});
