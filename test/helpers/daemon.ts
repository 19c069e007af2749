/**
 * Real-process daemon test helpers: a private temp environment per test (HOME, cache, state,
 * config), the daemon and CLI as child processes, polling until an entry satisfies a
 * predicate, and cleanup that kills every daemon a test started, by pid.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  entryFileName,
  entryKey,
  readEntry,
  registrationPath,
  REGISTER_MAGIC,
  type ReadEntry,
} from '../../src/cache/index.js';
import { sendControl } from '../../src/daemon/control.js';
import {
  type DaemonChild,
  daemonPids as daemonPidsOf,
  spawnDaemon as spawnDaemonChild,
  sleep,
  WAIT_MS,
  waitUntil,
} from '../harness/daemon.mjs';
import { BIN, makeTempEnv, REPO, removeTempEnv, type TempEnv } from '../harness/env.mjs';
import { findKubectl } from './kubectl-oracle.js';
import { boundByPermissions } from './no-dac.js';
import { yamlQuote } from './yaml-emit.js';

export { isAlive, processState, sleep, WAIT_MS, waitUntil } from '../harness/daemon.mjs';
export { BIN, REPO, type DaemonChild };
export const IS_ROOT = process.getuid?.() === 0;

export function requireKubectl(): string {
  const kubectl = findKubectl();
  if (!kubectl) throw new Error('these tests need the real kubectl (looked in /usr/bin and PATH)');
  return kubectl;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(dir, name));
}

/**
 * The daemon runs from dist/, the tests import src/: rebuild when any source is newer than its
 * output, so a stale build can never make a test pass or fail. A lock folder serializes workers.
 */
