/**
 * `kctx-guard uninstall`: removes what kctx-guard itself put on the machine (service file, the
 * ~/.local/bin link to this checkout, cache and state folders), stops the daemon first, and
 * lists or removes the rc-file lines that load it. Kubeconfig files are never touched, and
 * config.yaml only on request. With `dryRun` it changes nothing and says what it would do.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  defaultPlatform,
  disableCommands,
  GENERATED_MARKER,
  servicePlan,
  type ServicePlatform,
} from '../service/index.js';
import { CACHE_FILES, cacheDir, configFile, homeDir, stateDir, type Env } from '../locations.js';
import { BIN_SCRIPT, queryDaemon, stopDaemon } from './lifecycle.js';
import { findRcLines, removeLines, type RcLine } from './rc-lines.js';
import { uninstallServiceFile } from './service.js';
import { uninstallShim } from './shim.js';
import { stableNodePath } from '../service/node-path.js';

export interface UninstallOptions {
  dryRun: boolean;
  /** Also remove the rc-file lines (after a backup). */
  rc: boolean;
  /** Also remove config.yaml. */
  config: boolean;
  /** The service platform; undefined: this machine's, if it has one. */
  platform: ServicePlatform | undefined;
}

/** The link the README tells people to make. */
export const PATH_LINK = (env: Env): string => join(homeDir(env), '.local', 'bin', 'kctx-guard');

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function pointsAtThisKctxGuard(link: string): boolean {
  const target = resolve(dirname(link), readlinkSync(link));
  try {
    return realpathSync(target) === realpathSync(BIN_SCRIPT);
  } catch {
    return target === BIN_SCRIPT;
  }
}

/** Names kctx-guard writes into its cache folder: CACHE_FILES, the socket files and their lock, temp files, entries (e… or l…). */
const OUR_FILES = new Set<string>([...Object.values(CACHE_FILES), 'daemon.sock', 'daemon.sock.lock']);
const isOurs = (name: string): boolean => OUR_FILES.has(name) || /^(\.tmp-.*|daemon-\d+\.sock|[el].*)$/.test(name);

/**
 * Why a cache folder must be left alone, or undefined when it is ours to remove: a folder named
 * kctx-guard is; one the user named with KCTX_GUARD_DIR only when it holds nothing but our files
 * (KCTX_GUARD_DIR=$HOME must never cost a home folder).
 */
function cacheFolderDoubt(dir: string): string | undefined {
  if (basename(dir) === 'kctx-guard') return undefined;
  const foreign = readdirSync(dir).filter((name) => !isOurs(name));
  return foreign.length === 0
    ? undefined
    : `it holds files kctx-guard did not make (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''})`;
}

/** Every cache folder the daemon or a hook may have used: the one in force and the fallbacks the hooks take. */
function cacheFolders(env: Env): string[] {
  const fallbacks = [cacheDir(env), cacheDir({ ...env, KCTX_GUARD_DIR: undefined })];
  fallbacks.push(cacheDir({ ...env, KCTX_GUARD_DIR: undefined, XDG_RUNTIME_DIR: undefined }));
  return [...new Set(fallbacks)];
}

/**
 * Does (or with dryRun, describes) the uninstall, writing one line per step through `log`.
 * Returns the exit status: 0, or 1 when a step failed (the others still run).
 */
