/**
 * `status` as the launcher runs it, from the bundle the build writes (scripts/bundle.mjs): it says
 * byte for byte what the unbundled program says, in every state; a report from a fresh entry never
 * opens the kubeconfig parser; a direct computation still parses documents too deep for the default
 * stack (the parse worker finds dist/kubeconfig/parse.js, not a file beside the bundle); and a
 * bundle older than tsc's output is not run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  cleanup,
  ensureBuilt,
  kubeconfigText,
  makeEnv,
  REPO,
  spawnDaemon,
  waitForContext,
  type TestEnv,
} from '../helpers/daemon.js';

const scratch = mkdtempSync(join(tmpdir(), 'kctx-status-bundle-'));

beforeAll(() => {
  ensureBuilt();
  // ensureBuilt runs tsc alone; the launcher would then (rightly) skip the bundle this file tests.
  const age = (file: string): number => statSync(join(REPO, file), { throwIfNoEntry: false })?.mtimeMs ?? -1;
  if (age('dist/bundle/run.js') < age('dist/bin/run.js'))
    execFileSync(process.execPath, [join(REPO, 'scripts', 'bundle.mjs')], { stdio: 'pipe' });
}, 120_000);
afterEach(cleanup);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Traced {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Every file the process (and its threads) opened successfully. */
  opened: string[];
}

/** Runs `node <bin> args` under strace, recording the files it opens. */
function traced(t: TestEnv, args: string[], bin = BIN): Traced {
  const log = join(scratch, `strace-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const result = spawnSync(
    'strace',
    ['-f', '-qq', '-e', 'trace=open,openat', '-o', log, process.execPath, bin, ...args],
    {
      env: t.env,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  const opened = readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => !/= -1 /.test(line))
    .map((line) => /open(?:at)?\((?:AT_FDCWD, )?"([^"]*)"/.exec(line)?.[1])
    .filter((path): path is string => path !== undefined);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, opened };
}

/** A computed report says when: the one moment two runs cannot share. */
const untimed = (run: { status: number | null; stdout: string; stderr: string }) => ({
  status: run.status,
  stdout: run.stdout.replace(/"computedAt": "[^"]*"/, '"computedAt": "…"'),
  stderr: run.stderr,
});

/** The same command through dist/bin/run.js, the unbundled entry the bundle is made from. */
function unbundled(t: TestEnv, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const script = `const { main } = await import(${JSON.stringify(join(REPO, 'dist', 'bin', 'run.js'))});
await main(process.argv.slice(1), ${JSON.stringify(new URL(`file://${BIN}`).href)});`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, ...args], {
    env: t.env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const inRepo = (opened: string[], path: string): boolean => opened.some((file) => file.startsWith(join(REPO, path)));

function withKubeconfig(text: string): TestEnv {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, text);
  return t;
}

describe('status from the bundle', () => {
  it('reports a fresh entry without opening the parser, js-yaml or the rules, and as dist/bin/run.js does', async () => {
    const t = withKubeconfig(kubeconfigText('prod-eu', [{ name: 'dev' }, { name: 'prod-eu', namespace: 'payments' }]));
    const daemon = await spawnDaemon(t);
    await waitForContext(t, 'prod-eu');
    for (const args of [['status'], ['status', '--json']]) {
      const run = traced(t, args);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(inRepo(run.opened, 'dist/bundle/run.js')).toBe(true);
      for (const heavy of ['dist/bundle/status-compute.js', 'dist/kubeconfig/', 'dist/rules/', 'node_modules/js-yaml/'])
        expect(inRepo(run.opened, heavy), heavy).toBe(false);
      // js-yaml and the parser can hide inside the bundle too, in a chunk shared with the code that
      // needs them: the fresh path opens the entry and the status command's own file, nothing else.
      const bundled = run.opened
        .filter((file) => file.startsWith(join(REPO, 'dist/bundle/')))
        .map((file) => file.slice(join(REPO, 'dist/bundle/').length).replace(/-[A-Z0-9]{8}\.js$/, '.js'));
      expect([...new Set(bundled)].sort()).toEqual(['run-status-command.js', 'run.js']);
      if (args.length === 1) expect(run.stdout).toContain(`running (pid ${daemon.pid})`);
      expect(untimed(run)).toEqual(untimed(unbundled(t, args)));
    }
    expect(JSON.parse(traced(t, ['status', '--json']).stdout)).toMatchObject({
      context: 'prod-eu',
      namespace: 'payments',
      level: 'danger',
      cache: { usedForThisReport: true },
    });
  });

  it('computes with the daemon stopped, and says exactly what dist/bin/run.js says, error states included', () => {
    const states = {
      ok: kubeconfigText('dev', [{ name: 'dev' }, { name: 'prod-eu' }]),
      missingContext: kubeconfigText('gone', [{ name: 'dev' }]),
      unparsable: 'apiVersion: v1\ncontexts: [\n',
    };
    for (const [state, text] of Object.entries(states)) {
      const t = withKubeconfig(text);
      for (const args of [['status'], ['status', '--json']]) {
        const run = traced(t, args);
        expect(inRepo(run.opened, 'dist/bundle/status-compute.js'), state).toBe(true);
        expect(run.status, state).toBe(state === 'ok' ? 0 : 1);
        expect(untimed(run), state).toEqual(untimed(unbundled(t, args)));
      }
    }
  });

  it('parses a kubeconfig nested deeper than the default stack on the parse worker, and refuses one past 10,000 levels', () => {
    const nested = (depth: number): string =>
      `${kubeconfigText('dev', [{ name: 'dev' }])}p: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    const deep = traced(withKubeconfig(nested(5000)), ['status', '--json']);
    expect(deep.stderr).toBe('');
    expect(JSON.parse(deep.stdout)).toMatchObject({ context: 'dev', level: 'unclassified', error: null });
    expect(inRepo(deep.opened, 'dist/kubeconfig/parse.js')).toBe(true);
    const tooDeep = traced(withKubeconfig(nested(50_000)), ['status', '--json']);
    expect(tooDeep.status).toBe(1);
    expect(JSON.parse(tooDeep.stdout).error).toContain('exceeded max depth of 10000');
  }, 120_000);
});

describe('a bundle older than tsc’s output', () => {
  it('is not run: the launcher runs dist/bin/run.js', () => {
    // A copy of the package, so the bundle of the checkout other tests use stays as it is.
    const copy = join(scratch, 'package');
    for (const part of ['bin', 'dist', 'package.json', 'oclif.manifest.json'])
      cpSync(join(REPO, part), join(copy, part), { recursive: true, preserveTimestamps: true });
    symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'));
    const t = withKubeconfig(kubeconfigText('dev', [{ name: 'dev' }]));
    const bin = join(copy, 'bin', 'kctx-guard.js');
    const fresh = traced(t, ['status', '--json'], bin);
    expect(fresh.opened).toContain(join(copy, 'dist', 'bundle', 'run.js'));
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(copy, 'dist', 'bundle', 'run.js'), hourAgo, hourAgo);
    const stale = traced(t, ['status', '--json'], bin);
    expect(stale.opened).toContain(join(copy, 'dist', 'bin', 'run.js'));
    expect(stale.opened).not.toContain(join(copy, 'dist', 'bundle', 'run.js'));
    expect(untimed(stale)).toEqual(untimed(fresh));
  });
});
