/**
 * Which commands are destructive (the documented list, replaceable in config.yaml) and which
 * merely mutate. A pattern is `tool verb [sub-verb…] [--flag | --flag=value …]`; a command matches
 * when its first words are the pattern's words and it carries every pattern flag. Pure.
 */
import type { CommandLine, Tool } from './argv.js';
import { canonicalWords } from './flags.js';
import { goInteger } from './go-int.js';
import { isOffCluster, readOnlyCommand } from './read-only.js';

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
  // Aliases mean the same command: `helm delete` and `helm del` are `helm uninstall`.
  return { source, tool, words: canonicalWords(tool, words), flags };
}

/** Equal as the tool reads them: integers in Go's syntax by value (`--replicas=0x0` is 0). */
function sameValue(seen: string, wanted: string): boolean {
  if (seen === wanted) return true;
  const a = goInteger(seen);
  const b = goInteger(wanted);
  return a !== undefined && b !== undefined && a === b;
}

export function matchesOperation(line: CommandLine, pattern: OperationPattern): boolean {
  if (line.tool !== pattern.tool) return false;
  if (!pattern.words.every((word, index) => line.words[index] === word)) return false;
  return pattern.flags.every(({ name, value }) => {
    const seen = line.flags.get(name);
    if (value === undefined) return seen !== undefined && seen !== 'false';
    return typeof seen === 'string' && sameValue(seen, value);
  });
}

/**
 * Whether the command may change a cluster or reach into a workload: everything that is neither
 * read-only nor off the cluster (src/guard/read-only.ts), so `exec`, `cp`, `attach`, `debug`,
 * `port-forward`, `proxy`, a plugin and a subcommand newer than the table all count.
 */
export function isMutating(line: CommandLine): boolean {
  return !isReadOnly(line) && !isOffCluster(line.tool, line.path);
}

/** The one read-only test the shell wrappers implement too (read-only.ts). */
export function isReadOnly(line: CommandLine): boolean {
  return readOnlyCommand(line.tool, line.argv);
}

/**
 * `--dry-run`, `=client`, `=server`, `=true` (and helm's bare `--dry-run`) change nothing;
 * `=none` and `=false` are real runs.
 */
export function isDryRun(line: CommandLine): boolean {
  const value = line.flags.get('dry-run');
  if (value === undefined) return false;
  return value === true || ['client', 'server', 'true', 'unchanged'].includes(value);
}
