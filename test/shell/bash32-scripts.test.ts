/**
 * The standalone scripts (starship's custom module, the tmux segment, and the entry reader they
 * source) in a real bash 3.2, as a stock Mac runs them, against entries the daemon wrote. bash 3.2's
 * `-nt` compares whole seconds and an entry's mtime is 2 µs above its newest source's, so it cannot
 * tell fresh from stale within that second: the scripts say so plainly, never show old data, and
 * show the entry once it is a whole second newer than its sources. Needs KCTX_BASH32 (a bash 3.2
 * binary; docs/recipes.md says how to build one) and says so when it is absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEntry, REGISTER_MAGIC } from '../../src/cache/index.js';
import { plainSegment } from '../../src/render/index.js';
import {
  cleanup,
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

const BASH32 = process.env['KCTX_BASH32'];
const TMUX = join(REPO, 'dist', 'shell', 'tmux-status.sh');
const STARSHIP = join(REPO, 'dist', 'shell', 'kctx-guard-starship.bash');
const COARSE = /bash 3\.2 compares file times in whole seconds: brew install bash/;

afterEach(() => cleanup());

function run(bash: string, t: TestEnv, what: 'tmux' | 'starship', extra: Record<string, string> = {}): string {
  const result =
    what === 'tmux'
      ? spawnSync(bash, [TMUX], { env: { ...t.env, ...extra }, cwd: t.home, encoding: 'utf8' })
      : // As starship runs its custom module: `shell` with the command on stdin.
        spawnSync(bash, ['--noprofile', '--norc'], {
          input: `source '${STARSHIP}'`,
          env: { ...t.env, ...extra },
          cwd: t.home,
          encoding: 'utf8',
        });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return what === 'tmux' ? withoutDefaultMark(result.stdout) : withoutColour(result.stdout);
}

/** The tmux segment without pane arguments shows the default entry, marked as such (tmux-panes.test.ts). */
function withoutDefaultMark(out: string): string {
  expect(out.startsWith('#[dim][default]#[nodim] ')).toBe(true);
  return out.slice('#[dim][default]#[nodim] '.length);
}

