/** Doctor checks of the machine and of kctx-guard's own files: Node, daemon, cache folder, config.yaml, kubectl. Read-only. */
import { accessSync, constants, lstatSync, type Stats, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { cacheWriteProblem, keyForEnv } from '../cache/index.js';
import { cacheDir, stateDir, type Env } from '../locations.js';
import type { Check } from './doctor.js';
import { readFallbackNote } from './fallback-note.js';
import { queryDaemon } from './lifecycle.js';
import { describeProblem, loadRuleConfig } from './rule-config.js';

const MINIMUM_NODE = [20, 19] as const;

/** @param version `process.versions.node`, e.g. `20.19.0`. */
export function checkNode(version: string): Check {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const ok = major > MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor >= MINIMUM_NODE[1]);
  return {
    name: 'node',
    status: ok ? 'ok' : 'fail',
    detail: `Node.js ${version}${ok ? '' : `, older than ${MINIMUM_NODE.join('.')}`}`,
    fix: ok
      ? null
      : `install Node.js ${MINIMUM_NODE.join('.')} or newer (for example: nvm install 22), then run kctx-guard daemon restart`,
  };
}

export async function checkDaemon(env: Env): Promise<Check> {
  const info = await queryDaemon(env);
  if (info)
    return {
      name: 'daemon',
      status: 'ok',
      detail: `running (pid ${info.pid}, since ${info.startedAt}), answers on its control socket`,
      fix: null,
    };
  return {
    name: 'daemon',
    status: 'fail',
    detail: `not running, or not answering on its control socket (log: ${join(stateDir(env), 'daemon.log')})`,
    fix: 'kctx-guard daemon start   (if a daemon hangs: kctx-guard daemon restart)',
  };
}

/** The checks of `ensurePrivateDir`, without creating or chmod-ing anything. */
export function checkCacheDir(env: Env): Check {
  const dir = cacheDir(env);
  const check = (status: Check['status'], detail: string, fix: string | null): Check => ({
    name: 'cache folder',
    status,
    detail: `${dir}: ${detail}`,
    fix,
  });
  let stat: Stats;
  try {
    stat = lstatSync(dir);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT')
      return check('warn', 'does not exist yet; the daemon creates it with mode 0700', 'kctx-guard daemon start');
    return check(
      'fail',
      `cannot be inspected: ${(error as Error).message}`,
      `set KCTX_GUARD_DIR to a folder of your own, then: kctx-guard daemon restart`,
    );
  }
  if (!stat.isDirectory())
    return check(
      'fail',
      'is not a directory (a symlink or file is in the way)',
      `rm '${dir}' && kctx-guard daemon restart   (or set KCTX_GUARD_DIR)`,
    );
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) {
    return check(
      'fail',
      `belongs to uid ${stat.uid}, not to you (uid ${uid})`,
      `set KCTX_GUARD_DIR to a folder of your own, or have its owner remove '${dir}'`,
    );
  }
  const mode = (stat.mode & 0o777).toString(8);
  if ((stat.mode & 0o022) !== 0)
    return check(
      'fail',
      `is writable by other users (mode ${mode}): they could feed your prompt false data`,
      `chmod 700 '${dir}'`,
    );
  if ((stat.mode & 0o077) !== 0)
    return check('fail', `is readable by other users (mode ${mode})`, `chmod 700 '${dir}'`);
  // A probe file, removed at once: nothing is left behind.
  const write = cacheWriteProblem(dir);
  if (write) return check('fail', `yours, mode 700, but it takes no write: ${write.message}`, write.fix);
  return check('ok', 'yours, mode 700, writable', null);
}

/** The prompt's fallback could not leave a trusted entry for this shell lately: the prompt said "unknown". */
export function checkFallback(env: Env, cwd: string): Check {
  const note = readFallbackNote(env, keyForEnv(env, cwd));
  if (!note) return { name: 'prompt', status: 'ok', detail: 'no "unknown" from this shell lately', fix: null };
  return {
    name: 'prompt',
    status: 'warn',
    detail: `showed "unknown" at ${new Date(note.at).toLocaleTimeString()}: ${note.reason}`,
    fix: note.fix,
  };
}

export function checkConfig(env: Env): Check {
  const config = loadRuleConfig(env);
  const problems = [...config.ruleSet.problems.map(describeProblem), ...config.guardProblems];
  if (!config.exists)
    return { name: 'config', status: 'ok', detail: `${config.file}: absent, the built-in rules apply`, fix: null };
  if (problems.length === 0)
    return {
      name: 'config',
      status: 'ok',
      detail: `${config.file}: valid, ${config.ruleSet.rules.length} rules in force`,
      fix: null,
    };
  const unreadable = config.ruleSet.problems.some((problem) => problem.message.startsWith('cannot read'));
  return {
    name: 'config',
    status: 'fail',
    detail: `${config.file} is ignored, the built-in defaults are in force:\n${problems.join('\n')}`,
    fix: unreadable
      ? `chmod u+r '${config.file}'`
      : `edit ${config.file} at the lines above (docs/rules.md describes the format), then run kctx-guard doctor again`,
  };
}

/** Looks for an executable `kubectl` in the PATH of `env`, as the shell would. */
export function findOnPath(env: Env, program: string): string | undefined {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isDirectory()) continue;
      return candidate;
    } catch {
      // Not here; try the next folder.
    }
  }
  return undefined;
}

export function checkKubectl(env: Env): Check {
  const found = findOnPath(env, 'kubectl');
  if (found) return { name: 'kubectl', status: 'ok', detail: found, fix: null };
  return {
    name: 'kubectl',
    status: 'fail',
    detail: 'not found on PATH',
    fix: 'install kubectl (https://kubernetes.io/docs/tasks/tools/) and add its folder to PATH',
  };
}
