/**
 * Which commands are destructive (the documented list, replaceable in config.yaml) and which
 * merely mutate. A pattern is `tool verb [sub-verb…] [--flag | --flag=value …]`; a command matches
 * when its first words are the pattern's words and it carries every pattern flag. Pure.
 */
import type { CommandLine, Tool } from './argv.js';

export interface OperationPattern {
  source: string;
  tool: Tool;
  words: string[];
  flags: { name: string; value: string | undefined }[];
}

export const DEFAULT_DESTRUCTIVE = [
  'kubectl delete',
  'kubectl drain',
  'kubectl replace --force',
  'kubectl apply --prune',
  'kubectl scale --replicas=0',
  'kubectl config delete-context',
  'kubectl config delete-cluster',
  'kubectl config delete-user',
  'helm uninstall',
  'helm delete',
  'helm rollback',
];

/** Verbs that change something; with the prompt's target in doubt they need a confirmation too. */
const MUTATING: Record<Tool, Set<string>> = {
  kubectl: new Set([
    'apply',
    'create',
    'delete',
    'drain',
    'edit',
    'patch',
    'replace',
    'scale',
    'autoscale',
    'annotate',
    'label',
    'set',
    'taint',
    'cordon',
    'uncordon',
    'rollout',
    'expose',
    'run',
  ]),
  helm: new Set(['install', 'upgrade', 'uninstall', 'delete', 'rollback']),
};

export class PatternSyntaxError extends Error {
  override readonly name = 'PatternSyntaxError';
}

/** @throws PatternSyntaxError for a pattern that does not start with kubectl or helm and a verb. */
export function parseOperation(source: string): OperationPattern {
  const [tool, ...rest] = source.trim().split(/\s+/);
  if (tool !== 'kubectl' && tool !== 'helm')
    throw new PatternSyntaxError(`"${source}" must start with kubectl or helm`);
  const words = rest.filter((part) => !part.startsWith('-'));
  if (words.length === 0) throw new PatternSyntaxError(`"${source}" names no verb`);
  const flags = rest
    .filter((part) => part.startsWith('--'))
    .map((part) => {
      const eq = part.indexOf('=');
      return { name: part.slice(2, eq === -1 ? undefined : eq), value: eq === -1 ? undefined : part.slice(eq + 1) };
    });
  return { source, tool, words, flags };
}

export function matchesOperation(line: CommandLine, pattern: OperationPattern): boolean {
  if (line.tool !== pattern.tool) return false;
  if (!pattern.words.every((word, index) => line.words[index] === word)) return false;
  return pattern.flags.every(({ name, value }) => {
    const seen = line.flags.get(name);
    return value === undefined ? seen !== undefined && seen !== 'false' : seen === value;
  });
}

export function isMutating(line: CommandLine): boolean {
  const verb = line.words[0];
  if (verb === undefined) return false;
  // kubectl config edits the local kubeconfig, which is how the target is changed on purpose.
  if (line.tool === 'kubectl' && verb === 'config') return false;
  return MUTATING[line.tool].has(verb);
}