/** The starship module's text without its one SGR colour around it (starship.test.ts checks the colours). */
function withoutColour(out: string): string {
  const match = /^\u001b\[[0-9;]*m([^\u001b]*)\u001b\[0m$/.exec(out);
  expect(match, JSON.stringify(out)).not.toBeNull();
  return match![1]!;
}

/** Sets an entry's mtime to `seconds` since the epoch, exactly (what a whole-second-rounding writer would leave). */
function setMtime(file: string, seconds: number): void {
  utimesSync(file, seconds, seconds);
}

describe('the standalone scripts in a real bash 3.2 (KCTX_BASH32)', () => {
  if (!BASH32) {
    it.skip('KCTX_BASH32 is not set: no real bash 3.2 here, so these tests did NOT run (docs/recipes.md: building bash 3.2)', () => {});
    return;
  }
  ensureBuilt();

  it('is bash 3.2', () => {
    expect(spawnSync(BASH32, ['-c', 'echo "$BASH_VERSION"'], { encoding: 'utf8' }).stdout).toMatch(/^3\.2\./);
  });

  it('reads the daemon’s entry: unsure within the second (says why, shows no data), the segment once it is a second newer, stale once a source changes', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir, { recursive: true });
    writeFileSync(t.kubeconfig, kubeconfigText('prod', [{ name: 'prod', cluster: 'prod-eu', namespace: 'payments' }]));
    const daemon = await spawnDaemon(t);
    await waitForEntry(t, (entry) => entry.entry.details.context === 'prod');
    const file = join(t.cacheDir, entryRef(t).name);
    // Rewrite the source early in a second and hold the daemon once it has followed: the entry is then
    // as written, before the daemon moves it to the next whole second (src/daemon/promote.ts).
    await new Promise((done) => setTimeout(done, 1000 - (Date.now() % 1000) + 20));
    writeFileSync(t.kubeconfig, kubeconfigText('prod', [{ name: 'prod', cluster: 'prod-eu', namespace: 'payments' }]));
    await waitUntil(() => statSync(file).mtimeMs > statSync(t.kubeconfig).mtimeMs, 'the entry follows the rewrite');
    daemon.proc.kill('SIGSTOP');
    const fresh = await waitForEntry(t, (entry) => entry.entry.details.context === 'prod');
    const plain = plainSegment(parseEntry(readFileSync(file, 'utf8')).segment);
    const sources = fresh.entry.freshnessPaths;
    const newest = Math.max(...sources.map((path) => statSync(path).mtimeMs)) / 1000;

    // As the daemon wrote it: 2 µs above the newest source, so (but for a source written in the last
    // 2 µs of a second) within that source's second.
    expect(Math.floor(statSync(file).mtimeMs / 1000)).toBe(Math.floor(newest));
    expect(run(BASH32, t, 'tmux')).toMatch(COARSE);
    expect(run(BASH32, t, 'tmux')).not.toContain('prod');
    expect(run(BASH32, t, 'starship')).toMatch(COARSE);
    // bash 5 compares nanoseconds: it shows the entry.
    expect(run('bash', t, 'starship')).toBe(`[danger] ${plain}`);

    daemon.proc.kill('SIGCONT');
    // Once that second has passed with the sources unchanged, the daemon dates the entry at the next
    // whole second (src/daemon/promote.ts): bash 3.2 can tell, and shows what bash 5 shows.
    await waitUntil(
      () => Math.floor(statSync(file).mtimeMs / 1000) > Math.floor(newest),
      'the daemon moves the entry to the next whole second',
      3000,
    );
    expect(run(BASH32, t, 'tmux')).toBe(`#[fg=red,bold]${plain}#[default]\n`);
    expect(run(BASH32, t, 'tmux')).toBe(run('bash', t, 'tmux'));
    expect(run(BASH32, t, 'starship')).toBe(`[danger] ${plain}`);

    // A source a whole second newer than the entry: stale, in both bashes.
    setMtime(file, Math.floor(newest) - 2);
    expect(run(BASH32, t, 'tmux')).toMatch(/^#\[fg=red,bold\]⎈ \? unknown \(cache stale\)#\[default\]\n$/);
    expect(run(BASH32, t, 'starship')).toBe('⎈ ? unknown (cache stale)');
  });

  it('the starship module registers a KUBECONFIG without an entry, and the daemon then serves it', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir, { recursive: true });
    writeFileSync(t.kubeconfig, kubeconfigText('dev', [{ name: 'dev' }]));
    const other = join(t.home, 'deploy.yaml');
    writeFileSync(other, kubeconfigText('staging', [{ name: 'staging' }]));
    await spawnDaemon(t);
    const ref = entryRef(t, other);
    expect(run(BASH32, t, 'starship', { KUBECONFIG: other })).toBe('⎈ ? unknown (no cache entry yet)');
    const registration = join(t.cacheDir, 'reg', ref.name);
    // The daemon may take the registration at once; either it is there or the entry is.
    if (existsSync(registration)) expect(readFileSync(registration, 'utf8')).toBe(`${REGISTER_MAGIC}\n${ref.key}\n`);
    const served = await waitForEntry(t, (entry) => entry.entry.details.context === 'staging', { ref });
    const file = join(t.cacheDir, ref.name);
    const newest = Math.max(...served.entry.freshnessPaths.map((path) => statSync(path).mtimeMs)) / 1000;
    setMtime(file, Math.floor(newest) + 1);
    expect(run(BASH32, t, 'starship', { KUBECONFIG: other })).toMatch(
      /^\[warn\] \[KUBECONFIG=deploy\.yaml\] ⎈ staging/,
    );
  });
});
