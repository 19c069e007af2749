/**
 * The kubectl/helm wrappers' tables, derived from the guard's own (src/guard): which flags take a
 * value, which name the target, which command paths may change a cluster, and the default
 * destructive patterns. The wrappers only decide whether a command line surely needs no guard;
 * anything they cannot read goes to `kctx-guard __guard`, which reads the configured lists. Pure.
 */
import { parseCommandLine, type Tool } from '../guard/argv.js';
import { FLAG_TABLE } from '../guard/flag-table.js';
import { flagSet } from '../guard/flags.js';
import { DEFAULT_DESTRUCTIVE, isMutating, parseOperation } from '../guard/operations.js';

const TOOLS: Tool[] = ['kubectl', 'helm'];

/** cobra gives every command these, though the tools' tables list them only where help shows them. */
const HELP_FLAGS = ['-h', '--help'];

/**
 * Levels at which the wrappers send every command that may change a cluster to the guard: where
 * the guard asks for any mutating command, or for a destructive one (a user's config.yaml can call
 * any verb destructive, and the wrappers never read config.yaml). `error` and an empty level (no
 * prompt drawn yet) are the guard's `unknown`. test/shell-tables checks this against decide().
 */
export const GUARD_ASK_LEVELS = ['danger', 'warn', 'error', 'unknown', ''];

function aliases(tool: Tool, path: string): string[] {
  return [path.split(' ').at(-1)!, ...(FLAG_TABLE[tool][path]?.aliases ?? [])];
}

/** `tool:verb` and `tool:verb:sub` for every spelling (aliases) of a one- or two-word path. */
function spellings(tool: Tool, words: readonly string[]): string[] {
  if (words.length > 2) throw new Error(`${tool} ${words.join(' ')}: the wrappers read two words of a command path`);
  const first = aliases(tool, words[0]!).map((verb) => `${tool}:${verb}`);
  if (words.length === 1) return first;
  const second = aliases(tool, words.join(' '));
  return first.flatMap((head) => second.map((sub) => `${head}:${sub}`));
}

function globalFlags(tool: Tool): { value: string[]; known: string[] } {
  const set = flagSet(tool, []);
  const value: string[] = [];
  const known: string[] = HELP_FLAGS.map((flag) => `${tool}:${flag}`);
  for (const [name, arity] of set.long) (arity === 'value' ? value : known).push(`${tool}:--${name}`);
  for (const [letter, name] of set.short) (set.long.get(name) === 'value' ? value : known).push(`${tool}:-${letter}`);
  return { value, known };
}

/** Every flag, on any command, that names or moves the target (as the guard reads a command line). */
function targetFlags(tool: Tool): string[] {
  const out = new Set<string>();
  for (const path of Object.keys(FLAG_TABLE[tool])) {
    const words = path === '' ? [] : path.split(' ');
    const set = flagSet(tool, words);
    for (const name of set.long.keys()) {
      const { named } = parseCommandLine(tool, [...words, `--${name}=x`]).target;
      if (!named.context && !named.namespace) continue;
      out.add(`${tool}:--${name}`);
      for (const [letter, long] of set.short) if (long === name) out.add(`${tool}:-${letter}`);
    }
  }
  return [...out].sort();
}

/** One- and two-word command paths that may change a cluster (a path covers what lies below it). */
function mutatingPaths(tool: Tool): { verbs: string[]; subs: string[] } {
  const verbs: string[] = [];
  const subs: string[] = [];
  for (const path of Object.keys(FLAG_TABLE[tool])) {
    const words = path === '' ? [] : path.split(' ');
    if (words.length === 0 || !isMutating(parseCommandLine(tool, words))) continue;
    if (words.length === 1) verbs.push(...spellings(tool, words));
    else if (!isMutating(parseCommandLine(tool, words.slice(0, 1)))) {
      if (words.length > 2 && !isMutating(parseCommandLine(tool, words.slice(0, 2))))
        throw new Error(`${tool} ${path}: the wrappers read two words of a command path`);
      if (words.length === 2) subs.push(...spellings(tool, words));
    }
  }
  return { verbs, subs };
}

/**
 * The default destructive patterns as `tool:verb[:sub] [--flag[=value]]…`, one per spelling, and the
 * pattern flags (with those that take a value): the wrappers record only these.
 */
function destructive(): { patterns: string[]; flags: string[]; valueFlags: string[] } {
  const patterns: string[] = [];
  const flags = new Set<string>();
  const valueFlags = new Set<string>();
  for (const source of DEFAULT_DESTRUCTIVE) {
    const pattern = parseOperation(source);
    const set = flagSet(pattern.tool, pattern.words);
    const spec = pattern.flags.map(({ name, value }) => (value === undefined ? `--${name}` : `--${name}=${value}`));
    for (const { name } of pattern.flags) {
      if ([...set.short.values()].includes(name))
        throw new Error(`${source}: --${name} has a short form, which the wrappers do not record`);
      flags.add(`${pattern.tool}:--${name}`);
      if (set.long.get(name) === 'value') valueFlags.add(`${pattern.tool}:--${name}`);
    }
    for (const path of spellings(pattern.tool, pattern.words)) patterns.push([path, ...spec].join(' '));
  }
  return { patterns, flags: [...flags], valueFlags: [...valueFlags] };
}

/**
 * kubecolor's own flags (0.0.20 and the kubecolor/kubecolor fork): it takes them out and runs kubectl
 * with the rest, so the wrappers judge `kubecolor …` as `kubectl …` without them.
 */
export const KUBECOLOR_FLAGS = ['--plain', '--light-background', '--force-colors', '--kubecolor-version'];

const unique = (words: string[]): string[] => [...new Set(words)];

export function guardTables(): Record<string, readonly string[]> {
  const globals = TOOLS.map(globalFlags);
  const mutating = TOOLS.map(mutatingPaths);
  const patterns = destructive();
  return {
    GUARD_VALUE_FLAGS: unique(globals.flatMap((g) => g.value)),
    GUARD_KNOWN_FLAGS: unique(globals.flatMap((g) => g.known)),
    GUARD_TARGET_FLAGS: unique(TOOLS.flatMap(targetFlags)),
    GUARD_MUTATING: unique(mutating.flatMap((m) => m.verbs)),
    GUARD_MUTATING_SUBS: unique(mutating.flatMap((m) => m.subs)),
    GUARD_DESTRUCTIVE: unique(patterns.patterns),
    GUARD_PATTERN_FLAGS: patterns.flags,
    GUARD_PATTERN_VALUE_FLAGS: patterns.valueFlags,
    GUARD_ASK_LEVELS,
    KUBECOLOR_FLAGS,
  };
}
