/**
 * The tmux status line follows the active pane (shell/tmux-status.sh with `#{pid} #{pane_id}`): with
 * a real tmux, real interactive bash, zsh and fish with the hook and the real daemon. One pane runs a hooked shell
 * on the default kubeconfig, one a nested hooked shell on another KUBECONFIG, one a shell without the
 * hook (shown as the default, marked); the nested shell's exit and the pane's close are followed, a
 * command started with another KUBECONFIG without the hook is called out, and the daemon removes the
 * pane files of shells that are gone.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { PANE_MAGIC } from '../../src/cache/index.js';
import { shq, UTF8_LOCALE, writeRc } from '../harness/index.mjs';
import { SHELLS, shellEnv, type ShellName } from '../helpers/tmux.js';
import {
  BIN,
  cleanup,
  ensureBuilt,
  entryRef,
  isAlive,
  kubeconfigText,
  makeEnv,
  REPO,
  register,
  spawnDaemon,
  waitForContext,
  waitForEntry,
  waitUntil,
  type TestEnv,
} from '../helpers/daemon.js';

const SCRIPT = join(REPO, 'dist', 'shell', 'tmux-status.sh');
const DANGER = '\u001b[1m\u001b[31m';
const run = promisify(execFile);

beforeAll(() => ensureBuilt());
afterEach(() => cleanup());

/** The user's rc file with the init line, and the command that starts that shell in a pane. */
function hookedShell(t: TestEnv, shell: ShellName): string {
  const node = shq(process.execPath);
  const bin = shq(BIN);
  const lines = {
    bash: ["PS1='$ '", `eval "$(${node} ${bin} init bash)"`],
    zsh: ["PROMPT='$ '", `eval "$(${node} ${bin} init zsh)"`],
    fish: ["set -g fish_greeting ''", "function fish_prompt; printf '$ '; end", `${node} ${bin} init fish | source`],
  }[shell];
  const launch = writeRc(t, shell, lines);
  return ['env', ...Object.entries(launch.env).map(([name, value]) => `${name}=${value}`), ...launch.argv]
    .map(shq)
    .join(' ');
}

