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
import { buildEntry } from './build.js';
import { freshnessPaths, pathState, type PathState } from './freshness.js';
import { caFileReader, identityOfCluster, observeContexts, type Observation } from './identities.js';
import {
  type AcknowledgedHidden,
  type Drift,
  type HiddenDefinition,
  hiddenKey,
  type KnownContext,
} from '../identity/index.js';
import type { DeclaredSnapshot } from '../declared/index.js';
import { knownWith } from './level.js';
import { loadKubeconfigFile } from './load.js';
import { ParseCache } from './parse-cache.js';
import { hiddenDefinitions, isTargets, shadowedNames } from './shadow.js';
import { isPerProcessText, PER_PROCESS_MESSAGE } from './read-file.js';
import { readRuleFile } from './rule-file.js';

export interface ComputeRequest {
  key: string;
  kubeconfig: string | undefined;
  /** Working directory for relative KUBECONFIG entries. */
  cwd: string;
  home: string;
  configFile: string;
  /** Contexts the rules classify elsewhere (the identity memory's snapshot); none: names and extensions alone decide. */
  known?: readonly KnownContext[] | undefined;
  /** Names that now reach another cluster, not acknowledged yet (the memory's): every entry shows them. */
  drift?: readonly Drift[] | undefined;
  /** Definitions kubectl hides that the daemon found in any shell's files, not acknowledged: every entry shows them. */
  hidden?: readonly HiddenDefinition[] | undefined;
  /** Hidden definitions the user has seen (`kctx-guard ack`): the target's own are not marked either. */
  hiddenAcknowledged?: readonly AcknowledgedHidden[] | undefined;
  /** What clusters declared about themselves (src/declared), by identity id. */
  declared?: DeclaredSnapshot | undefined;
}

export interface Computed {
  entry: Entry;
  /** The state of the freshness paths the entry reflects. */
  state: PathState;
  /** What the identity memory learns: every context of the files that were read, those files, and what they hide. */
  observed: { files: string[]; contexts: Observation[]; hidden: { files: string[]; found: HiddenDefinition[] } };
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

/** The memory's hidden definitions that are not the target's own (those are said from the files read now). */
function elsewhere(hidden: readonly HiddenDefinition[], own: HiddenDefinition[]): HiddenDefinition[] {
  const keys = new Set(own.map(hiddenKey));
  return hidden.filter((item) => !keys.has(hiddenKey(item)));
}

/** The files that define anything, in order: one read mid-write (empty for a moment) says nothing. */
function definingFiles(loaded: LoadedFile[]): string[] {
  return loaded.flatMap((file) =>
    file.status === 'ok' && (file.config.contexts.size > 0 || file.config.clusters.size > 0) ? [file.path] : [],
  );
}

/** The target's CA file, when its identity comes from one (`certificate-authority-data` would win). */
function identitySources(resolution: Resolution): string[] {
  const ca = resolution.ok ? resolution.target.clusterDefinition?.ca : undefined;
  return ca?.kind === 'file' ? [ca.path] : [];
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
  // Sources found by reading (included rules files, the target's CA file) join from the next attempt on.
  let found: string[] = [];
  const sources = (): string[] => [...files, request.configFile, ...found];
  // A per-process path (/dev/fd/63 from `<(…)`) is not even looked at: its folder is this process's.
  const perProcess = files.some(isPerProcessText);
  let paths = perProcess ? [] : freshnessPaths(sources());
  let before = pathState(paths);
  // An attempt that only found more sources reads again: unchanged files are not parsed twice.
  const parses = new ParseCache();
  for (let attempt = 1; ; attempt++) {
    const refused = refusedByText(files, paths);
    let resolution: Resolution;
    let loaded: LoadedFile[] = [];
    if (refused !== undefined) {
      resolution = { ok: false, error: refused, files, context: undefined };
    } else {
      loaded = files.map((file) => parses.load(file, loadFile));
      resolution = resolveTarget(loaded);
    }
    const { ruleSet } = readRuleFile(request.configFile, request.home);
    const readCa = caFileReader();
    found = [...(ruleSet.included ?? []), ...identitySources(resolution)];
    // A file that appeared meanwhile joins the freshness paths: that is a change too.
    const pathsAfter = perProcess ? [] : freshnessPaths(sources());
    const samePaths = pathsAfter.join('\n') === paths.join('\n');
    const after = pathState(pathsAfter);
    if ((samePaths && after.signature === before.signature) || attempt === MAX_ATTEMPTS) {
      const found = hiddenDefinitions(loaded, readCa);
      const observed = {
        files: loaded.filter((file) => file.status === 'ok').map((file) => file.path),
        contexts: observeContexts(loaded, ruleSet.rules, readCa),
        hidden: { files: definingFiles(loaded), found },
      };
      const target = resolution.ok ? resolution.target : undefined;
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
        known: knownWith(request.known ?? [], observed),
        drift: request.drift,
        declared: request.declared,
        shadowed: target === undefined ? [] : shadowedNames(found, target, request.hiddenAcknowledged ?? []),
        // What other shells' files hide; the target's own are said from what was read now.
        hiddenElsewhere: elsewhere(
          request.hidden ?? [],
          target === undefined ? [] : found.filter((item) => isTargets(item, target)),
        ),
      });
      return { entry, state: samePaths && after.signature === before.signature ? after : before, observed };
    }
    paths = pathsAfter;
    before = after;
  }
}
