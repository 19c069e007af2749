/**
 * Computes a cache entry from disk: reads the kubeconfig files and config.yaml between two
 * snapshots of their freshness paths, and retries when they changed while being read.
 */
import { join } from 'node:path';
import type { Entry } from '../cache/entry.js';
import { PATH_SEPARATOR } from '../cache/entry.js';
import {
  dependsOnDirectory,
  KubeconfigError,
  kubeconfigFiles,
  resolveTarget,
  type LoadedFile,
  type Resolution,
} from '../kubeconfig/index.js';
import { parseRuleConfig, type RuleSet } from '../rules/index.js';
import { buildEntry } from './build.js';
import { freshnessPaths, pathState, type PathState } from './freshness.js';
import { asKnown, caFileReader, identityOfCluster, observeContexts, type Observation } from './identities.js';
import type { KnownContext } from '../identity/index.js';
import type { DeclaredSnapshot } from '../declared/index.js';
import { loadKubeconfigFile, MAX_KUBECONFIG_BYTES } from './load.js';
import { FileRefusedError, isPerProcessText, PER_PROCESS_MESSAGE, readRegularFile } from './read-file.js';

export interface ComputeRequest {
  key: string;
  kubeconfig: string | undefined;
  /** Working directory for relative KUBECONFIG entries. */
  cwd: string;
  home: string;
  configFile: string;
  /** Contexts the rules classify elsewhere (the identity memory's snapshot); none: names and extensions alone decide. */
  known?: readonly KnownContext[] | undefined;
  /** What clusters declared about themselves (src/declared), by identity id. */
  declared?: DeclaredSnapshot | undefined;
}

export interface Computed {
  entry: Entry;
  /** The state of the freshness paths the entry reflects. */
  state: PathState;
  /** What the identity memory learns: every context of the files that were read, and those files. */
  observed: { files: string[]; contexts: Observation[] };
}

function readRuleSet(file: string): RuleSet {
  let text: string | undefined;
  try {
    text = readRegularFile(file, MAX_KUBECONFIG_BYTES);
  } catch (error) {
    if (error instanceof FileRefusedError || (error as { code?: string }).code !== 'ENOENT') {
      const rules = parseRuleConfig(undefined, file).rules;
      return { rules, problems: [{ file, line: undefined, message: `cannot read: ${(error as Error).message}` }] };
    }
  }
  return parseRuleConfig(text, file);
}

const MAX_ATTEMPTS = 5;

/** Why no path of this KUBECONFIG value can be watched or read, judged from its text alone. */
function refusedByText(files: string[], paths: string[]): KubeconfigError | undefined {
  const perProcess = files.find(isPerProcessText);
  if (perProcess !== undefined)
    return new KubeconfigError('unreadable', `cannot read: ${PER_PROCESS_MESSAGE}`, perProcess);
  const unsafe = paths.find((path) => path.includes('\n') || path.includes(PATH_SEPARATOR));
  if (unsafe !== undefined)
    return new KubeconfigError(
      'unreadable',
      'a KUBECONFIG path contains a newline or 0x1F character; kctx-guard cannot watch it',
      unsafe,
    );
  return undefined;
}

/** The kubeconfig files a request reads, in KUBECONFIG order (path text only, no I/O). */
export function kubeconfigFilesOf(request: ComputeRequest): string[] {
  return kubeconfigFiles(request.kubeconfig, request.home, request.cwd);
}

/** The freshness paths a request starts from, as computeEntry takes them before reading. */
export function sourcePaths(request: ComputeRequest): string[] {
  const files = kubeconfigFilesOf(request);
  return files.some(isPerProcessText) ? [] : freshnessPaths([...files, request.configFile]);
}

/**
 * Never throws for what is on disk: unreadable and unparsable files become error entries. `loadFile`
 * reads one kubeconfig file (a parse cache passes its own).
 */
export function computeEntry(
  request: ComputeRequest,
  now: () => Date = () => new Date(),
  loadFile: (path: string) => LoadedFile = loadKubeconfigFile,
): Computed {
  const files = kubeconfigFiles(request.kubeconfig, request.home, request.cwd);
  const sources = [...files, request.configFile];
  // A per-process path (/dev/fd/63 from `<(…)`) is not even looked at: its folder is this process's.
  const perProcess = files.some(isPerProcessText);
  let paths = perProcess ? [] : freshnessPaths(sources);
  let before = pathState(paths);
  for (let attempt = 1; ; attempt++) {
    const refused = refusedByText(files, paths);
    let resolution: Resolution;
    let loaded: LoadedFile[] = [];
    if (refused !== undefined) {
      resolution = { ok: false, error: refused, files, context: undefined };
    } else {
      loaded = files.map(loadFile);
      resolution = resolveTarget(loaded);
    }
    const ruleSet = readRuleSet(request.configFile);
    const readCa = caFileReader();
    // A file that appeared meanwhile joins the freshness paths: that is a change too.
    const pathsAfter = perProcess ? [] : freshnessPaths(sources);
    const samePaths = pathsAfter.join('\n') === paths.join('\n');
    const after = pathState(pathsAfter);
    if ((samePaths && after.signature === before.signature) || attempt === MAX_ATTEMPTS) {
      const observed = {
        files: loaded.filter((file) => file.status === 'ok').map((file) => file.path),
        contexts: observeContexts(loaded, ruleSet.rules, readCa),
      };
      const entry = buildEntry({
        key: request.key,
        kubeconfigValue: request.kubeconfig,
        cwd: dependsOnDirectory(request.kubeconfig) ? request.cwd : undefined,
        defaultKubeconfig: join(request.home, '.kube', 'config'),
        resolution,
        ruleSet,
        configFile: request.configFile,
        // A path refused for its text is an error that depends on the KUBECONFIG value alone, which the key pins.
        freshnessPaths: refused === undefined ? paths : [],
        now: now(),
        identity: resolution.ok ? identityOfCluster(resolution.target.clusterDefinition, readCa) : undefined,
        // The files read now say what they hold now; the memory speaks for every other file.
        known: [
          ...(request.known ?? []).filter((known) => !observed.files.includes(known.file)),
          ...asKnown(observed.contexts),
        ],
        declared: request.declared,
      });
      return { entry, state: samePaths && after.signature === before.signature ? after : before, observed };
    }
    paths = pathsAfter;
    before = after;
  }
}
