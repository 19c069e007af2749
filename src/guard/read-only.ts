/**
 * The one table of kubectl and helm commands that surely change nothing anywhere (read-only: the
 * shell wrappers and the PATH shim run them without starting the guard) and of those that change
 * only local files or chart repositories (the guard runs them without asking), and the one reading
 * of a command line against it. Everything else may change a cluster or reach into it: a plugin, a
 * subcommand newer than the table, `exec`, `cp`, `port-forward`. The shell templates implement
 * `readOnlyCommand` with builtins from the tables rendered out of this file;
 * test/shell/guard-allowlist.test.ts runs both on the same rows and requires the same answer. Pure.
 */
import { canonicalWords, flagSet, type Tool } from './flags.js';

export interface ReadOnlyTable {
  /** Commands read-only whatever follows them (sub-commands, arguments, flags). */
  verbs: readonly string[];
  /**
   * Two-word forms (`config view`), and parents alone (`config`, no second word: cobra prints their
   * help; `cluster-info` prints the cluster's addresses, unlike `cluster-info dump`).
   */
  forms: readonly string[];
}

export const READ_ONLY: Record<Tool, ReadOnlyTable> = {
  kubectl: {
    verbs: [
      'get',
      'describe',
      'logs',
      'top',
      'explain',
      'api-resources',
      'api-versions',
      'version',
      // A server-side dry run: admission runs, nothing is stored.
      'diff',
      'events',
      // Only watches; `--for=delete` waits for someone else's deletion.
      'wait',
      // Builds manifests locally.
      'kustomize',
      'completion',
      'options',
      'help',
      // cobra's hidden completion requests (what <Tab> runs).
      '__complete',
      '__completeNoDesc',
    ],
    forms: [
      'cluster-info',
      'config',
      'config view',
      'config current-context',
      'config get-contexts',
      'config get-clusters',
      'config get-users',
      'auth',
      'auth can-i',
      'auth whoami',
      'certificate',
      'plugin',
      'plugin list',
      'rollout',
      'rollout history',
      'rollout status',
      'set',
    ],
  },
  helm: {
    verbs: [
      'list',
      'status',
      'get',
      'history',
      'show',
      'template',
      'search',
      'env',
      'version',
      'lint',
      'verify',
      'completion',
      'help',
      '__complete',
      '__completeNoDesc',
    ],
    forms: ['dependency', 'dependency list', 'plugin', 'plugin list', 'registry', 'repo', 'repo list'],
  },
};

/**
 * Commands (and everything below them) that change only local files, chart repositories or
 * registries, never a cluster: the guard runs them without asking unless a destructive pattern
 * names them (`kubectl config delete-context`).
 */
export const OFF_CLUSTER: Record<Tool, readonly string[]> = {
  kubectl: ['config'],
  helm: ['create', 'dependency', 'package', 'plugin', 'pull', 'push', 'registry', 'repo'],
};

/** cobra gives every command these; kubectl's flag table lists them nowhere, helm's among its globals. */
export const HELP_FLAGS = ['-h', '--help'];

const canonical = (tool: Tool, path: readonly string[], word: string): string =>
  canonicalWords(tool, [...path, word]).at(-1)!;

/** `--name=value` → `--name`, `-nvalue` → `-n`, as the shell templates cut them; undefined for a word. */
export function flagName(arg: string): string | undefined {
  if (/^--.+=/s.test(arg)) return arg.slice(0, arg.indexOf('='));
  if (/^--./s.test(arg)) return arg;
  // Two characters, as the shells count them (a code point each).
  if (/^-./s.test(arg)) return Array.from(arg).slice(0, 2).join('');
  return undefined;
}

/**
 * Whether `tool argv…` is surely read-only. Only the global flags (whose arity it knows) are
 * skipped on the way to the verb, and up to the second word of a parent (`config view`), so a
 * value is never read as a verb: a flag it does not know, given without `=value` there, makes the
 * answer no. After the verb, a bare `-h`/`--help` (not where it may be a flag's value) means help.
 * Nothing before the verb (`kubectl`, `kubectl --context x`) prints kubectl's help; `--` first
 * does not count as that.
 */
export function readOnlyCommand(tool: Tool, argv: readonly string[]): boolean {
  const table = READ_ONLY[tool];
  const globals = flagSet(tool, []);
  const parent = (verb: string): boolean => table.forms.some((form) => form.startsWith(`${verb} `));
  let verb = '';
  let sub = '';
  let want = false;
  let trusted = true;
  let help = false;
  for (const arg of argv) {
    if (want) {
      want = false;
      continue;
    }
    if (arg === '--') {
      if (verb === '') return false;
      break;
    }
    if (HELP_FLAGS.includes(arg)) {
      if (trusted) help = true;
      trusted = true;
      continue;
    }
    const name = flagName(arg);
    if (name === undefined) {
      trusted = true;
      if (verb === '') {
        verb = canonical(tool, [], arg);
        if (table.verbs.includes(verb)) return true;
      } else if (sub === '') {
        sub = canonical(tool, [verb], arg);
        if (table.forms.includes(`${verb} ${sub}`)) return true;
      }
      continue;
    }
    const bare = arg === name;
    const arity = name.startsWith('--') ? globals.long.get(name.slice(2)) : globalShort(globals, name);
    if (arity === 'value') want = bare;
    else if (arity === undefined && bare) {
      // It may take the next word as its value: that word can be neither the verb nor the form's second word.
      if (verb === '' || (sub === '' && parent(verb))) return false;
      trusted = false;
      continue;
    }
    trusted = true;
  }
  if (help || verb === '') return true;
  return sub === '' && table.forms.includes(verb);
}

function globalShort(globals: ReturnType<typeof flagSet>, name: string): 'bool' | 'value' | 'optional' | undefined {
  const long = globals.short.get(name.slice(1));
  return long === undefined ? undefined : globals.long.get(long);
}

/** Whether the command only touches local files, chart repositories or registries (OFF_CLUSTER). */
export function isOffCluster(tool: Tool, path: readonly string[]): boolean {
  return path.length > 0 && OFF_CLUSTER[tool].includes(path[0]!);
}

/**
 * The read-only commands a destructive pattern's words (aliases resolved) would match, which the
 * wrappers run without the guard: `get secrets` (below a read-only verb), `rollout` (a parent of
 * read-only forms), `config view`.
 */
export function readOnlyCovered(tool: Tool, words: readonly string[]): string[] {
  const table = READ_ONLY[tool];
  if (words.length === 0) return [];
  if (table.verbs.includes(words[0]!)) return [words.join(' ')];
  return table.forms.filter((form) => {
    const formWords = form.split(' ');
    const prefix = (a: readonly string[], b: readonly string[]): boolean => a.every((word, i) => b[i] === word);
    return prefix(words, formWords) || (formWords.length === 2 && prefix(formWords, words));
  });
}
