/**
 * Reads a kubectl or helm command line the way those tools parse it (cobra finds the command path,
 * then pflag reads the flags of that command): the command path with aliases resolved, the flags
 * with their values and where in argv each value sits, the positional words, and which flags or
 * environment variables move the target. Arity comes from the tools' own table (flags.ts), so a
 * flag's value is never read as a verb. Pure.
 */
import { type Arity, flagSet, subcommand, type Tool } from './flags.js';

export type { Tool };

export interface FlagUse {
  /** Long name without dashes (short letters mapped; an unknown letter stays as it is). */
  name: string;
  value: string | true;
  /** Where the value sits: argv index and the offset of its first character; undefined when bare. */
  at: { index: number; offset: number } | undefined;
}

export interface TargetFlags {
  context: string | undefined;
  kubeconfig: string | undefined;
  cluster: string | undefined;
  user: string | undefined;
  namespace: string | undefined;
  server: string | undefined;
  allNamespaces: boolean;
  /** The user impersonated (`--as`, helm's `--kube-as-user` or HELM_KUBEASUSER). */
  as: string | undefined;
  /** What the command line itself names; a target the environment moved is not named by the user. */
  named: { context: boolean; namespace: boolean };
  /** The environment variables that moved the target (helm's HELM_KUBECONTEXT, …). */
  fromEnv: string[];
}

export interface CommandLine {
  tool: Tool;
  /** The arguments as given (without the program name). */
  argv: string[];
  /** The command path, aliases resolved: `['create', 'secret', 'generic']`, `['uninstall']` for `helm del`. */
  path: string[];
  /** The path, then the positional words before `--`. */
  words: string[];
  /** argv index of each word. */
  wordIndex: number[];
  /** What follows `--`: kubectl's arguments for delete, the command for exec. */
  afterDash: string[];
  /** Every flag by long name, last value wins; `true` when bare. */
  flags: Map<string, string | true>;
  uses: FlagUse[];
  /** Flags this kubectl/helm table does not know (the installed tool may be another version). */
  unknownFlags: string[];
  /** Those of them in front of the first word (for a plugin, the flags after its name are its own). */
  unknownBeforeWords: string[];
  target: TargetFlags;
}

export type Env = Record<string, string | undefined>;

/** cobra's command search: flags are skipped (an unknown `--flag` takes the next word, as cobra assumes). */
function commandPath(tool: Tool, argv: string[]): string[] {
  const path: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg.startsWith('-')) {
      const set = flagSet(tool, path);
      const bare = !arg.includes('=');
      if (arg.startsWith('--') && bare && takesNext(set.long.get(arg.slice(2)))) i++;
      else if (!arg.startsWith('--') && bare && arg.length === 2) {
        const long = set.short.get(arg[1]!);
        if (takesNext(long === undefined ? undefined : set.long.get(long))) i++;
      }
      continue;
    }
    const name = subcommand(tool, path, arg);
    if (name === undefined) break;
    path.push(name);
  }
  return path;
}

const takesNext = (arity: Arity | undefined): boolean => arity === undefined || arity === 'value';

