/**
 * shell/tmux-status.sh, the tmux status-line segment, for the default kubeconfig (run without the
 * pane arguments, as a pane without a hooked shell is shown: marked `[default]`): against real cache
 * entries written by `__refresh` and by the daemon (fresh, stale, missing), and drawn by a real tmux
 * status line. Panes: tmux-panes.test.ts.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseEntry } from '../../src/cache/index.js';
import { plainSegment } from '../../src/render/index.js';
import {
  cleanup,
  cli,
  ensureBuilt,
  entryRef,
  kubeconfigText,
  makeEnv,
  REPO,
  spawnDaemon,
  waitForEntry,
  waitUntil,
  type TestEnv,
} from '../helpers/daemon.js';

const SCRIPT = join(REPO, 'dist', 'shell', 'tmux-status.sh');
/** A context name (kubeconfigText quotes names, not servers) that tmux would run, expand and style. */
// Short enough (38 visible characters) that the display length keeps it whole.
const HOSTILE = 'p-#(touch PWNED)#{S}#[fg=green]\u001b[32m';
const UNKNOWN = /^#\[fg=red,bold\]⎈ \? unknown.*#\[default\]\n$/;
const execFileAsync = promisify(execFile);

/** How the script marks what it shows for no pane of a hooked shell: the default kubeconfig's target. */
const DEFAULT_MARK = '#[dim][default]#[nodim] ';

