/**
 * Turns a resolution and a rule set into a cache entry: classify (rules, kubeconfig extensions, the
 * identity memory), name for display, then render. Pure.
 */
import { basename } from 'node:path';
import type { Entry } from '../cache/entry.js';
import { type DeclaredSnapshot, declaredSource } from '../declared/index.js';
import { matchIdentity, type ClusterIdentity, type KnownContext } from '../identity/index.js';
import type { Resolution, Target } from '../kubeconfig/index.js';
import { isOverlayPath } from '../overlay/paths.js';
import { fitName, sanitizeName, segmentParts, type DisplayLevel, type SegmentInput } from '../render/index.js';
import {
  classify,
  decideLevel,
  defaultDisplay,
  displayNames,
  type LevelDecision,
  type RuleSet,
} from '../rules/index.js';

export interface BuildInput {
  key: string;
  kubeconfigValue: string | undefined;
  cwd: string | undefined;
  defaultKubeconfig: string;
  resolution: Resolution;
  ruleSet: RuleSet;
  configFile: string;
  freshnessPaths: string[];
  now: Date;
  /** The target cluster's identity (server, tls-server-name, CA), when it has a server. */
  identity?: ClusterIdentity | undefined;
  /** Contexts elsewhere that the rules classify, from the identity memory. */
  known?: readonly KnownContext[] | undefined;
  /** What clusters declared about themselves, by identity id; applied only when config.yaml turns fetching on. */
  declared?: DeclaredSnapshot | undefined;
}

/** The declarations that apply: none unless config.yaml's `cluster-levels.fetch` is on. */
function declaredOf(input: BuildInput): DeclaredSnapshot | undefined {
  return input.ruleSet.clusterLevels?.fetch ? input.declared : undefined;
}

/** Files named in the marker before the rest are counted. */
const MARKER_FILES = 3;

/**
 * `[KUBECONFIG=…]` marker text, when the shell does not point at the default kubeconfig alone: the
 * files' names in KUBECONFIG's own syntax (`deploy.yaml`, `~/.kube/config:extra.yaml`), the first
 * three and then how many more.
 */
function kubeconfigMarker(input: BuildInput): string | undefined {
  // An overlay is shown as `[pinned]`, not by its file name: the marker names the user's own files.
  const files = input.resolution.files.filter((file) => !isOverlayPath(file));
  if (!input.kubeconfigValue || (files.length === 1 && files[0] === input.defaultKubeconfig)) return undefined;
  if (files.length === 0) return '(no file)';
  const names = files
    .slice(0, MARKER_FILES)
    .map((file) => (file === input.defaultKubeconfig ? '~/.kube/config' : basename(file)));
  const more = files.length - names.length;
  return `${names.join(':')}${more > 0 ? ` +${more} more` : ''}`;
}

/** A server URL may carry `user:password@`, which kubectl sends as basic auth: a secret, never cached. */
export function redactServer(server: string): string {
  return server.replace(/^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^/?#]*@/, '$1***@');
}

/** A file as status and the prompt name it: `~/.kube/config` for the default one. */
function showFile(input: BuildInput): (file: string) => string {
  return (file) => (file === input.defaultKubeconfig ? '~/.kube/config' : file);
}

/** The target's level from every source (see rules/sources.ts); undefined in the error state. */
function levelOf(input: BuildInput, target: Target): LevelDecision {
  const identity = input.identity;
  return decideLevel({
    classification: classify(target, input.ruleSet.rules),
    context: { name: target.context, declared: target.contextDeclared },
    cluster: { name: target.cluster, declared: target.clusterDefinition?.declared },
    identity:
      identity === undefined
        ? undefined
        : matchIdentity(identity, { context: target.context, file: target.source }, input.known ?? []),
    declaredByCluster: declaredSource(declaredOf(input), identity?.id),
    showFile: showFile(input),
  });
}

/** The longest reason the prompt's note shows; status has it whole. */
const MAX_REASON = 100;

export function buildEntry(input: BuildInput): Entry {
  const { resolution, ruleSet } = input;
  const target = resolution.ok ? { ...resolution.target, server: redactServer(resolution.target.server) } : undefined;
  const classification: LevelDecision | undefined = target && levelOf(input, target);
  const level: DisplayLevel = classification?.level ?? 'error';
  const error = resolution.ok ? undefined : resolution.error;
  const context = target?.context ?? (resolution.ok ? undefined : resolution.context);
  // The prompt, the plain fields and the guard's question all use the display names; status keeps the full ones.
  const displayConfig = ruleSet.display ?? defaultDisplay();
  const display =
    target &&
    displayNames(target, displayConfig, {
      context: target.contextDeclared?.alias,
      cluster:
        target.clusterDefinition?.declared?.alias ??
        (input.identity ? declaredOf(input)?.[input.identity.id]?.alias : undefined),
    });
  const maxLength = displayConfig.maxLength;
  const segmentInput: SegmentInput = {
    level,
    context: display?.context ?? context,
    cluster: display?.cluster,
    namespace: target?.namespace,
    label: classification?.label,
    symbol: classification?.symbol,
    color: classification?.color,
    error: error?.message,
    kubeconfigMarker: kubeconfigMarker(input),
    pinned: resolution.files.some(isOverlayPath),
    configBroken: ruleSet.problems.length > 0,
    maxLength,
  };
  const segment = segmentParts(segmentInput);
  // Why a level no rule gave: in the prompt, so the user sees that `temple` is prod-leap.
  const reason = classification?.reason;
  if (reason !== undefined) {
    const shown = `[${sanitizeName(reason, MAX_REASON)}]`;
    segment.note = segment.note === '' ? shown : `${segment.note} ${shown}`;
  }
  return {
    key: input.key,
    freshnessPaths: input.freshnessPaths,
    level,
    segment,
    plain: {
      context: fitName(display?.context ?? context ?? '', maxLength),
      cluster: fitName(display?.cluster ?? '', maxLength),
      namespace: fitName(target?.namespace ?? '', undefined),
    },
    details: {
      kubeconfigValue: input.kubeconfigValue ?? null,
      cwd: input.cwd ?? null,
      kubeconfig: resolution.files,
      context: context ?? null,
      cluster: target?.cluster ?? null,
      display: display ?? null,
      namespace: target?.namespace ?? null,
      user: target?.user ?? null,
      server: target?.server ?? null,
      source: target?.source ?? null,
      level,
      rule: classification?.rule ?? null,
      identity: input.identity
        ? {
            id: input.identity.id,
            server: input.identity.server,
            tlsServerName: input.identity.tlsServerName,
            ca: input.identity.ca,
          }
        : null,
      levelSources: classification?.sources ?? [],
      levelProblems: classification?.problems ?? [],
      clusterLevels: ruleSet.clusterLevels?.fetch ? { ttlMs: ruleSet.clusterLevels.ttlMs } : null,
      label: classification?.label ?? null,
      error: error?.message ?? null,
      errorCode: error?.code ?? null,
      errorFile: error?.file ?? null,
      configFile: input.configFile,
      configProblems: ruleSet.problems.map((problem) => ({ ...problem, line: problem.line ?? null })),
      computedAt: input.now.toISOString(),
    },
  };
}