/** Parses argv (without the program name); `env` supplies helm's HELM_* settings. Never throws. */
export function parseCommandLine(tool: Tool, argv: string[], env: Env = {}): CommandLine {
  const path = commandPath(tool, argv);
  const set = flagSet(tool, path);
  const positional: string[] = [];
  const wordIndex: number[] = [];
  const uses: FlagUse[] = [];
  const unknownFlags: string[] = [];
  let unknownBeforeWords: string[] = [];
  let afterDash: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      afterDash = argv.slice(i + 1);
      break;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq === -1 ? undefined : eq);
      const arity = set.long.get(name);
      if (arity === undefined) unknownFlags.push(`--${name}`);
      if (eq !== -1) uses.push({ name, value: arg.slice(eq + 1), at: { index: i, offset: eq + 1 } });
      else if (takesNext(arity) && i + 1 < argv.length) {
        uses.push({ name, value: argv[i + 1]!, at: { index: i + 1, offset: 0 } });
        i++;
      } else uses.push({ name, value: true, at: undefined });
    } else if (arg.startsWith('-') && arg.length > 1) {
      // pflag's shorthand cluster: booleans bundle (-it), a value flag takes the rest or the next word.
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j]!;
        const long = set.short.get(letter);
        if (long === undefined) unknownFlags.push(`-${letter}`);
        const name = long ?? letter;
        const arity = long === undefined ? 'bool' : set.long.get(long);
        const rest = arg.slice(j + 1);
        if (rest.startsWith('=')) {
          uses.push({ name, value: rest.slice(1), at: { index: i, offset: j + 2 } });
          break;
        }
        if (arity !== 'value') {
          uses.push({ name, value: true, at: undefined });
          continue;
        }
        if (rest !== '') uses.push({ name, value: rest, at: { index: i, offset: j + 1 } });
        else if (i + 1 < argv.length) {
          uses.push({ name, value: argv[i + 1]!, at: { index: i + 1, offset: 0 } });
          i++;
        } else uses.push({ name, value: true, at: undefined });
        break;
      }
    } else {
      if (positional.length === 0) unknownBeforeWords = [...unknownFlags];
      positional.push(arg);
      wordIndex.push(i);
    }
  }
  const flags = new Map(uses.map((use) => [use.name, use.value] as const));
  const words = [...path, ...positional.slice(path.length)];
  if (positional.length === 0) unknownBeforeWords = [...unknownFlags];
  return {
    tool,
    argv,
    path,
    words,
    wordIndex,
    afterDash,
    flags,
    uses,
    unknownFlags,
    unknownBeforeWords,
    target: targetOf(tool, flags, env),
  };
}

function targetOf(tool: Tool, flags: Map<string, string | true>, env: Env): TargetFlags {
  const fromEnv: string[] = [];
  // helm's flags default to its environment variables; a flag given, even empty, wins.
  const text = (name: string, variable?: string): string | undefined => {
    const value = flags.get(name);
    if (value !== undefined) return typeof value === 'string' && value !== '' ? value : undefined;
    if (variable === undefined || !env[variable]) return undefined;
    fromEnv.push(variable);
    return env[variable];
  };
  const given = (...names: string[]): boolean => names.some((name) => flags.has(name));
  if (tool === 'kubectl')
    return {
      context: text('context'),
      kubeconfig: text('kubeconfig'),
      cluster: text('cluster'),
      user: text('user'),
      namespace: text('namespace'),
      server: text('server'),
      allNamespaces: flags.has('all-namespaces') && flags.get('all-namespaces') !== 'false',
      as: text('as'),
      named: {
        context: given('context', 'kubeconfig', 'cluster', 'user', 'server'),
        namespace: given('namespace', 'all-namespaces'),
      },
      fromEnv,
    };
  const target: TargetFlags = {
    context: text('kube-context', 'HELM_KUBECONTEXT'),
    kubeconfig: text('kubeconfig'),
    cluster: undefined,
    user: undefined,
    namespace: text('namespace', 'HELM_NAMESPACE'),
    server: text('kube-apiserver', 'HELM_KUBEAPISERVER'),
    allNamespaces: flags.has('all-namespaces') && flags.get('all-namespaces') !== 'false',
    as: text('kube-as-user', 'HELM_KUBEASUSER'),
    named: {
      context: given('kube-context', 'kubeconfig', 'kube-apiserver'),
      namespace: given('namespace', 'all-namespaces'),
    },
    fromEnv,
  };
  // A token from the environment changes who acts, like --kube-token; only its presence is kept.
  if (!flags.has('kube-token') && env['HELM_KUBETOKEN']) fromEnv.push('HELM_KUBETOKEN');
  return target;
}

/** Every value given for `name` (repeatable flags such as -f), in order. */
export function flagValues(line: CommandLine, name: string): string[] {
  return line.uses
    .filter((use) => use.name === name && typeof use.value === 'string')
    .map((use) => use.value as string);
}

/** A flag given and not switched off (`--all`, `--all=true`; not `--all=false`). */
export function flagOn(line: CommandLine, name: string): boolean {
  const value = line.flags.get(name);
  return value !== undefined && value !== 'false';
}
