/**
 * Turns a resolution and a rule set into a cache entry: classify (rules, kubeconfig extensions, the
 * identity memory), name for display, then render. Pure.
 */
import { basename } from 'node:path';
import type { Entry } from '../cache/entry.js';
import type { DeclaredSnapshot } from '../declared/index.js';
import {
  type ClusterIdentity,
  describeDrift,
  describeHidden,
  type Drift,
  type HiddenDefinition,
  type KnownContext,
} from '../identity/index.js';
import type { Resolution } from '../kubeconfig/index.js';
import { isOverlayPath } from '../overlay/paths.js';
import { fitName, sanitizeName, segmentParts, type DisplayLevel, type SegmentInput } from '../render/index.js';
import { defaultDisplay, displayNames, type LevelDecision, type RuleSet } from '../rules/index.js';
import { declaredWhenOn, showFileFor, targetLevel } from './level.js';
import { redactServer } from './redact.js';
import { type Shadowed, shadowNotes } from './shadow.js';

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
  /** Names that now reach another cluster, until acknowledged: shown in every entry. */
  drift?: readonly Drift[] | undefined;
  /** The target's names defined again in a later file, reaching another cluster (kubectl ignores them). */
  shadowed?: readonly Shadowed[] | undefined;
  /** What other files kubectl reads hide, not acknowledged (the memory's): shown in every entry. */
  hiddenElsewhere?: readonly HiddenDefinition[] | undefined;
}

/** Files named in the marker before the rest are counted. */
const MARKER_FILES = 3;

/** A file named briefly in the prompt: `~/.kube/config` for the default one, else its base name. */
const briefFile =
  (input: BuildInput) =>
  (file: string): string =>
    file === input.defaultKubeconfig ? '~/.kube/config' : basename(file);

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
  const names = files.slice(0, MARKER_FILES).map(briefFile(input));
  const more = files.length - names.length;
  return `${names.join(':')}${more > 0 ? ` +${more} more` : ''}`;
}

/** The longest reason the prompt's note shows; status has it whole. */
const MAX_REASON = 100;

export function buildEntry(input: BuildInput): Entry {
  const { resolution, ruleSet } = input;
  const declared = declaredWhenOn(ruleSet, input.declared);
  const target = resolution.ok ? { ...resolution.target, server: redactServer(resolution.target.server) } : undefined;
  const classification: LevelDecision | undefined =
    target &&
    targetLevel({
      target,
      rules: ruleSet.rules,
      identity: input.identity,
      known: input.known ?? [],
      declared,
      showFile: showFileFor(input.defaultKubeconfig),
    });
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
        (input.identity ? declared?.[input.identity.id]?.alias : undefined),
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
  const show = showFileFor(input.defaultKubeconfig);
  const drift = input.drift ?? [];
  const notes = [
    classification?.reason,
    ...shadowNotes(input.shadowed ?? [], input.hiddenElsewhere ?? [], briefFile(input)),
    // In every shell, whatever its target: someone believes a name means what it meant before.
    drift.length === 1 ? `drift: ${drift[0]!.context} now points at ${drift[0]!.to.server}; kctx-guard ack` : undefined,
    drift.length > 1
      ? `drift: ${drift.length} contexts point elsewhere (${drift.map((item) => item.context).join(', ')}); kctx-guard ack`
      : undefined,
  ];
  for (const note of notes) {
    if (note === undefined) continue;
    const shown = `[${sanitizeName(note, MAX_REASON)}]`;
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
      shadowed: [...(input.shadowed ?? [])],
      hiddenElsewhere: (input.hiddenElsewhere ?? []).map((item) => ({
        kind: item.kind,
        name: item.name,
        file: item.file,
        server: item.server,
        text: describeHidden(item, show),
      })),
      drift: drift.map((item) => ({ ...item, text: describeDrift(item, show) })),
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