/** The script's output without pane arguments, after its `[default]` mark. */
function status(t: TestEnv): string {
  const result = spawnSync('bash', [SCRIPT], { env: t.env, cwd: t.home, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout.startsWith(DEFAULT_MARK)).toBe(true);
  return result.stdout.slice(DEFAULT_MARK.length);
}

function writeKubeconfig(t: TestEnv, current: string, contexts: { name: string; cluster?: string }[]): void {
  mkdirSync(t.kubeDir, { recursive: true });
  writeFileSync(t.kubeconfig, kubeconfigText(current, contexts));
}

/** The default entry's file (KUBECONFIG unset, the environment's HOME). */
const defaultEntry = (t: TestEnv): string => join(t.cacheDir, entryRef(t).name);

/** The plain segment of the default entry, as the daemon wrote it. */
const plain = (t: TestEnv): string => plainSegment(parseEntry(readFileSync(defaultEntry(t), 'utf8')).segment);

/** Writes the default entry as a shell's synchronous fallback would. */
const refresh = (t: TestEnv) => cli(t, ['__refresh', entryRef(t).name, entryRef(t).key]);

beforeAll(() => ensureBuilt());
afterEach(() => cleanup());

describe('shell/tmux-status.sh', () => {
  it('prints the fresh default entry in its level colour, with # doubled and no control characters', async () => {
    const t = makeEnv();
    writeKubeconfig(t, HOSTILE, [{ name: HOSTILE, cluster: 'prod-eu' }]);
    expect((await refresh(t)).code).toBe(0);
    const out = status(t);
    expect(out).toBe(`#[fg=red,bold]${plain(t).replaceAll('#', '##')}#[default]\n`);
    expect(out).toContain('p-##(touch PWNED)##{S}##[fg=green]^[[32m');
    expect(out.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('colours each level: warn yellow, safe green, unclassified default', async () => {
    const t = makeEnv();
    for (const [name, style] of [
      ['staging', '#[fg=yellow]'],
      ['kind-dev', '#[fg=green]'],
      ['team-a', '#[default]'],
    ] as const) {
      writeKubeconfig(t, name, [{ name }]);
      expect((await refresh(t)).code).toBe(0);
      expect(status(t)).toBe(`${style}${plain(t)}#[default]\n`);
    }
  });

  it('says unknown when the entry is missing, stale or made for another KUBECONFIG', async () => {
    const t = makeEnv();
    expect(status(t)).toMatch(UNKNOWN);
    writeKubeconfig(t, 'prod', [{ name: 'prod' }, { name: 'dev' }]);
    expect((await refresh(t)).code).toBe(0);
    expect(status(t)).toMatch(/^#\[fg=red,bold\]⎈ prod/);
    // kubectl config use-context dev, with no daemon to rewrite the entry: stale.
    writeKubeconfig(t, 'dev', [{ name: 'prod' }, { name: 'dev' }]);
    expect(status(t)).toMatch(UNKNOWN);
    expect(status(t)).toContain('stale');
    const other = readFileSync(defaultEntry(t), 'utf8').replace(/^(kctx-guard-entry 2\n)[^\n]*\n/, '$1%2Fother\n');
    writeFileSync(defaultEntry(t), other);
    expect(status(t)).toMatch(UNKNOWN);
  });

  it('follows the daemon: the switch shows at once, never the old target', async () => {
    const t = makeEnv();
    writeKubeconfig(t, 'prod', [{ name: 'prod' }, { name: 'staging' }]);
    await spawnDaemon(t);
    await waitForEntry(t, (entry) => entry.entry.details.context === 'prod');
    expect(status(t)).toMatch(/^#\[fg=red,bold\]⎈ prod/);
    writeKubeconfig(t, 'staging', [{ name: 'prod' }, { name: 'staging' }]);
    // Right after the write: either still unknown (daemon not done) or already staging.
    expect(status(t)).toMatch(/^(#\[fg=red,bold\]⎈ \? unknown|#\[fg=yellow\]⎈ staging)/);
    await waitForEntry(t, (entry) => entry.entry.details.context === 'staging');
    expect(status(t)).toMatch(/^#\[fg=yellow\]⎈ staging/);
  });

  it('draws in a real tmux status line: colours applied, hostile # sequences shown literally, nothing run', async () => {
    const t = makeEnv();
    writeKubeconfig(t, HOSTILE, [{ name: HOSTILE, cluster: 'prod-eu' }]);
    expect((await refresh(t)).code).toBe(0);
    const inner = join(t.root, 'inner.sock');
    const outer = join(t.root, 'outer.sock');
    const tmux = (socket: string, args: string[], env: Record<string, string> = t.env) =>
      execFileAsync('tmux', ['-S', socket, '-f', '/dev/null', ...args], { env, cwd: t.root, encoding: 'utf8' });
    try {
      await tmux(inner, [
        'new-session',
        '-d',
        '-x',
        '150',
        '-y',
        '5',
        ';',
        'set',
        '-g',
        'status-interval',
        '1',
        ';',
        'set',
        '-g',
        'status-right-length',
        '150',
        ';',
        'set',
        '-g',
        'status-left',
        '',
        ';',
        'set',
        '-g',
        'status-style',
        'default',
        ';',
        'set',
        '-g',
        'status-right',
        `#(${SCRIPT})`,
      ]);
      // The status line is only drawn for a client: attach one inside another tmux and read its screen.
      await tmux(outer, [
        'new-session',
        '-d',
        '-x',
        '150',
        '-y',
        '7',
        '--',
        'env',
        'TERM=screen-256color',
        'tmux',
        '-S',
        inner,
        'attach',
      ]);
      let line = '';
      await waitUntil(async () => {
        const screen = (await tmux(outer, ['capture-pane', '-p', '-e'])).stdout.trimEnd().split('\n');
        line = screen[screen.length - 1] ?? '';
        return line.includes('prod-');
      }, 'the status line shows the segment');
      expect(line).toContain('\u001b[1m\u001b[31m');
      expect(line).toContain('p-#(touch PWNED)#{S}#[fg=green]^[[32m');
      expect(existsSync(join(t.root, 'PWNED'))).toBe(false);
    } finally {
      await tmux(outer, ['kill-server']).catch(() => undefined);
      await tmux(inner, ['kill-server']).catch(() => undefined);
    }
  });
});
