/**
 * The guard's decision for one command: run it, or ask the user to confirm by typing the cluster
 * name, with every reason spelled out. It asks in proportion (DESIGN.md invariant 10, the table in
 * docs/rules.md): danger and unknown targets ask for every mutating command, warn for destructive
 * ones, safe and unclassified only when a rule says so (a protected namespace, a user's list); on
 * every level a target the command line does not name asks when it differs from what the prompt
 * showed (the incident), while one it names is the user's choice. Dry runs never ask. Pure: the
 * target is resolved and classified, and manifests read, beforehand.
 */
import type { Resolution } from '../kubeconfig/index.js';
import { fitName, sanitizeName } from '../render/index.js';
import { defaultDisplay, displayNames, type Classification, type DisplayConfig, type Matcher } from '../rules/index.js';
import { confirmationAnswer, type KnownCluster } from './answer.js';
import type { CommandLine } from './argv.js';
import { namespaceDeletion } from './namespaces.js';
import { isDryRun, isMutating, isReadOnly, matchesOperation, type OperationPattern } from './operations.js';
import { maskUrl } from './secrets.js';

/** What this shell's prompt last displayed (the hooks export it), sanitized as displayed. */
export interface Shown {
  context: string;
  cluster: string;
  namespace: string;
}

/** What the guard learnt from the files a command reads (`-f`), and what it could not read. */
export interface Manifests {
  /** Names of Namespace objects in the files. */
  namespaces: string[];
  /** Sources it cannot see: `-f -` (stdin), `-k dir`, a URL, an unreadable file. */
  unseen: string[];
  /** Every named object in the files, in their order (the blast radius looks them up). */
  objects?: ManifestObject[];
}

export interface ManifestObject {
  apiVersion: string;
  kind: string;
  name: string;
  /** As written in the file; undefined when the file leaves it to `-n` or the context. */
  namespace: string | undefined;
}

export interface GuardInput {
  line: CommandLine;
  destructive: OperationPattern[];
  protectedNamespaces: Matcher[];
  resolution: Resolution;
  classification: Classification | undefined;
  shown: Shown | undefined;
  manifests?: Manifests | undefined;
  /** config.yaml's `display` section: the prompt showed these names, and the short one confirms. */
  display?: DisplayConfig | undefined;
  /** Every cluster in the user's kubeconfig files (KUBECONFIG and ~/.kube/config), to spot a shared short name. */
  knownClusters?: KnownCluster[] | undefined;
  /**
   * What is not acknowledged yet about the target: its context's drift (`prod-eu in ~/.kube/config
   * now points at …`), a later file's definition of its name that kubectl hides.
   */
  unacknowledged?: string[] | undefined;
  /** The display name the target's cluster declares about itself (src/declared), which the prompt shows when its kubeconfig declares none. */
  clusterAlias?: string | undefined;
}

export type Level = 'danger' | 'warn' | 'safe' | 'unclassified' | 'unknown';

export interface Decision {
  action: 'run' | 'confirm';
  /** The text the question asks for: the cluster's display name (or its full name when another cluster shares it), else the context or server, else `yes`. */
  answer: string;
  /** Every text that confirms: `answer`, and the full cluster name. */
  accepted: string[];
  /** Why the short name does not confirm, when another cluster shares it. */
  answerNote: string | undefined;
  /** False when nothing names the target and `answer` is just `yes`: only a terminal may confirm that. */
  named: boolean;
  reasons: string[];
  /** The destructive pattern that matched, if any. */
  destructive: string | undefined;
  /** The level the policy used: `unknown` when kctx-guard cannot tell which cluster this is. */
  level: Level;
}

/** The level the policy applies: a server named directly or an unresolvable kubeconfig is unknown. */
function levelOf(input: GuardInput): Level {
  if (input.line.target.server || !input.resolution.ok) return 'unknown';
  return input.classification?.level ?? 'unclassified';
}

