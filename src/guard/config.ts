/**
 * The `guard:` section of config.yaml: which operations are destructive and which namespaces are
 * protected. A broken section keeps the defaults and says why, like the rules do. Pure.
 */
import yaml from 'js-yaml';
import { compilePattern, PatternError, type Matcher } from '../rules/index.js';
import { DEFAULT_DESTRUCTIVE, parseOperation, PatternSyntaxError, type OperationPattern } from './operations.js';
import { readOnlyCovered } from './read-only.js';

export const DEFAULT_PROTECTED_NAMESPACES = ['kube-system', 'kube-public', 'prod', 'production'];

export interface GuardConfig {
  destructive: OperationPattern[];
  protectedNamespaces: Matcher[];
  problems: string[];
}

export function defaultGuardConfig(): GuardConfig {
  return {
    destructive: DEFAULT_DESTRUCTIVE.map(parseOperation),
    protectedNamespaces: DEFAULT_PROTECTED_NAMESPACES.map(compilePattern),
    problems: [],
  };
}

function stringList(value: unknown, key: string, problems: string[]): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    problems.push(`guard.${key} must be a list of strings`);
    return undefined;
  }
  return value as string[];
}

/** The shell wrappers run read-only commands without the guard, so no pattern can make one destructive. */
function readOnlyProblem(source: string, tool: string, covered: string[]): string {
  const forms = covered.map((words) => `${tool} ${words}`).join(', ');
  return `"${source}" names read-only commands (${forms}) that the shell wrappers run without asking the guard; list the commands that change something instead`;
}

/** Reads the guard section from config.yaml's text (undefined: no file). Never throws. */
export function parseGuardConfig(text: string | undefined, file: string): GuardConfig {
  const config = defaultGuardConfig();
  if (text === undefined) return config;
  let doc: unknown;
  try {
    doc = yaml.load(text, { filename: file });
  } catch {
    return config; // The rules report the YAML error with its line.
  }
  const guard = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>)['guard'] : undefined;
  if (guard === undefined || guard === null) return config;
  const problems: string[] = [];
  if (typeof guard !== 'object' || Array.isArray(guard))
    return { ...config, problems: [`${file}: guard must be a mapping`] };
  const section = guard as Record<string, unknown>;
  for (const key of Object.keys(section)) {
    if (key !== 'destructive' && key !== 'protected-namespaces')
      problems.push(`unknown key guard.${key} (allowed: destructive, protected-namespaces)`);
  }
  const destructive: OperationPattern[] = [];
  for (const source of stringList(section['destructive'], 'destructive', problems) ?? DEFAULT_DESTRUCTIVE) {
    try {
      const pattern = parseOperation(source);
      const covered = readOnlyCovered(pattern.tool, pattern.words);
      if (covered.length === 0) destructive.push(pattern);
      else problems.push(`guard.destructive: ${readOnlyProblem(source, pattern.tool, covered)}`);
    } catch (error) {
      if (!(error instanceof PatternSyntaxError)) throw error;
      problems.push(`guard.destructive: ${error.message}`);
    }
  }
  const protectedNamespaces: Matcher[] = [];
  for (const source of stringList(section['protected-namespaces'], 'protected-namespaces', problems) ??
    DEFAULT_PROTECTED_NAMESPACES) {
    try {
      protectedNamespaces.push(compilePattern(source));
    } catch (error) {
      if (!(error instanceof PatternError)) throw error;
      problems.push(`guard.protected-namespaces: ${error.message}`);
    }
  }
  if (problems.length > 0)
    return {
      ...defaultGuardConfig(),
      problems: problems.map((problem) => `${file}: ${problem} (guard defaults in force)`),
    };
  return { destructive, protectedNamespaces, problems: [] };
}
