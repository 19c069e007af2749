/**
 * A cache folder that takes no write (permissions, a full disk, a read-only mount) and a prompt
 * fallback that cannot leave a trusted entry: `status` and `doctor` name the errno and the fix,
 * and "unknown" on the prompt is never left without a reason. Real CLI processes; the full disk
 * and read-only cases mount a tmpfs in a private mount namespace (root only, as in CI).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { explainStaleEntry } from '../../src/cli/fallback-note.js';
import {
  BIN,
  cleanup,
  ensureBuilt,
  entryRef,
  IS_ROOT,
  kubeconfigText,
  makeEnv,
  type TestEnv,
} from '../helpers/daemon.js';
import { boundByPermissions, requireSetpriv } from '../helpers/no-dac.js';

beforeAll(ensureBuilt);
afterEach(cleanup);

interface Report {
  cacheWriteProblem: { code: string; message: string; fix: string } | null;
  fallback: { at: string; reason: string; fix: string } | null;
}

/** Runs the CLI bound by file permissions (so root too is refused by chmod), with `prefix` in front. */
function run(
  t: TestEnv,
  args: string[],
  prefix: string[] = [],
): { status: number | null; stdout: string; stderr: string } {
  const [command, ...rest] = boundByPermissions([process.execPath, BIN, ...args]);
  const argv = [...prefix, command, ...rest];
  const result = spawnSync(argv[0]!, argv.slice(1), { env: t.env, cwd: t.home, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function withKubeconfig(): TestEnv {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, kubeconfigText('alpha', [{ name: 'alpha' }]));
  mkdirSync(t.cacheDir, { mode: 0o700 });
  mkdirSync(join(t.cacheDir, 'reg'), { mode: 0o700 });
  return t;
}

describe('a cache folder that takes no write', () => {
  it('permission: status and doctor name EACCES and the chmod; the fallback says why the prompt showed unknown', () => {
    requireSetpriv();
    const t = withKubeconfig();
    chmodSync(t.cacheDir, 0o500);
    const { name, key } = entryRef(t);
    const refresh = run(t, ['__refresh', name, key]);
    expect(refresh.status).toBe(1);
    expect(refresh.stderr).toContain('is not writable for you (EACCES)');

    const status = run(t, ['status', '--json']);
    const report = JSON.parse(status.stdout) as Report;
    expect(report.cacheWriteProblem).toEqual({
      code: 'EACCES',
      message: `${t.cacheDir} is not writable for you (EACCES)`,
      fix: `run: chmod u+rwx '${t.cacheDir}'`,
    });
    expect(report.fallback?.reason).toBe(`${t.cacheDir} is not writable for you (EACCES)`);
    const human = run(t, ['status']);
    expect(human.stdout).toMatch(/cache dir\s+cannot write: .* \(EACCES\)/);
    expect(human.stdout).toMatch(/prompt\s+showed unknown at .*EACCES/);

    const doctor = JSON.parse(run(t, ['doctor', '--json']).stdout) as {
      checks: { name: string; status: string; fix: string | null }[];
    };
    expect(doctor.checks.find((c) => c.name === 'cache folder')).toMatchObject({
      status: 'fail',
      fix: `run: chmod u+rwx '${t.cacheDir}'`,
    });
    expect(doctor.checks.find((c) => c.name === 'prompt')).toMatchObject({ status: 'warn' });

    // Fixed: the next fallback works and the note is gone.
    chmodSync(t.cacheDir, 0o700);
    expect(run(t, ['__refresh', name, key]).status).toBe(0);
    const after = JSON.parse(run(t, ['status', '--json']).stdout) as Report;
    expect(after).toMatchObject({ cacheWriteProblem: null, fallback: null });
  });

  // A tmpfs in a private mount namespace over the cache folder: full, or read-only.
  const mounted = (t: TestEnv, options: string, after: string): string[] => [
    'unshare',
    '-m',
    'sh',
    '-c',
    `mount -t tmpfs -o ${options},mode=0700 tmpfs "$1" && ${after} && shift && exec "$@"`,
    'sh',
    t.cacheDir,
  ];

  it.runIf(IS_ROOT)('a full disk: ENOSPC and where to free space', () => {
    const t = withKubeconfig();
    const fill = `mkdir -m 700 "$1/reg" && (dd if=/dev/zero of="$1/fill" bs=4k 2>/dev/null; true)`;
    const result = run(t, ['status', '--json'], mounted(t, 'size=64k', fill));
    const report = JSON.parse(result.stdout) as Report;
    expect(report.cacheWriteProblem).toMatchObject({
      code: 'ENOSPC',
      message: `the disk holding ${t.cacheDir} is full (ENOSPC)`,
    });
    expect(report.cacheWriteProblem?.fix).toContain(`df -h '${t.cacheDir}'`);
  });

  it.runIf(IS_ROOT)('a read-only mount: EROFS', () => {
    const t = withKubeconfig();
    const readOnly = `mkdir -m 700 "$1/reg" && mount -o remount,ro "$1"`;
    const result = run(t, ['status', '--json'], mounted(t, 'size=64k', readOnly));
    const report = JSON.parse(result.stdout) as Report;
    expect(report.cacheWriteProblem).toMatchObject({
      code: 'EROFS',
      message: `${t.cacheDir} is on a read-only filesystem (EROFS)`,
    });
  });
});

describe('explainStaleEntry', () => {
  it('names a cache folder with whole-second file times, and a source that changed meanwhile', () => {
    const t = withKubeconfig();
    const { name, key } = entryRef(t);
    expect(run(t, ['__refresh', name, key]).status).toBe(0);
    const written = join(t.cacheDir, name);
    // As a filesystem with whole-second times stores them: entry and source in the same second.
    utimesSync(t.kubeconfig, 1_700_000_000, 1_700_000_000);
    utimesSync(written, 1_700_000_000, 1_700_000_000);
    expect(explainStaleEntry(t.cacheDir, written).reason).toContain('keeps file times in whole seconds');
    utimesSync(written, 1_700_000_000.5, 1_700_000_000.5);
    utimesSync(t.kubeconfig, 1_700_000_001.25, 1_700_000_001.25);
    expect(explainStaleEntry(t.cacheDir, written).reason).toContain(`${t.kubeconfig} changed`);
  });
});
