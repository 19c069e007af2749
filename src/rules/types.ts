/** Danger levels and the shape of a classification rule. */

export const LEVELS = ['danger', 'warn', 'safe', 'unclassified'] as const;
export type Level = (typeof LEVELS)[number];

/** How dangerous a level is: where sources disagree, the higher wins. */
export const LEVEL_RANK: Readonly<Record<Level, number>> = { danger: 3, warn: 2, safe: 1, unclassified: 0 };

/** The target fields a rule can match. */
export const MATCH_FIELDS = ['context', 'cluster', 'server', 'namespace', 'user'] as const;
export type MatchField = (typeof MATCH_FIELDS)[number];

export interface Matcher {
  /** The pattern as the user wrote it, for `status` and `rules`. */
  source: string;
  test(value: string): boolean;
}

export interface Rule {
  /** Where the rule comes from, e.g. `config.yaml:12 (rule 3)` or `default: production names`. */
  origin: string;
  /** Every matcher must match (AND); a rule with none matches everything. */
  match: Partial<Record<MatchField, Matcher>>;
  level: Level;
  label: string | undefined;
  symbol: string | undefined;
  color: string | undefined;
  /** Whose rule: the user's own config.yaml (the default), a team file it includes, or the built-in defaults. */
  layer?: 'own' | 'team' | 'default';
}

export interface Classification {
  level: Level;
  label: string | undefined;
  symbol: string | undefined;
  color: string | undefined;
  /** The origin of the rule that decided, or `no rule matched`. */
  rule: string;
  /** The first team rule (an included file's) that matches: a source of its own (sources.ts). */
  team?: Classification | undefined;
  /** The user's own rule decided and names the cluster's API server: it may lower every other source. */
  final?: boolean;
}
