/** Turns a resolution and a rule set into a cache entry: classify, name for display, then render. Pure. */
import { basename } from 'node:path';
import type { Entry } from '../cache/entry.js';
import type { Resolution } from '../kubeconfig/index.js';
import { isOverlayPath } from '../overlay/paths.js';
import { fitName, segmentParts, type DisplayLevel, type SegmentInput } from '../render/index.js';
import { classify, defaultDisplay, displayNames, type Classification, type RuleSet } from '../rules/index.js';

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

export function buildEntry(input: BuildInput): Entry {
  const { resolution, ruleSet } = input;
  const target = resolution.ok ? { ...resolution.target, server: redactServer(resolution.target.server) } : undefined;
  const classification: Classification | undefined = target && classify(target, ruleSet.rules);
  const level: DisplayLevel = classification?.level ?? 'error';
  const error = resolution.ok ? undefined : resolution.error;
  const context = target?.context ?? (resolution.ok ? undefined : resolution.context);
  // The prompt, the plain fields and the guard's question all use the display names; status keeps the full ones.
  const displayConfig = ruleSet.display ?? defaultDisplay();
  const display = target && displayNames(target, displayConfig);
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
  return {
    key: input.key,
    freshnessPaths: input.freshnessPaths,
    level,
    segment: segmentParts(segmentInput),
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
