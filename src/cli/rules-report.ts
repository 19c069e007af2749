/** What `kctx-guard rules` and `rules test` report: every context classified, or one target explained rule by rule. */
import { homeDir, type Env } from '../locations.js';
import { kubeconfigFiles, listContexts } from '../kubeconfig/index.js';
import { loadKubeconfigFiles, redactServer } from '../pipeline/index.js';
import {
  classify,
  decideLevel,
  type LevelSource,
  MATCH_FIELDS,
  type Level,
  type MatchField,
  type Rule,
} from '../rules/index.js';
import { declaredForServer, type DeclaredForServer } from './rules-declared.js';
import { describeProblem, loadRuleConfig } from './rule-config.js';

export interface ContextRow {
  context: string;
  cluster: string;
  server: string;
  namespace: string;
  user: string;
  level: Level;
  rule: string;
  current: boolean;
  source: string;
  /** Set when the context names a cluster no file defines (kubectl fails on it). */
  problem: string | null;
}

export interface RulesTable {
  kubeconfig: string[];
  currentContext: string | null;
  contexts: ContextRow[];
  configFile: string;
  /** `file:line: reason` for each config.yaml problem; non-empty means the defaults are in force. */
  configProblems: string[];
  /** Kubeconfig files that exist but cannot be read or parsed. */
  brokenFiles: { path: string; message: string }[];
}

export function gatherRulesTable(env: Env, cwd: string): RulesTable {
  const files = kubeconfigFiles(env['KUBECONFIG'] || undefined, homeDir(env), cwd);
  const listing = listContexts(loadKubeconfigFiles(files));
  const config = loadRuleConfig(env);
  const contexts = listing.contexts.map((entry): ContextRow => {
    const server = redactServer(entry.server);
    const decided = classify(
      { context: entry.name, cluster: entry.cluster, server, namespace: entry.namespace, user: entry.user },
      config.ruleSet.rules,
    );
    return {
      context: entry.name,
      cluster: entry.cluster,
      server,
      namespace: entry.namespace,
      user: entry.user,
      level: decided.level,
      rule: decided.rule,
      current: entry.current,
      source: entry.source,
      problem: entry.clusterMissing ? `cluster "${entry.cluster}" is not defined in any kubeconfig file` : null,
    };
  });
  return {
    kubeconfig: files,
    currentContext: listing.currentContext ?? null,
    contexts,
    configFile: config.file,
    configProblems: config.ruleSet.problems.map(describeProblem),
    brokenFiles: listing.broken,
  };
}

export interface RuleExplanation {
  target: Record<MatchField, string>;
  level: Level;
  rule: string;
  label: string | null;
  symbol: string | null;
  color: string | null;
  /** The patterns of the deciding rule with the value each one matched; empty for a catch-all rule or no match. */
  matched: { field: MatchField; pattern: string; value: string }[];
  /** How many rules were tried before the deciding one (all of them when none matched). */
  skipped: number;
  configFile: string;
  configProblems: string[];
  /** What the rules alone give, when another source decided (`rule` is then that source's reason). */
  ruleLevel: Level;
  ruleOrigin: string;
  /** Every source that gave a level: the rule, and what the cluster at `--server` declared (with fetching on). */
  sources: LevelSource[];
  /** The clusters at `--server` the daemon asked, with fetching on (config.yaml `cluster-levels`); else null. */
  clusterDeclared: DeclaredForServer['clusters'] | null;
}

const matchesAll = (rule: Rule, target: Record<MatchField, string>): boolean =>
  MATCH_FIELDS.every((field) => rule.match[field] === undefined || rule.match[field]!.test(target[field]));

export function explainTarget(env: Env, target: Record<MatchField, string>): RuleExplanation {
  const config = loadRuleConfig(env);
  const rules = config.ruleSet.rules;
  const index = rules.findIndex((rule) => matchesAll(rule, target));
  const declared =
    config.ruleSet.clusterLevels?.fetch && target.server !== '' ? declaredForServer(env, target.server) : undefined;
  const classification = classify(target, rules);
  const decided = decideLevel({
    classification,
    context: { name: target.context, declared: undefined },
    cluster: { name: target.cluster, declared: undefined },
    identity: undefined,
    declaredByCluster: declared?.source,
    showFile: (file) => file,
  });
  const rule = index === -1 ? undefined : rules[index];
  const matched = rule
    ? MATCH_FIELDS.flatMap((field) => {
        const matcher = rule.match[field];
        return matcher ? [{ field, pattern: matcher.source, value: target[field] }] : [];
      })
    : [];
  return {
    target,
    level: decided.level,
    rule: decided.rule,
    label: decided.label ?? null,
    symbol: decided.symbol ?? null,
    color: decided.color ?? null,
    matched,
    skipped: index === -1 ? rules.length : index,
    configFile: config.file,
    configProblems: config.ruleSet.problems.map(describeProblem),
    ruleLevel: classification.level,
    ruleOrigin: classification.rule,
    sources: decided.sources,
    clusterDeclared: declared?.clusters ?? null,
  };
}