export async function uninstall(env: Env, options: UninstallOptions, log: (line: string) => void): Promise<number> {
  const would = (done: string, planned: string): string => (options.dryRun ? planned : done);
  let status = 0;
  const step = async (what: () => void | Promise<void>): Promise<void> => {
    try {
      await what();
    } catch (error) {
      log(`✖ ${(error as Error).message}`);
      status = 1;
    }
  };
  if (options.dryRun) log('Dry run: nothing is changed.\n');

  await step(async () => {
    const info = await queryDaemon(env);
    if (!info) return log('The daemon is not running.');
    if (!options.dryRun) await stopDaemon(env);
    log(`${would('Stopped', 'Would stop')} the daemon (pid ${info.pid}).`);
  });

  await step(() => {
    const platform = options.platform ?? defaultPlatform();
    if (!platform) return log(`No service file to look for on ${process.platform}.`);
    const plan = servicePlan(platform, env, stableNodePath(process.execPath, env['PATH']), BIN_SCRIPT);
    if (!existsSync(plan.file)) return log(`No service file (${plan.file} does not exist).`);
    if (!readFileSync(plan.file, 'utf8').includes(GENERATED_MARKER))
      return log(
        `Left alone: ${plan.file} was not written by kctx-guard (kctx-guard daemon uninstall --force removes it).`,
      );
    const removed = options.dryRun ? [plan.file] : uninstallServiceFile(plan, false);
    for (const file of removed) log(`${would('Removed', 'Would remove')} ${file}`);
    log(`  then stop the service if it still runs: ${disableCommands(plan).join(' && ')}`);
  });

  await step(() => {
    const link = PATH_LINK(env);
    const stat = lstatOrUndefined(link);
    if (!stat) return log(`No link at ${link}.`);
    if (!stat.isSymbolicLink() || !pointsAtThisKctxGuard(link)) {
      const what = stat.isSymbolicLink() ? `points to ${readlinkSync(link)}` : 'is not a link';
      return log(`Left alone: ${link} ${what}, not to this kctx-guard (${BIN_SCRIPT}).`);
    }
    const target = readlinkSync(link);
    if (!options.dryRun) rmSync(link);
    log(`${would('Removed', 'Would remove')} the link ${link} → ${target}`);
  });

  await step(() => {
    const { removed, kept } = uninstallShim(env, options.dryRun);
    for (const path of removed) log(`${would('Removed', 'Would remove')} ${path} (PATH shim)`);
    for (const path of kept) log(`Left alone: ${path} was not written by kctx-guard shim install.`);
    if (removed.length > 0) log('  and remove the line that puts the shim folder on PATH from your rc files');
  });

  const folders: [string, string][] = [
    ...cacheFolders(env).map((dir): [string, string] => ['cache folder', dir]),
    ['state folder (daemon log, guard decisions log)', stateDir(env)],
  ];
  for (const [what, dir] of folders) {
    await step(() => {
      const stat = lstatOrUndefined(dir);
      if (!stat) return;
      if (!stat.isDirectory()) return log(`Left alone: ${dir} is not a folder.`);
      if (process.getuid && stat.uid !== process.getuid()) return log(`Left alone: ${dir} belongs to another user.`);
      const doubt = what.startsWith('cache') ? cacheFolderDoubt(dir) : undefined;
      if (doubt) return log(`Left alone: the ${what} ${dir}: ${doubt}; remove it yourself if it is only kctx-guard's.`);
      if (!options.dryRun) rmSync(dir, { recursive: true, force: true });
      log(`${would('Removed', 'Would remove')} the ${what} ${dir}`);
    });
  }

  await step(() => {
    const config = configFile(env);
    if (!existsSync(config)) return;
    if (!options.config) return log(`Kept ${config} (your rules; --config removes it too).`);
    if (!options.dryRun) rmSync(config);
    log(`${would('Removed', 'Would remove')} ${config}`);
  });
  log('Kept your kubeconfig files: kctx-guard never changes them.');

  await step(() => rcStep(env, options, log));
  log('\nShells that still run the hook start the daemon again when they need it: close them.');
  return status;
}

function rcStep(env: Env, options: UninstallOptions, log: (line: string) => void): void {
  const lines = findRcLines(env);
  const where = (line: RcLine): string => `  ${line.file}:${line.line}: ${line.text}`;
  if (lines.length === 0) {
    log('\nNo rc file loads kctx-guard.');
    return;
  }
  const removable = lines.filter((line) => line.removable);
  const byHand = lines.filter((line) => !line.removable);
  if (!options.rc) {
    log('\nThese rc-file lines load kctx-guard; delete them (or run: kctx-guard uninstall --rc):');
    for (const line of lines) log(where(line));
    return;
  }
  if (removable.length > 0) {
    log(`\n${options.dryRun ? 'Would remove' : 'Removed'} these rc-file lines:`);
    for (const line of removable) log(where(line));
    const files = [...new Set(removable.map((line) => line.file))];
    for (const file of files) {
      const numbers = removable.filter((line) => line.file === file).map((line) => line.line);
      if (!options.dryRun) log(`  backup of ${file}: ${removeLines(file, numbers)}`);
    }
  }
  if (byHand.length > 0) {
    log('\nThese lines do more than load kctx-guard, or sit inside a block; edit them by hand:');
    for (const line of byHand) log(where(line));
  }
}