it.each(SHELLS)(
  '%s: shows the active pane: its own shell, a nested shell on another KUBECONFIG, the default for a pane without the hook',
  async (shell) => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('kind-dev', [{ name: 'kind-dev' }]));
    const prod = join(t.root, 'prod.yaml');
    writeFileSync(prod, kubeconfigText('prod', [{ name: 'prod', cluster: 'prod-eu' }]));
    await spawnDaemon(t, { extraEnv: { NODE_ENV: 'test', KCTX_GUARD_TEST_OVERLAY_SWEEP_MS: '200' } });
    await waitForContext(t, 'kind-dev');
    const hooked = hookedShell(t, shell);
    // The tmux server's environment is its panes' and its status jobs': the test's folders, nothing of the runner's.
    const env = shellEnv(t, UTF8_LOCALE);
    const inner = join(t.root, 'inner.sock');
    const outer = join(t.root, 'outer.sock');
    const tmux = async (socket: string, args: string[]) =>
      (await run('tmux', ['-S', socket, '-f', '/dev/null', ...args], { env, cwd: t.root, encoding: 'utf8' })).stdout;
    const panes = join(t.cacheDir, 'panes');
    const paneFiles = (pane: string): string[] =>
      existsSync(panes) ? readdirSync(panes).filter((name) => name.split('-')[1] === pane.slice(1)) : [];
    try {
      const options = [
        ['status-interval', '1'],
        ['status-left', ''],
        ['status-right-length', '200'],
        ['status-style', 'default'],
      ];
      await tmux(inner, ['new-session', '-d', '-x', '160', '-y', '10', hooked]);
      for (const option of options) await tmux(inner, ['set', '-g', ...option]);
      await tmux(inner, ['set', '-g', 'status-right', `#(${SCRIPT} #{pid} #{pane_id})`]);
      const first = (await tmux(inner, ['display', '-p', '#{pane_id}'])).trim();
      const nested = (await tmux(inner, ['split-window', '-h', '-P', '-F', '#{pane_id}', hooked])).trim();
      const plain = (await tmux(inner, ['split-window', '-P', '-F', '#{pane_id}', 'sh'])).trim();
      await waitUntil(
        async () => paneFiles(first).length === 1 && paneFiles(nested).length === 1,
        'both hooked shells publish',
      );
      await tmux(inner, ['send-keys', '-t', nested, `KUBECONFIG=${shq(prod)} ${hooked}`, 'Enter']);
      await waitUntil(async () => paneFiles(nested).length === 2, 'the nested shell publishes');

      // The status line is drawn only for a client: attach one inside another tmux and read its last line.
      await tmux(outer, [
        'new-session',
        '-d',
        '-x',
        '160',
        '-y',
        '12',
        '--',
        'env',
        'TERM=screen-256color',
        'tmux',
        '-S',
        inner,
        'attach',
      ]);
      const statusLine = async (): Promise<string> =>
        (await tmux(outer, ['capture-pane', '-p', '-e'])).trimEnd().split('\n').at(-1) ?? '';
      const showing = async (pane: string, wanted: (line: string) => boolean, what: string): Promise<string> => {
        await tmux(inner, ['select-pane', '-t', pane]);
        let line = '';
        try {
          await waitUntil(async () => {
            line = await statusLine();
            return wanted(line);
          }, what);
        } catch (error) {
          throw new Error(`${(error as Error).message}; last status line: ${JSON.stringify(line)}`);
        }
        return line;
      };
      const prodLine = await showing(nested, (line) => line.includes('prod-eu'), 'the nested shell’s prod target');
      expect(prodLine).toContain(DANGER);
      expect(prodLine).not.toContain('[default]');
      const devLine = await showing(
        first,
        (line) => line.includes('kind-dev') && !line.includes('prod'),
        'the first pane’s target',
      );
      expect(devLine).not.toContain('[default]');
      await showing(
        plain,
        (line) => line.includes('[default]') && line.includes('kind-dev'),
        'the default, marked, for a pane without the hook',
      );
      await showing(nested, (line) => line.includes('prod-eu'), 'the nested shell again');

      // exit: the nested shell is gone, its parent's target shows, and the daemon removes its file.
      await tmux(inner, ['send-keys', '-t', nested, 'exit', 'Enter']);
      await waitUntil(async () => !(await statusLine()).includes('prod'), 'the pane shows its first shell again');
      expect(await statusLine()).toContain('kind-dev');
      await waitUntil(async () => paneFiles(nested).length === 1, 'the daemon removes the nested shell’s pane file');
      await tmux(inner, ['kill-pane', '-t', nested]);
      await waitUntil(async () => paneFiles(nested).length === 0, 'the daemon removes the closed pane’s file');
      expect(paneFiles(first).length).toBe(1);

      // A command started with another KUBECONFIG and no hook (a plain sh): the pane says so, loudly,
      // instead of showing its shell's target; when it ends, the shell's target is back.
      await tmux(inner, ['send-keys', '-t', first, `KUBECONFIG=${shq(prod)} sh`, 'Enter']);
      const foreign = await showing(first, (line) => line.includes('another KUBECONFIG'), 'the foreign sh');
      expect(foreign).toContain(`${DANGER}⎈ ? sh runs with another KUBECONFIG`);
      expect(foreign).not.toContain('kind-dev');
      await tmux(inner, ['send-keys', '-t', first, 'exit', 'Enter']);
      await showing(first, (line) => line.includes('kind-dev'), 'the shell’s own target after sh exits');
    } finally {
      // The shells must be gone before the temp HOME is removed (fish writes into it as it exits).
      const shells = (await tmux(inner, ['list-panes', '-a', '-F', '#{pane_pid}']).catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map(Number);
      await tmux(outer, ['kill-server']).catch(() => undefined);
      await tmux(inner, ['kill-server']).catch(() => undefined);
      await waitUntil(async () => !shells.some(isAlive), 'the panes’ shells exit');
    }
  },
  120_000,
);

it('ignores pane files of shells that are gone and forged ones, and shows the default then', async () => {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, kubeconfigText('kind-dev', [{ name: 'kind-dev' }]));
  await spawnDaemon(t);
  await waitForContext(t, 'kind-dev');
  const prod = join(t.root, 'prod.yaml');
  writeFileSync(prod, kubeconfigText('prod', [{ name: 'prod', cluster: 'prod-eu' }]));
  const ref = entryRef(t, prod);
  register(t, prod);
  await waitForEntry(t, (read) => read.entry.details.context === 'prod', { ref });
  const gone = spawnSync('true').pid!;
  const server = process.pid;
  const pane = (shell: number, lines: string[]) =>
    writeFileSync(join(t.cacheDir, 'panes', `${server}-5-${shell}`), `${lines.join('\n')}\n`);
  const segment = () =>
    spawnSync('bash', [SCRIPT, String(server), '%5'], { env: t.env, cwd: t.home, encoding: 'utf8' }).stdout;
  // A live shell (this process) with a start time that is not its own: a reused pid.
  pane(process.pid, [PANE_MAGIC, '2', '1', ref.name, ref.key]);
  pane(gone, [PANE_MAGIC, '3', '0', ref.name, ref.key]);
  expect(segment()).toMatch(/^#\[dim\]\[default\]#\[nodim\] .*kind-dev/);
  // An entry name that climbs out of the cache folder, and a wrong header: ignored too.
  pane(process.pid, [PANE_MAGIC, '2', '0', '../escape', ref.key]);
  expect(segment()).toContain('[default]');
  pane(process.pid, ['kctx-guard-pane 0', '2', '0', ref.name, ref.key]);
  expect(segment()).toContain('[default]');
  // The same file, right: the prod entry it names.
  pane(process.pid, [PANE_MAGIC, '2', '0', ref.name, ref.key]);
  expect(segment()).toMatch(/^#\[fg=red,bold\]\[KUBECONFIG=prod\.yaml\] ⎈ prod-eu\/prod/);
});