export function decide(input: GuardInput): Decision {
  const { line, resolution } = input;
  const destructive = input.destructive.find((pattern) => matchesOperation(line, pattern))?.source;
  const level = levelOf(input);
  const { answer, accepted, named, note } = confirmationAnswer(
    resolution,
    line.target.server,
    input.display ?? defaultDisplay(),
    input.knownClusters ?? [],
    input.clusterAlias,
  );
  const reasons: string[] = [];
  const decision = (): Decision => ({
    action: reasons.length > 0 ? 'confirm' : 'run',
    answer,
    accepted,
    answerNote: note,
    named,
    reasons,
    destructive,
    level,
  });
  // What the shell wrappers run without the guard, the guard runs too (help included: `delete --help`).
  if (isReadOnly(line)) return decision();
  const cautious = level === 'danger' || level === 'unknown' || level === 'warn';
  // A flag the table does not know may have swallowed the verb, so the verb cannot be trusted. A
  // command kctx-guard does not know (a plugin) owns the flags after its name.
  const unknownFlags = line.path.length === 0 ? line.unknownBeforeWords : line.unknownFlags;
  if (cautious && unknownFlags.length > 0 && !isDryRun(line))
    reasons.push(
      `it uses ${unknownFlags.map((flag) => sanitizeName(flag)).join(', ')}, which kctx-guard does not know, so it cannot tell what the command does`,
    );
  if ((!destructive && !isMutating(line)) || isDryRun(line)) return decision();

  const what = destructive ? `destructive operation (${destructive})` : commandName(line);
  if (level === 'unknown') {
    if (line.target.server)
      reasons.push(
        `it names a server directly (${maskUrl(line.target.server)}), so kctx-guard cannot tell which cluster that is`,
      );
    else if (!resolution.ok)
      reasons.push(`kctx-guard cannot tell which cluster this runs against: ${resolution.error.message}`);
  } else if (level === 'danger')
    reasons.push(`${what} on a danger-level cluster (${input.classification?.rule ?? 'rules'})`);
  else if (level === 'warn' && destructive)
    reasons.push(`${what} on a warn-level cluster (${input.classification?.rule ?? 'rules'})`);
  if (level === 'danger' || level === 'unknown')
    for (const source of input.manifests?.unseen ?? [])
      reasons.push(`it reads objects from ${sanitizeName(maskUrl(source))}, which kctx-guard cannot see`);

  protectedNamespaceReasons(input, reasons);
  if (input.shown) promptDiffers(input, reasons);
  // The name now means another cluster than before, or another file says it means another one:
  // whoever typed it may believe that one.
  for (const item of input.unacknowledged ?? [])
    reasons.push(`${sanitizeName(item, 300)}, and that is not acknowledged yet (kctx-guard ack)`);
  return decision();
}

/** `kubectl rollout undo`; for a command the table does not know, its first word and what that may be. */
function commandName(line: CommandLine): string {
  if (line.path.length > 0) return `${line.tool} ${line.path.join(' ')}`;
  const word = sanitizeName(line.words[0] ?? line.argv.join(' '));
  return `${line.tool} ${word}, which kctx-guard does not know (a plugin or a newer ${line.tool}: it may change anything),`;
}

function protectedNamespaceReasons(input: GuardInput, reasons: string[]): void {
  const { line } = input;
  const deletion = namespaceDeletion(line);
  const fromFiles = line.path[0] === 'delete' ? (input.manifests?.namespaces ?? []) : [];
  for (const name of new Set([...deletion.names, ...fromFiles])) {
    const rule = input.protectedNamespaces.find((matcher) => matcher.test(name));
    if (rule) reasons.push(`it deletes the protected namespace "${sanitizeName(name)}" (pattern ${rule.source})`);
  }
  if (deletion.selectedBy !== undefined && input.protectedNamespaces.length > 0)
    reasons.push(
      `it deletes every namespace that ${sanitizeName(deletion.selectedBy)} selects, which may include protected ones (${input.protectedNamespaces.map((rule) => rule.source).join(', ')})`,
    );
}

/** Fields the command line names are the user's choice; the others must be what the prompt showed. */
function promptDiffers(input: GuardInput, reasons: string[]): void {
  const { line, resolution } = input;
  const shown = input.shown!;
  const target = resolution.ok ? resolution.target : undefined;
  const namespace = line.target.allNamespaces
    ? '(all namespaces)'
    : (line.target.namespace ?? target?.namespace ?? 'default');
  const display = input.display ?? defaultDisplay();
  const names = displayNames({ context: target?.context ?? '', cluster: target?.cluster ?? '' }, display, {
    context: target?.contextDeclared?.alias,
    cluster: target?.clusterDefinition?.declared?.alias ?? input.clusterAlias,
  });
  // The prompt shows display names; an entry written before they existed shows the full ones.
  const full: Shown = {
    context: sanitizeName(target?.context ?? ''),
    cluster: sanitizeName(target?.cluster ?? ''),
    namespace: sanitizeName(namespace),
  };
  const now: Shown = {
    context: fitName(names.context, display.maxLength),
    cluster: fitName(names.cluster, display.maxLength),
    namespace: full.namespace,
  };
  const same = (a: Shown, b: Shown): boolean => a.context === b.context && a.cluster === b.cluster;
  const contextMoved = !line.target.named.context && !same(now, shown) && !same(full, shown);
  const namespaceMoved = !line.target.named.namespace && now.namespace !== shown.namespace;
  if (!contextMoved && !namespaceMoved) return;
  const show = (s: Shown): string => `${s.cluster || '?'}/${s.context || '?'}:${s.namespace || '?'}`;
  const moved = line.target.fromEnv.length > 0 ? ` (moved by ${line.target.fromEnv.join(', ')})` : '';
  reasons.push(`your prompt showed ${show(shown)}; this runs against ${show(now)}${moved}`);
}
