/** Asks the real kubectl what it would use, in a sandbox (own cwd, HOME, KUBECONFIG), never touching the real ~/.kube. */
import { execFile } from 'node:child_process';
import type { KubeconfigErrorCode, Resolution } from '../../src/kubeconfig/index.js';
import { kubectlOracle } from '../harness/tools.mjs';

/** The oracle's path (test/harness/tools.mjs decides which kubectl; it throws when there is none). */
export function findKubectl(): string {
  return kubectlOracle().path;
}

export interface Sandbox {
  cwd: string;
  home: string;
  /** undefined: KUBECONFIG is not set at all. */
  kubeconfig: string | undefined;
}

export type KubectlAnswer =
  | { ok: true; context: string; cluster: string; user: string; namespace: string; server: string }
  | {
      ok: false;
      message: string /** What `kubectl config current-context` printed, when it succeeded. */;
      currentContext: string | undefined;
    };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(kubectl: string, args: string[], box: Sandbox): Promise<Run> {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: box.home };
  if (box.kubeconfig !== undefined) env['KUBECONFIG'] = box.kubeconfig;
  return new Promise((resolve) => {
    execFile(
      kubectl,
      args,
      { cwd: box.cwd, env, timeout: 30_000, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

interface MinifiedConfig {
  'current-context'?: string;
  contexts?: { name?: string; context?: { cluster?: string; user?: string; namespace?: string } }[] | null;
  clusters?: { name?: string; cluster?: { server?: string } }[] | null;
}

/** kubectl's answer: `config view --minify -o json`, and `config current-context` when that fails. */
export async function askKubectl(kubectl: string, box: Sandbox): Promise<KubectlAnswer> {
  const minify = await run(kubectl, ['config', 'view', '--minify', '-o', 'json'], box);
  if (minify.code === 0) {
    const config = JSON.parse(minify.stdout) as MinifiedConfig;
    const context = config.contexts?.[0]?.context ?? {};
    return {
      ok: true,
      context: config['current-context'] ?? '',
      cluster: context.cluster ?? '',
      user: context.user ?? '',
      namespace: context.namespace || 'default',
      server: config.clusters?.[0]?.cluster?.server ?? '',
    };
  }
  const message = (minify.stderr || minify.stdout).trim();
  // `current-context` can only succeed when a current context is set and every file loaded,
  // i.e. when minify failed to locate something; elsewhere it would fail too, so skip the spawn.
  if (!message.includes('cannot locate')) return { ok: false, message, currentContext: undefined };
  const current = await run(kubectl, ['config', 'current-context'], box);
  // `current-context` prints the name followed by a newline; a name may itself end in one.
  const currentContext = current.code === 0 ? current.stdout.replace(/\n$/, '') : undefined;
  return { ok: false, message, currentContext };
}

/** Our error codes that fit kubectl's error message (kubectl lists every broken file, we name the first). */
export function codesForMessage(message: string): Set<KubeconfigErrorCode> {
  const codes = new Set<KubeconfigErrorCode>();
  if (message.includes('cannot locate context')) codes.add('missing-context');
  if (message.includes('cannot locate cluster')) codes.add('missing-cluster');
  if (message.includes('cannot locate user')) codes.add('missing-user');
  if (message.includes('must exist in order to minify') || message.includes('current-context is not set'))
    codes.add('no-current-context');
  for (const part of message.split('error loading config file').slice(1)) {
    if (part.includes('duplicate name')) codes.add('duplicate-name');
    else if (/is a directory|not a directory|too many levels of symbolic links|permission denied/.test(part))
      codes.add('unreadable');
    else codes.add('unparsable');
  }
  return codes;
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Disagreements between our resolution and kubectl's answer, as sentences. */
export function disagreements(mine: Resolution, theirs: KubectlAnswer): string[] {
  if (mine.ok !== theirs.ok)
    return [`ok/error disagree: ours ${mine.ok ? 'ok' : 'error'}, kubectl ${theirs.ok ? 'ok' : 'error'}`];
  if (mine.ok && theirs.ok) {
    const fields = ['context', 'cluster', 'namespace', 'user', 'server'] as const;
    return fields
      .filter((field) => mine.target[field] !== theirs[field])
      .map((field) => `${field}: ours ${JSON.stringify(mine.target[field])}, kubectl ${JSON.stringify(theirs[field])}`);
  }
  if (mine.ok || theirs.ok) return [];
  const problems: string[] = [];
  if (theirs.currentContext !== undefined && mine.context !== theirs.currentContext) {
    problems.push(
      `context: ours ${JSON.stringify(mine.context)}, kubectl current-context ${JSON.stringify(theirs.currentContext)}`,
    );
  }
  const codes = codesForMessage(theirs.message);
  if (!codes.has(mine.error.code))
    problems.push(
      `error code ${mine.error.code} does not fit kubectl's message (expected one of ${[...codes].join(', ') || 'nothing we know'})`,
    );
  return problems;
}
