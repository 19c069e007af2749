/**
 * The kubectl/helm wrappers' tables, derived from the guard's own (src/guard): the global flags
 * with their arity, and the read-only commands (src/guard/read-only.ts) with every spelling. The
 * wrappers and the PATH shim run those without the guard and send everything else to
 * `kctx-guard __guard`, which applies the policy and the user's config.yaml. Pure.
 */
import { FLAG_TABLE } from '../guard/flag-table.js';
import { flagSet, type Tool } from '../guard/flags.js';
import { DEFAULT_DESTRUCTIVE, parseOperation } from '../guard/operations.js';
import { HELP_FLAGS, READ_ONLY, readOnlyCovered } from '../guard/read-only.js';

const TOOLS: Tool[] = ['kubectl', 'helm'];

function aliases(tool: Tool, path: string): string[] {
  return [path.split(' ').at(-1)!, ...(FLAG_TABLE[tool][path]?.aliases ?? [])];
}

/** `tool:verb` or `tool:verb:sub` for every spelling (aliases) of a one- or two-word command. */
function spellings(tool: Tool, command: string): string[] {
  const words = command.split(' ');
  if (words.length > 2) throw new Error(`${tool} ${command}: the wrappers read two words of a command`);
  const first = aliases(tool, words[0]!).map((verb) => `${tool}:${verb}`);
  if (words.length === 1) return first;
  const second = aliases(tool, command);
  return first.flatMap((head) => second.map((sub) => `${head}:${sub}`));
}

function globalFlags(tool: Tool): { value: string[]; known: string[] } {
  const set = flagSet(tool, []);
  const value: string[] = [];
  const known: string[] = [];
  for (const [name, arity] of set.long) (arity === 'value' ? value : known).push(`${tool}:--${name}`);
  for (const [letter, name] of set.short) (set.long.get(name) === 'value' ? value : known).push(`${tool}:-${letter}`);
  return { value, known };
}

/**
 * The read-only table as case patterns: whole verbs (`kubectl:get`), two-word forms
 * (`kubectl:config:view`), parents alone (`kubectl:config`, with no second word), and the parents
 * of two-word forms, in front of whose second word an unknown flag makes the command unreadable.
 */
function readOnlyPatterns(tool: Tool): Record<'verbs' | 'forms' | 'alone' | 'parents', string[]> {
  const { verbs, forms } = READ_ONLY[tool];
  const pairs = forms.filter((form) => form.includes(' '));
  const parents = [...new Set(pairs.map((form) => form.split(' ')[0]!))];
  return {
    verbs: verbs.flatMap((verb) => spellings(tool, verb)),
    forms: pairs.flatMap((form) => spellings(tool, form)),
    alone: forms.filter((form) => !form.includes(' ')).flatMap((verb) => spellings(tool, verb)),
    parents: parents.flatMap((verb) => spellings(tool, verb)),
  };
}

/** A default destructive pattern the wrappers would run without the guard is a mistake in the tables. */
function checkDestructiveReachesGuard(): void {
  for (const source of DEFAULT_DESTRUCTIVE) {
    const pattern = parseOperation(source);
    const covered = readOnlyCovered(pattern.tool, pattern.words);
    if (covered.length > 0) throw new Error(`${source} is destructive but read-only in src/guard/read-only.ts`);
  }
}

/**
 * kubecolor's own flags (0.0.20 and the kubecolor/kubecolor fork): it takes them out and runs kubectl
 * with the rest, so the wrappers judge `kubecolor …` as `kubectl …` without them.
 */
export const KUBECOLOR_FLAGS = ['--plain', '--light-background', '--force-colors', '--kubecolor-version'];

const unique = (words: string[]): string[] => [...new Set(words)];

export function guardTables(): Record<string, readonly string[]> {
  checkDestructiveReachesGuard();
  const globals = TOOLS.map(globalFlags);
  const readOnly = TOOLS.map(readOnlyPatterns);
  return {
    GUARD_VALUE_FLAGS: unique(globals.flatMap((g) => g.value)),
    GUARD_KNOWN_FLAGS: unique(globals.flatMap((g) => g.known)),
    GUARD_HELP_FLAGS: HELP_FLAGS,
    GUARD_READ_ONLY: unique(readOnly.flatMap((r) => r.verbs)),
    GUARD_READ_ONLY_FORMS: unique(readOnly.flatMap((r) => r.forms)),
    GUARD_READ_ONLY_ALONE: unique(readOnly.flatMap((r) => r.alone)),
    GUARD_READ_ONLY_PARENTS: unique(readOnly.flatMap((r) => r.parents)),
    KUBECOLOR_FLAGS,
  };
}
