/** Reads config.yaml for the CLI's rules tooling and doctor: the rule set in force and every problem, rules and guard alike. */
import { readFileSync } from 'node:fs';
import { parseGuardConfig } from '../guard/config.js';
import { configFile, type Env } from '../locations.js';
import { parseRuleConfig, type RuleSet } from '../rules/index.js';

export interface LoadedRuleConfig {
  file: string;
  exists: boolean;
  /** The rules in force: the file's, or the defaults when it is absent or broken. */
  ruleSet: RuleSet;
  /** Problems of the `guard:` section, each already naming the file. */
  guardProblems: string[];
}

/** Reads `$XDG_CONFIG_HOME/kctx-guard/config.yaml`. Never throws: an unreadable file is a problem, and the defaults apply. */
export function loadRuleConfig(env: Env): LoadedRuleConfig {
  const file = configFile(env);
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'ENOENT') {
      const reason =
        code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
      const ruleSet = parseRuleConfig(undefined, file);
      return {
        file,
        exists: true,
        ruleSet: { ...ruleSet, problems: [{ file, line: undefined, message: `cannot read: ${reason}` }] },
        guardProblems: [],
      };
    }
  }
  return {
    file,
    exists: text !== undefined,
    ruleSet: parseRuleConfig(text, file),
    guardProblems: parseGuardConfig(text, file).problems,
  };
}

/** `file:line: message`, the form editors jump to. */
export function describeProblem(problem: { file: string; line: number | undefined; message: string }): string {
  return `${problem.file}${problem.line === undefined ? '' : `:${problem.line}`}: ${problem.message}`;
}
