/** Public surface of the rules folder: config parsing, defaults, classification. */
export { describeProblem, parseRuleConfig, type RuleSet, type ConfigProblem } from './config.js';
export { includePath, MAX_INCLUDE_DEPTH, type IncludeReader } from './include.js';
export { defaultRules } from './defaults.js';
export { classify } from './classify.js';
export { decideLevel, type LevelDecision, type LevelInput, type LevelSource } from './sources.js';
export {
  defaultDisplay,
  displayName,
  displayNames,
  DEFAULT_MAX_LENGTH,
  type DisplayConfig,
  type DisplayField,
  type DisplayRule,
} from './display.js';
export { compilePattern, PatternError } from './pattern.js';
export { colorToSgr, COLOR_NAMES } from './colors.js';
export {
  LEVEL_RANK,
  LEVELS,
  MATCH_FIELDS,
  type Level,
  type MatchField,
  type Matcher,
  type Rule,
  type Classification,
} from './types.js';
