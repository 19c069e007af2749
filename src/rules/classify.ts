/**
 * A target's level by the rules (docs/rules.md, "How the sources combine"): the first matching rule
 * of the user's own config.yaml, else of the defaults, decides; the first matching rule of the team
 * files it includes is reported beside it as a source of its own, so a team's danger cannot be
 * lowered by a name rule. A user's rule that matches on `server` names the cluster itself: it is
 * final, and may lower every other source. Pure.
 */
import { MATCH_FIELDS, type Classification, type MatchField, type Rule } from './types.js';

function matches(rule: Rule, target: Record<MatchField, string>): boolean {
  return MATCH_FIELDS.every((field) => {
    const matcher = rule.match[field];
    return matcher === undefined || matcher.test(target[field]);
  });
}

function classification(rule: Rule): Classification {
  return { level: rule.level, label: rule.label, symbol: rule.symbol, color: rule.color, rule: rule.origin };
}

const UNMATCHED: Classification = {
  level: 'unclassified',
  label: undefined,
  symbol: undefined,
  color: undefined,
  rule: 'no rule matched',
};

export function classify(target: Record<MatchField, string>, rules: Rule[]): Classification {
  const decided = rules.find((rule) => rule.layer !== 'team' && matches(rule, target));
  const team = rules.find((rule) => rule.layer === 'team' && matches(rule, target));
  const result = decided === undefined ? { ...UNMATCHED } : classification(decided);
  if (team !== undefined) result.team = classification(team);
  if (decided !== undefined && decided.layer !== 'default' && decided.match.server !== undefined) result.final = true;
  return result;
}
