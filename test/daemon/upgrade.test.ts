/**
 * The package is replaced under a running daemon (`npm i -g`, a rebuild): the background daemon
 * hands over to a daemon of the new version, a foreground or service run exits 75 so that the
 * user or systemd/launchd starts it again. Real processes run from a private copy of the package.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  daemonInfo,
  ensureBuilt,
  isAlive,
  kubeconfigText,
  makeEnv,
  REPO,
  type TestEnv,
  waitForContext,
  waitUntil,
} from '../helpers/daemon.js';

beforeAll(ensureBuilt);
const copies: string[] = [];
/** Daemons run from a package copy, which cleanup() does not recognise: stopped here first. */
const started: { bin: string; t: TestEnv }[] = [];
afterEach(async () => {
  for (const { bin, t } of started.splice(0)) await spawnCli(bin, ['daemon', 'stop'], t);
  await cleanup();
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** bin/, dist/ and package.json copied, node_modules linked: an installed package we can replace. */
function packageCopy(): { root: string; bin: string; bump(version: string): void } {
  const root = mkdtempSync(join(tmpdir(), 'kctx-pkg-'));
  copies.push(root);
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(REPO, part), join(root, part), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
  const manifest = join(root, 'package.json');
  return {
    root,
    bin: join(root, 'bin', 'kctx-guard.js'),
    bump: (version) => {
      const json = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
      writeFileSync(manifest, `${JSON.stringify({ ...json, version }, null, 2)}\n`);
    },
  };
}

function withKubeconfig(): TestEnv {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, kubeconfigText('alpha', [{ name: 'alpha' }]));
  return t;
}

/** Runs the copy's CLI; remembers the environment so that afterEach stops its daemon. */
function run(bin: string, args: string[], t: TestEnv): Promise<{ code: number | null; stderr: string }> {
  if (!started.some((entry) => entry.t === t)) started.push({ bin, t });
  return spawnCli(bin, args, t);
}

function spawnCli(bin: string, args: string[], t: TestEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: t.env,
      cwd: t.home,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error) => done({ code: null, stderr: String(error) }));
    child.on('exit', (code) => done({ code, stderr }));
  });
}

describe('upgrades', () => {
  it('the background daemon hands over to a daemon of the new version, and entries keep coming', async () => {
    const t = withKubeconfig();
    const pkg = packageCopy();
    const started = await run(pkg.bin, ['daemon', 'start'], t);
    expect(started.code, started.stderr).toBe(0);
    const first = (await daemonInfo(t))?.pid;
    expect(first).toBeTypeOf('number');
    await waitForContext(t, 'alpha');

    pkg.bump('99.0.0-test');
    await waitUntil(
      async () => {
        const now = (await daemonInfo(t, 500))?.pid;
        return now !== undefined && now !== first;
      },
      'a new daemon answers',
      15_000,
    );
    expect(isAlive(first!)).toBe(false);
    const log = readFileSync(t.logFile, 'utf8');
    expect(log).toMatch(/kctx-guard was upgraded \(0\.\d+\.\d+ → 99\.0\.0-test\): handing over/);
    // The new daemon serves: a switch shows up.
    writeFileSync(t.kubeconfig, kubeconfigText('beta', [{ name: 'beta' }]));
    await waitForContext(t, 'beta');
  });

  it('a foreground or service run exits 75 and says so, for the user or the service manager to restart', async () => {
    const t = withKubeconfig();
    const pkg = packageCopy();
    const foreground = run(pkg.bin, ['daemon', 'run', '--quiet'], t);
    await waitUntil(async () => (await daemonInfo(t, 500)) !== undefined, 'the foreground daemon answers');
    pkg.bump('99.0.0-test');
    const ended = await foreground;
    expect(ended.code).toBe(75);
    expect(ended.stderr).toContain('kctx-guard was upgraded');
    expect(await daemonInfo(t, 500)).toBeUndefined();
  });

  it('nothing happens while the package stays the same', async () => {
    const t = withKubeconfig();
    const pkg = packageCopy();
    const started = await run(pkg.bin, ['daemon', 'start'], t);
    expect(started.code, started.stderr).toBe(0);
    const first = (await daemonInfo(t))?.pid;
    // Rewritten with the same content: not an upgrade.
    pkg.bump(JSON.parse(readFileSync(join(pkg.root, 'package.json'), 'utf8')).version as string);
    await new Promise((done) => setTimeout(done, 5000));
    expect((await daemonInfo(t))?.pid).toBe(first);
  });
});
