// Shared helpers for the benchmarks: statistics and kubeconfigs; the temp environment and the
// daemon come from the test harness. Benchmarks only print figures; nothing here asserts a timing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { entryFileName, keyForEnv, readEntry } from '../dist/cache/index.js';
import { BIN as REPO_BIN, makeTempEnv, REPO, removeTempEnv, spawnDaemon } from '../test/harness/index.mjs';
import { kubectlOracle } from '../test/harness/tools.mjs';

export { writeText } from '../test/harness/index.mjs';
export const ROOT = REPO;
// KCTX_BENCH_BIN: run another build of the launcher (e.g. an instrumented copy) against the same benchmark.
export const BIN = process.env.KCTX_BENCH_BIN ?? REPO_BIN;
/** kubectl for the baselines: $KUBECTL, else the same one the tests use as their oracle. */
export const KUBECTL = process.env.KUBECTL ?? kubectlOracle().path;

/** A throw-away HOME (with an empty ~/.kube), cache, state and config folder; never the real ~/.kube. */
export function tempEnv(label) {
  const t = makeTempEnv(`bench-${label}`);
  mkdirSync(t.kubeDir);
  return { ...t, cleanup: () => removeTempEnv(t) };
}

/** A small, realistic kubeconfig with the given context names (context i → cluster i, user i). */
export function smallKubeconfig(names, current) {
  const lines = ['apiVersion: v1', 'kind: Config', 'preferences: {}', `current-context: ${current}`, 'clusters:'];
  names.forEach((name, i) => {
    lines.push(
      `- name: cluster-${i}`,
      '  cluster:',
      `    certificate-authority-data: ${blob(1476, i)}`,
      `    server: https://api.${name}.example.com:6443`,
    );
  });
  lines.push('contexts:');
  for (const [i, name] of names.entries()) {
    lines.push(`- name: ${name}`, '  context:', `    cluster: cluster-${i}`, `    user: user-${i}`);
  }
  lines.push('users:');
  for (const i of names.keys()) lines.push(`- name: user-${i}`, '  user:', `    token: ${blob(900, i + 1000)}`);
  return `${lines.join('\n')}\n`;
}

/** Deterministic base64-looking text of `length` characters. */
export function blob(length, seed) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let x = (seed * 2654435761 + 12345) >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out += alphabet[(x >>> 16) & 63];
  }
  return out;
}

/** Starts `kctx-guard __daemon` as a real child process (no shell in between: the pid is node's). */
export function startDaemon(t) {
  // KCTX_TRACE is passed through for instrumented builds (KCTX_BENCH_BIN) that log event timings; the real daemon ignores it.
  const extraEnv = process.env.KCTX_TRACE ? { KCTX_TRACE: process.env.KCTX_TRACE } : {};
  const daemon = spawnDaemon(t, { bin: BIN, extraEnv });
  daemon.proc.unref();
  daemon.proc.stderr?.unref?.();
  const stop = () => daemon.stop();
  process.on('exit', stop);
  return { child: daemon.proc, pid: daemon.pid, stop, stderr: daemon.stderr };
}

/**
 * Waits (up to `timeoutMs`) until `daemon` has written a fresh entry for t's own environment (the
 * default kubeconfig) and returns its key; throws with the daemon's stderr when it has not.
 */
export function waitFresh(t, daemon, timeoutMs = 10000) {
  const key = keyForEnv(t.env, t.home);
  const [ready] = pollUntil(() => readEntry(t.cacheDir, entryFileName(key), key).state === 'fresh', {
    stepMs: 5,
    timeoutMs,
  });
  if (!ready) throw new Error(`daemon did not write a fresh entry: ${daemon.stderr()}`);
  return key;
}

/** Sleeps without spinning, with sub-millisecond resolution (blocks this thread only). */
const sleeper = new Int32Array(new SharedArrayBuffer(4));
export function sleepMs(ms) {
  Atomics.wait(sleeper, 0, 0, ms);
}

export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/** Polls `check` every `stepMs` until it returns a truthy value or `timeoutMs` passes; returns [value, elapsed ms]. */
export function pollUntil(check, { stepMs = 0.2, timeoutMs = 10000 } = {}) {
  const start = nowMs();
  for (;;) {
    const value = check();
    const elapsed = nowMs() - start;
    if (value) return [value, elapsed];
    if (elapsed > timeoutMs) return [undefined, elapsed];
    sleepMs(stepMs);
  }
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    min: sorted[0],
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}

export const fmt = (ms, digits = 2) => `${ms.toFixed(digits)} ms`;

