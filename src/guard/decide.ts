/**
 * The guard's decision for one command: run it, or ask the user to confirm by typing the cluster
 * name, with every reason spelled out. Pure: the target is resolved and classified beforehand.
 */
import type { Resolution } from '../kubeconfig/index.js';
import { sanitizeName } from '../render/index.js';
import type { Classification, Matcher } from '../rules/index.js';
import { deletedNamespaces, type CommandLine } from './argv.js';
import { isMutating, matchesOperation, type OperationPattern } from './operations.js';

/** What this shell's prompt last displayed (the hooks export it), sanitized as displayed. */
export interface Shown {
  context: string;
  cluster: string;
  namespace: string;
}

export interface GuardInput {
  line: CommandLine;
  destructive: OperationPattern[];
  protectedNamespaces: Matcher[];
  resolution: Resolution;
  classification: Classification | undefined;
  shown: Shown | undefined;
}

export interface Decision {
  action: 'run' | 'confirm';
  /** The text the user must type: the cluster name, else the context or server, else `yes`. */
  answer: string;
  /** False when nothing names the target and `answer` is just `yes`: only a terminal may confirm that. */
  named: boolean;
  reasons: string[];
  /** The destructive pattern that matched, if any. */
  destructive: string | undefined;
}

function hostOf(server: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i.exec(server);
  return match ? match[1]!.replace(/^[^@]*@/, '') : server;
}

export function decide(input: GuardInput): Decision {
  const { line, resolution } = input;
  const destructive = input.destructive.find((pattern) => matchesOperation(line, pattern))?.source;
  const target = resolution.ok ? resolution.target : undefined;
  const namespace = line.target.allNamespaces
    ? '(all namespaces)'
    : (line.target.namespace ?? target?.namespace ?? 'default');
  const name =
    target?.cluster ||
    target?.context ||
    (line.target.server ? hostOf(line.target.server) : '') ||
    (resolution.ok ? '' : resolution.context) ||
    '';
  const answer = name || 'yes';
  const named = name !== '';
  const reasons: string[] = [];
  if (!destructive && !isMutating(line)) return { action: 'run', answer, named, reasons, destructive };
  if (destructive && line.target.server)
    reasons.push(
      `it names a server directly (--server ${line.target.server}), so kctx-guard cannot tell which cluster that is`,
    );
  else if (destructive && !resolution.ok)
    reasons.push(`kctx-guard cannot tell which cluster this runs against: ${resolution.error.message}`);
  if (destructive && input.classification?.level === 'danger') {
    reasons.push(`destructive operation (${destructive}) on a danger-level cluster (${input.classification.rule})`);
  }
  for (const name of deletedNamespaces(line)) {
    const rule = input.protectedNamespaces.find((matcher) => matcher.test(name));
    if (rule) reasons.push(`it deletes the protected namespace "${sanitizeName(name)}" (pattern ${rule.source})`);
  }
  if (input.shown) {
    const now: Shown = {
      context: sanitizeName(target?.context ?? ''),
      cluster: sanitizeName(target?.cluster ?? ''),
      namespace: sanitizeName(namespace),
    };
    if (
      now.context !== input.shown.context ||
      now.cluster !== input.shown.cluster ||
      now.namespace !== input.shown.namespace
    ) {
      const show = (s: Shown): string => `${s.cluster || '?'}/${s.context || '?'}:${s.namespace || '?'}`;
      reasons.push(`your prompt showed ${show(input.shown)}; this runs against ${show(now)}`);
    }
  }
  return { action: reasons.length > 0 ? 'confirm' : 'run', answer, named, reasons, destructive };
}
