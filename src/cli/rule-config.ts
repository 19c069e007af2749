/** Reads config.yaml for the CLI's rules tooling and doctor: the rule set in force and every problem, rules and guard alike. */
import { parseGuardConfig } from '../guard/config.js';
import { configFile, homeDir, type Env } from '../locations.js';
import { readRuleFile } from '../pipeline/index.js';
import type { RuleSet } from '../rules/index.js';

export { describeProblem } from '../rules/index.js';

export interface LoadedRuleConfig {
  file: string;
  exists: boolean;
  /** The rules in force: the file's (and the files it includes), or the defaults when it is absent or broken. */
  ruleSet: RuleSet;
  /** Problems of the `guard:` section, each already naming the file. */
  guardProblems: string[];
}

/** Reads `$XDG_CONFIG_HOME/kctx-guard/config.yaml`. Never throws: an unreadable file is a problem, and the defaults apply. */
export function loadRuleConfig(env: Env): LoadedRuleConfig {
  const file = configFile(env);
  const { text, exists, ruleSet } = readRuleFile(file, homeDir(env));
  return { file, exists, ruleSet, guardProblems: text === undefined ? [] : parseGuardConfig(text, file).problems };
}