/**
 * Runs a command to completion and returns its wall time in ms (spawn to exit), checking that it
 * exited with one of `statuses` (`doctor` exits 1 when a check fails, as it does in a temp HOME).
 * With `cpu`, runs it under /usr/bin/time and also returns its user+system CPU time (10 ms resolution).
 */
export function timeCommand(cmd, args, env, { cpu = false, statuses = [0] } = {}) {
  const argv = cpu ? ['/usr/bin/time', ['-f', 'KCTX-BENCH-CPU %U %S', cmd, ...args]] : [cmd, args];
  const start = nowMs();
  const result = spawnSync(argv[0], argv[1], { env, encoding: 'utf8' });
  const elapsed = nowMs() - start;
  if (!statuses.includes(result.status))
    throw new Error(`${cmd} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  const used = /KCTX-BENCH-CPU ([\d.]+) ([\d.]+)/.exec(result.stderr ?? '');
  return { elapsed, stdout: result.stdout, cpu: used ? (Number(used[1]) + Number(used[2])) * 1000 : undefined };
}

/** A process.cpuUsage() delta in ms. */
export const cpuMs = (usage) => (usage.user + usage.system) / 1000;

export function machine() {
  const kernel = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  const cpus = spawnSync('nproc', { encoding: 'utf8' }).stdout.trim();
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const kubectl = spawnSync(KUBECTL, ['version', '--client'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? 'missing';
  return `nproc ${cpus}, node ${process.version}, kernel ${kernel}, load average ${load}, kubectl ${KUBECTL} (${kubectl.trim()})`;
}

/** `--name value` from argv, else the default. */
export function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
}

/**
 * Writes bigKubeconfig(count) to `path` from a node of its own, so the generator's strings never
 * sit in the heap of the process being measured.
 */
export function writeBigKubeconfig(path, count) {
  const lib = JSON.stringify(new URL('./lib.mjs', import.meta.url).href);
  const script = `import { bigKubeconfig, writeText } from ${lib}; writeText(process.argv[1], bigKubeconfig(Number(process.argv[2])));`;
  const gen = spawnSync(process.execPath, ['--input-type=module', '-e', script, path, String(count)], {
    stdio: 'inherit',
  });
  if (gen.status !== 0) throw new Error('kubeconfig generation failed');
}

/** Realistic shape: CA blobs on every cluster; users with tokens, client certificates or exec plugins; namespaces. */
export function bigKubeconfig(count) {
  const out = ['apiVersion: v1', 'kind: Config', 'preferences: {}', `current-context: ctx-${count - 1}`, 'clusters:'];
  const env = ['prod', 'staging', 'dev', 'qa', 'sandbox'];
  for (let i = 0; i < count; i++) {
    out.push(
      `- name: cluster-${i}`,
      '  cluster:',
      `    certificate-authority-data: ${blob(1476, i)}`,
      `    server: https://${env[i % 5]}-${i}.k8s.example.com:6443`,
      ...(i % 7 === 0 ? ['    proxy-url: http://proxy.example.com:3128'] : []),
      ...(i % 11 === 0 ? ['    tls-server-name: api.internal'] : []),
    );
  }
  out.push('contexts:');
  for (let i = 0; i < count; i++) {
    out.push(
      `- name: ctx-${i}`,
      '  context:',
      `    cluster: cluster-${i}`,
      `    user: user-${i}`,
      ...(i % 3 === 0 ? [`    namespace: team-${i % 50}`] : []),
    );
  }
  out.push('users:');
  for (let i = 0; i < count; i++) {
    out.push(`- name: user-${i}`, '  user:');
    if (i % 4 === 0) {
      out.push(`    client-certificate-data: ${blob(1544, i + 1e5)}`, `    client-key-data: ${blob(2236, i + 2e5)}`);
    } else if (i % 4 === 1) {
      out.push(
        '    exec:',
        '      apiVersion: client.authentication.k8s.io/v1beta1',
        '      command: aws',
        '      args:',
        '      - --region',
        '      - eu-west-1',
        '      - eks',
        '      - get-token',
        '      - --cluster-name',
        `      - cluster-${i}`,
        '      env:',
        '      - name: AWS_PROFILE',
        `        value: profile-${i % 20}`,
        '      interactiveMode: IfAvailable',
        '      provideClusterInfo: false',
      );
    } else {
      out.push(`    token: eyJhbGciOiJSUzI1NiIsImtpZCI6I${blob(900, i + 3e5)}`);
    }
  }
  return `${out.join('\n')}\n`;
}