export function ensureBuilt(): void {
  const isStale = (): boolean => {
    return sourceFiles(join(REPO, 'src')).some((file) => {
      const out = join(REPO, 'dist', relative(join(REPO, 'src'), file)).replace(/\.ts$/, '.js');
      // A source deleted while we look (an editor's rename) is not a reason to build.
      const source = statSync(file, { throwIfNoEntry: false });
      return source !== undefined && (statSync(out, { throwIfNoEntry: false })?.mtimeMs ?? 0) < source.mtimeMs;
    });
  };
  if (!isStale()) return;
  const lock = join(REPO, 'node_modules', '.kctx-guard-test-build.lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another worker is building; a lock older than two minutes is left over from a crash.
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 120_000)
        rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      execFileSync('sleep', ['0.2']);
    }
  }
  try {
    if (isStale()) {
      try {
        execFileSync(
          process.execPath,
          [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(REPO, 'tsconfig.json')],
          { stdio: 'pipe' },
        );
      } finally {
        // As `npm run build` does: a manifest left from before would hide a new command or flag from oclif.
        execFileSync(process.execPath, [join(REPO, 'scripts', 'oclif-manifest.mjs')], { stdio: 'pipe' });
      }
    }
  } catch (error) {
    // tsc still emits on type errors (someone's edit in progress); test that output, but say so.
    const output = String((error as { stdout?: Buffer }).stdout ?? error);
    if (isStale()) throw new Error(`npm run build failed:\n${output}`);
    console.warn(
      `tsc reported errors; testing the emitted dist/ anyway:\n${output.split('\n').slice(0, 10).join('\n')}`,
    );
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export type TestEnv = TempEnv;

const envs: TestEnv[] = [];
const children = new Set<DaemonChild>();

/** A fresh temp folder holding HOME, cache, state and config; nothing is created inside HOME. */
export function makeEnv(): TestEnv {
  const t = makeTempEnv('daemon');
  envs.push(t);
  return t;
}

export interface KubeContext {
  name: string;
  cluster?: string;
  namespace?: string;
}

/**
 * A kubeconfig text: the contexts given, one cluster per context (server on example.invalid,
 * so the default rules leave it unclassified unless the name says otherwise) and one user.
 */
export function kubeconfigText(current: string | undefined, contexts: KubeContext[]): string {
  const lines = ['apiVersion: v1', 'kind: Config'];
  if (current !== undefined) lines.push(`current-context: ${yamlQuote(current)}`);
  lines.push('contexts:');
  for (const context of contexts) {
    lines.push(
      `- name: ${yamlQuote(context.name)}`,
      '  context:',
      `    cluster: ${yamlQuote(context.cluster ?? `${context.name}-cluster`)}`,
      '    user: tester',
    );
    if (context.namespace) lines.push(`    namespace: ${yamlQuote(context.namespace)}`);
  }
  lines.push('clusters:');
  const clusters = new Set(contexts.map((context) => context.cluster ?? `${context.name}-cluster`));
  for (const cluster of clusters)
    lines.push(`- name: ${yamlQuote(cluster)}`, '  cluster:', `    server: https://${cluster}.example.invalid:6443`);
  lines.push('users:', '- name: tester', '  user:', '    token: not-a-secret');
  return `${lines.join('\n')}\n`;
}

/**
 * A deploy tool's pair of kubeconfigs: `a.yaml` and `deploy.yaml` both define context `prod`, for
 * another cluster each, so on `a.yaml:deploy.yaml` kubectl hides deploy.yaml's. ~/.kube/config holds
 * `dev` alone. Returns the two paths and the KUBECONFIG value.
 */
export function hiddenPair(t: TestEnv): { a: string; deploy: string; pair: string } {
  mkdirSync(t.kubeDir, { recursive: true });
  writeFileSync(t.kubeconfig, kubeconfigText('dev', [{ name: 'dev' }]));
  const a = join(t.root, 'a.yaml');
  const deploy = join(t.root, 'deploy.yaml');
  writeFileSync(a, kubeconfigText('prod', [{ name: 'prod', cluster: 'prod-a' }]));
  writeFileSync(deploy, kubeconfigText('prod', [{ name: 'prod', cluster: 'prod-b' }]));
  return { a, deploy, pair: `${a}:${deploy}` };
}

/** Starts `kctx-guard __daemon` as our child (so its exit status is observable); resolves once it answers on its control socket. */
export async function spawnDaemon(
  t: TestEnv,
  options: { waitReady?: boolean; extraEnv?: Record<string, string>; boundByPermissions?: boolean } = {},
): Promise<DaemonChild> {
  const child = spawnDaemonChild(t, {
    ...(options.extraEnv ? { extraEnv: options.extraEnv } : {}),
    ...(options.boundByPermissions ? { wrap: boundByPermissions } : {}),
  });
  children.add(child);
  void child.exited.then(() => children.delete(child));
  if (options.waitReady === false) return child;
  await waitUntil(async () => {
    if (!child.alive())
      throw new Error(
        `the daemon exited (${child.proc.exitCode ?? child.proc.signalCode}) before answering: ${child.stderr()}`,
      );
    return (await daemonInfo(t, 500))?.pid === child.pid;
  }, 'the daemon answers on its control socket');
  return child;
}

/** The daemon's status reply, or undefined when none answers. */
export async function daemonInfo(t: TestEnv, timeoutMs = 1000): Promise<{ pid: number } | undefined> {
  const reply = (await sendControl(t.cacheDir, { cmd: 'status' }, timeoutMs)) as { pid?: unknown } | undefined;
  return reply && typeof reply.pid === 'number' ? { pid: reply.pid } : undefined;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: Record<string, string>, cwd: string): Promise<Run> {
  return new Promise((done) => {
    execFile(file, args, { env, cwd, timeout: 30_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** Runs the real CLI (`node bin/kctx-guard.js …`) in the test environment (`extra`: e.g. a shell's KUBECONFIG). */
export function cli(t: TestEnv, args: string[], extra: Record<string, string> = {}): Promise<Run> {
  return run(process.execPath, [BIN, ...args], { ...t.env, ...extra }, t.home);
}

/**
 * Runs the real kubectl with HOME (and KUBECONFIG when given) pointing into the test environment.
 * @throws Error when kubectl fails, unless `allowFail`.
 */
export async function kubectl(
  t: TestEnv,
  args: string[],
  options: { kubeconfig?: string; allowFail?: boolean } = {},
): Promise<Run> {
  const env: Record<string, string> = { PATH: t.env['PATH']!, HOME: t.home };
  if (options.kubeconfig !== undefined) env['KUBECONFIG'] = options.kubeconfig;
  const result = await run(requireKubectl(), args, env, t.home);
  if (result.code !== 0 && !options.allowFail)
    throw new Error(`kubectl ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result;
}

export interface EntryRef {
  name: string;
  key: string;
}

/** The entry a shell with this KUBECONFIG (undefined: unset) reads, with the environment's HOME and XDG_CONFIG_HOME, in HOME. */
export function entryRef(t: TestEnv, kubeconfig?: string): EntryRef {
  const key = entryKey({ home: t.home, configHome: t.env['XDG_CONFIG_HOME'] ?? '', kubeconfig, cwd: t.home });
  return { name: entryFileName(key), key };
}

export function read(t: TestEnv, ref: EntryRef = entryRef(t)): ReadEntry {
  return readEntry(t.cacheDir, ref.name, ref.key);
}

/** A fresh entry: what a shell would show right now. */
export type FreshEntry = ReadEntry & { state: 'fresh'; entry: NonNullable<ReadEntry['entry']> };

export function isFresh(read: ReadEntry): read is FreshEntry {
  return read.state === 'fresh' && read.entry !== undefined;
}

function describe(read: ReadEntry): string {
  if (!read.entry) return read.state;
  const { level, context, namespace, error, errorCode } = read.entry.details;
  return `${read.state} ${JSON.stringify({ level, context, namespace, errorCode, error })}`;
}

export interface WaitOptions {
  /** The entry to watch; the default entry (KUBECONFIG unset) when omitted. */
  ref?: EntryRef;
  timeoutMs?: number;
}

function logTail(t: TestEnv, lines = 8): string {
  return existsSync(t.logFile)
    ? readFileSync(t.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
    : '(no log)';
}

/** Polls the entry until it is fresh and `predicate` holds; the timeout message shows the last state seen and the log. */
export async function waitForEntry(
  t: TestEnv,
  predicate: (entry: FreshEntry) => boolean,
  options: WaitOptions = {},
): Promise<FreshEntry> {
  const ref = options.ref ?? entryRef(t);
  const timeoutMs = options.timeoutMs ?? WAIT_MS;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = read(t, ref);
    if (isFresh(last) && predicate(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(
        `entry ${ref.name} did not reach the expected state within ${timeoutMs} ms; last seen: ${describe(last)}\ndaemon log:\n${logTail(t)}`,
      );
    }
    await sleep(20);
  }
}

/** Waits for a fresh, non-error entry showing this context (and namespace, when given). */
export function waitForContext(
  t: TestEnv,
  context: string,
  options: WaitOptions & { namespace?: string } = {},
): Promise<FreshEntry> {
  const { namespace } = options;
  return waitForEntry(
    t,
    (read) =>
      read.entry.level !== 'error' &&
      read.entry.details.context === context &&
      (namespace === undefined || read.entry.details.namespace === namespace),
    options,
  );
}

/** Waits for a fresh error entry (with this error code, when given). */
export function waitForError(t: TestEnv, options: WaitOptions & { code?: string } = {}): Promise<FreshEntry> {
  const { code } = options;
  return waitForEntry(
    t,
    (read) => read.entry.level === 'error' && (code === undefined || read.entry.details.errorCode === code),
    options,
  );
}

/**
 * The daemon's safety timer logs every change it had to find itself. Tests call this to prove a
 * change reached the prompt through a watch event, not (up to 2 s late) through the timer.
 */
export function expectNoMissedEvents(t: TestEnv, sinceLine = 0): void {
  const lines = existsSync(t.logFile) ? readFileSync(t.logFile, 'utf8').split('\n').slice(sinceLine) : [];
  const missed = lines.filter((line) => line.includes('without a watch event'));
  if (missed.length > 0)
    throw new Error(`the watcher missed changes that only the safety timer found:\n${missed.join('\n')}`);
}

/** The number of lines in the daemon log so far, for `expectNoMissedEvents(t, since)`. */
export function logLines(t: TestEnv): number {
  return existsSync(t.logFile) ? readFileSync(t.logFile, 'utf8').split('\n').length - 1 : 0;
}

/** Registers a KUBECONFIG value the way the shell hooks do: a plain (non-atomic) write of `reg/<name>`. */
export function register(t: TestEnv, kubeconfig: string): EntryRef {
  const ref = entryRef(t, kubeconfig);
  writeFileSync(registrationPath(t.cacheDir, ref.name), `${REGISTER_MAGIC}\n${ref.key}\n`);
  return ref;
}

/** utime + stime of a process, in clock ticks, from /proc/<pid>/stat. */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields after the command name start at field 3 (state); utime and stime are fields 14 and 15.
  return Number(fields[11]) + Number(fields[12]);
}

export function clockTicksPerSecond(): number {
  return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
}

/** Pids of every daemon process serving this environment's cache folder, found through /proc. */
export function daemonPids(t: TestEnv): number[] {
  return daemonPidsOf(t.cacheDir, { bin: BIN });
}

/** Kills (by pid) every daemon this test started, directly or through `daemon start`, then removes the temp folders. */
export async function cleanup(): Promise<void> {
  for (const child of children) child.proc.kill('SIGKILL');
  for (const t of envs.splice(0)) {
    // A `daemon start` a shell ran just before it was killed may still bring a daemon up while the
    // folder is removed (its heartbeat then refills it): kill again and retry, a few times.
    for (let attempt = 1; ; attempt++) {
      for (const pid of daemonPids(t)) process.kill(pid, 'SIGKILL');
      await waitUntil(() => daemonPids(t).length === 0, 'killed daemons are gone', 2000).catch(() => undefined);
      try {
        // A test may have left a folder unreadable or a file immutable to its owner.
        removeTempEnv(t);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY' || attempt === 5) throw error;
        await sleep(200);
      }
    }
  }
  children.clear();
}
