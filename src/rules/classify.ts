/** First matching rule decides the level of a target. Pure. */
import { MATCH_FIELDS, type Classification, type MatchField, type Rule } from './types.js';

export function classify(target: Record<MatchField, string>, rules: Rule[]): Classification {
  for (const rule of rules) {
    const matches = MATCH_FIELDS.every((field) => {
      const matcher = rule.match[field];
      return matcher === undefined || matcher.test(target[field]);
    });
    if (matches) {
      return { level: rule.level, label: rule.label, symbol: rule.symbol, color: rule.color, rule: rule.origin };
    }
  }
  return { level: 'unclassified', label: undefined, symbol: undefined, color: undefined, rule: 'no rule matched' };
}
