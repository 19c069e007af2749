/**
 * Reads config.yaml text into an ordered rule list. Any problem rejects the whole file:
 * the defaults stay in force and every problem is reported with file, line and reason. Pure.
 */
import { type ClusterLevelsConfig, defaultClusterLevels, readClusterLevelsConfig } from './cluster-levels-config.js';
import { colorToSgr, COLOR_NAMES } from './colors.js';
import { defaultRules } from './defaults.js';
import { defaultDisplay, type DisplayConfig } from './display.js';
import { readDisplayConfig } from './display-config.js';
import { readIncludes, type IncludeReader } from './include.js';
import { compilePattern, PatternError } from './pattern.js';
import { LEVELS, MATCH_FIELDS, type Level, type MatchField, type Rule } from './types.js';
import { loadWithLines, type LocatedYaml, type Report } from './yaml-lines.js';

export interface ConfigProblem {
  file: string;
  line: number | undefined;
  message: string;
}

export interface RuleSet {
  rules: Rule[];
  /** Display names and the prompt's length limit (the defaults when the file is broken); absent: the defaults. */
  display?: DisplayConfig;
  /** Whether clusters are asked for the level they declare (off when the file is broken); absent: off. */
  clusterLevels?: ClusterLevelsConfig;
  /** Empty when the config was absent or valid. */
  problems: ConfigProblem[];
  /** Every file `include:` names, directly or through another, as absolute paths (read or not): sources too. */
  included?: string[];
}

const RULE_KEYS = new Set<string>([...MATCH_FIELDS, 'level', 'label', 'symbol', 'color']);
// `guard` belongs to the guard (src/guard/config.ts), which reads the same file.
const TOP_KEYS = new Set(['rules', 'defaults', 'display', 'guard', 'include', 'cluster-levels']);

/** `file:line: message`, the form editors jump to. */
export function describeProblem(problem: { file: string; line: number | undefined; message: string }): string {
  return `${problem.file}${problem.line === undefined ? '' : `:${problem.line}`}: ${problem.message}`;
}

function readRule(raw: unknown, index: number, where: string, located: LocatedYaml, problem: Report): Rule | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problem(`rule ${index + 1} must be a mapping such as {context: "prod-*", level: danger}`, undefined);
    return undefined;
  }
  const fields = raw as Record<string, unknown>;
  let ok = true;
  const fail = (message: string, key?: string): void => {
    ok = false;
    problem(`rule ${index + 1}: ${message}`, key === undefined ? located.lineOf(raw) : located.keyLine(raw, key));
  };
  for (const key of Object.keys(fields)) {
    if (!RULE_KEYS.has(key)) fail(`unknown key "${key}" (allowed: ${[...RULE_KEYS].join(', ')})`, key);
  }
  const text = (key: string): string | undefined => {
    const value = fields[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') return void fail(`${key} must be a string`, key);
    return String(value);
  };
  const level = text('level');
  if (level === undefined) fail(`level is missing (one of ${LEVELS.join(', ')})`);
  else if (!(LEVELS as readonly string[]).includes(level))
    fail(`level "${level}" is not one of ${LEVELS.join(', ')}`, 'level');
  const color = text('color');
  if (color !== undefined && colorToSgr(color) === undefined) {
    fail(`color "${color}" is not a 0-255 number or one of ${COLOR_NAMES.join(', ')}`, 'color');
  }
  const match: Partial<Record<MatchField, ReturnType<typeof compilePattern>>> = {};
  for (const field of MATCH_FIELDS) {
    const pattern = text(field);
    if (pattern === undefined) continue;
    try {
      match[field] = compilePattern(pattern);
    } catch (error) {
      if (!(error instanceof PatternError)) throw error;
      fail(`${field}: ${error.message}`, field);
    }
  }
  if (!ok) return undefined;
  return {
    origin: `${where} (rule ${index + 1})`,
    match,
    level: level as Level,
    label: text('label'),
    symbol: text('symbol'),
    color,
  };
}

/** The `rules:` list of a config or an included file; problems are reported, valid rules returned. */
export function readRules(top: Record<string, unknown>, file: string, located: LocatedYaml, report: Report): Rule[] {
  const rawRules = top['rules'] ?? [];
  const rules: Rule[] = [];
  if (!Array.isArray(rawRules)) report('"rules" must be a list', located.keyLine(top, 'rules'));
  else {
    rawRules.forEach((raw, index) => {
      const line = located.itemLine(rawRules, index);
      const where = line === undefined ? file : `${file}:${line}`;
      const rule = readRule(raw, index, where, located, (message, at) => report(message, at ?? line));
      if (rule) rules.push(rule);
    });
  }
  return rules;
}

/** `text` as YAML with lines, or the problem that makes it not YAML. */
export function locate(text: string, file: string): LocatedYaml | ConfigProblem {
  try {
    return loadWithLines(text, file);
  } catch (error) {
    const mark = (error as { mark?: { line: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    return { file, line: mark ? mark.line + 1 : undefined, message: `not valid YAML: ${reason}` };
  }
}

/**
 * Parses config.yaml. `text` undefined means the file does not exist. `include` reads the files its
 * `include:` names (rules/include.ts); without it an `include:` is a problem. Never throws.
 */
export function parseRuleConfig(text: string | undefined, file: string, include?: IncludeReader): RuleSet {
  if (text === undefined) return { rules: defaultRules(), display: defaultDisplay(), problems: [] };
  const problems: ConfigProblem[] = [];
  const located = locate(text, file);
  if (!('doc' in located)) return { rules: defaultRules(), display: defaultDisplay(), problems: [located] };
  const { doc } = located;
  if (doc === undefined || doc === null) return { rules: defaultRules(), display: defaultDisplay(), problems: [] };
  const report: Report = (message, line) => problems.push({ file, line, message });
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    report('the file must be a mapping with a "rules:" list', located.docLine);
    return { rules: defaultRules(), display: defaultDisplay(), problems };
  }
  const top = doc as Record<string, unknown>;
  for (const key of Object.keys(top)) {
    if (!TOP_KEYS.has(key))
      report(`unknown top-level key "${key}" (allowed: ${[...TOP_KEYS].join(', ')})`, located.keyLine(top, key));
  }
  const defaults = top['defaults'] ?? true;
  if (typeof defaults !== 'boolean') report('"defaults" must be true or false', located.keyLine(top, 'defaults'));
  const rules = readRules(top, file, located, report);
  // The user's own rules, the team's (tagged: a source of their own, classify.ts), then the defaults.
  const team = readIncludes(top, file, located, include, problems);
  const display = readDisplayConfig(top['display'], file, located, report);
  const levelsLine = located.keyLine(top, 'cluster-levels');
  const clusterLevels = readClusterLevelsConfig(top['cluster-levels'], levelsLine, located, report);
  const included = team.files;
  if (problems.length > 0)
    return {
      rules: defaultRules(),
      display: defaultDisplay(),
      clusterLevels: defaultClusterLevels(),
      problems,
      included,
    };
  const own = [...rules, ...team.rules.map((rule): Rule => ({ ...rule, layer: 'team' }))];
  return { rules: defaults === false ? own : [...own, ...defaultRules()], display, clusterLevels, problems, included };
}
