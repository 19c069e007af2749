/**
 * Combines every source of a target's level: the first matching rule (config.yaml, then the
 * defaults), the first matching rule of the team files config.yaml includes, the kubeconfig's own `kctx-guard` extensions on the context and the cluster, and the
 * identity memory (another context the rules classify that reaches the same cluster). The most
 * dangerous level wins, so no generated kubeconfig can lower a cluster known as danger; on a tie the
 * earlier source decides (rule, context, cluster, identity). Pure.
 * The level a cluster declares about itself (src/declared) comes between the cluster's extension
 * and the identity memory.
 */
import type { DeclaredExtension } from '../kubeconfig/declared.js';
import type { IdentityMatch } from '../identity/index.js';
import { LEVEL_RANK, LEVELS, type Classification, type Level } from './types.js';

export interface LevelSource {
  kind: 'rule' | 'team-rule' | 'context-extension' | 'cluster-extension' | 'cluster-declared' | 'identity';
  level: Level;
  /** For status and the prompt's note: `same API server as prod-leap (~/.kube/config)`. */
  why: string;
}

export interface LevelDecision extends Classification {
  /** Every source that gave a level, in the order above. */
  sources: LevelSource[];
  /**
   * Set when a source other than a rule decided, or when a danger cluster is also known under another
   * name (the identity source, even on a tie): the prompt shows it as a note.
   */
  reason: string | undefined;
  /** Extensions that were not understood (ignored), for status. */
  problems: string[];
}

export interface LevelInput {
  classification: Classification;
  context: { name: string; declared: DeclaredExtension | undefined };
  cluster: { name: string; declared: DeclaredExtension | undefined };
  identity: IdentityMatch | undefined;
  /** The kubeconfig file the target's context comes from (for the two-names note). */
  targetFile?: string | undefined;
  /** What the cluster declares about itself (src/declared/source.ts), when fetching is on. */
  declaredByCluster?: LevelSource | undefined;
  /** How a file is shown: `~/.kube/config`. */
  showFile: (file: string) => string;
}

function declared(
  kind: 'context' | 'cluster',
  name: string,
  extension: DeclaredExtension | undefined,
  problems: string[],
): LevelSource | undefined {
  if (extension === undefined) return undefined;
  const where = `kubeconfig extension kctx-guard on ${kind} ${name}`;
  for (const problem of extension.problems) problems.push(`${where}: ${problem}`);
  if (extension.level === undefined) return undefined;
  if (!(LEVELS as readonly string[]).includes(extension.level)) {
    problems.push(`${where}: level "${extension.level}" is not one of ${LEVELS.join(', ')} (ignored)`);
    return undefined;
  }
  return {
    kind: `${kind}-extension`,
    level: extension.level as Level,
    why: `declared ${extension.level} by the ${where}`,
  };
}

function identitySource(match: IdentityMatch | undefined, showFile: (file: string) => string): LevelSource | undefined {
  if (match === undefined) return undefined;
  const { known, via } = match;
  const where = `${known.context} (${showFile(known.file)})`;
  const why = via === 'server' ? `same API server as ${where}` : `same CA as ${where}, on a local address: a tunnel`;
  return { kind: 'identity', level: known.level, why };
}

export function decideLevel(input: LevelInput): LevelDecision {
  const { classification } = input;
  const problems: string[] = [];
  const rule: LevelSource = { kind: 'rule', level: classification.level, why: classification.rule };
  const team = classification.team;
  const teamSource: LevelSource | undefined =
    team === undefined ? undefined : { kind: 'team-rule', level: team.level, why: `team rule ${team.rule}` };
  const others = [
    teamSource,
    declared('context', input.context.name, input.context.declared, problems),
    declared('cluster', input.cluster.name, input.cluster.declared, problems),
    input.declaredByCluster,
    identitySource(input.identity, input.showFile),
  ].filter((source): source is LevelSource => source !== undefined);
  let winner = rule;
  // A rule of the user's own naming the cluster's API server is final (classify.ts); else the most dangerous wins.
  if (!classification.final)
    for (const source of others) if (LEVEL_RANK[source.level] > LEVEL_RANK[winner.level]) winner = source;
  const sources = classification.level === 'unclassified' ? others : [rule, ...others];
  const { team: _team, final: _final, ...decided } = classification;
  // Two names for one danger cluster are shown as the same cluster: the note names the one in
  // another kubeconfig (names in one file already show their cluster's name in the segment).
  const identity = others.find((source) => source.kind === 'identity');
  const elsewhere = input.identity !== undefined && input.identity.known.file !== input.targetFile;
  const same = elsewhere && identity?.level === 'danger' && winner.level === 'danger' ? identity.why : undefined;
  if (winner === rule) return { ...decided, sources, reason: same, problems };
  // A team rule is a rule: its label, symbol and colour, and no note in the prompt but that one.
  if (team !== undefined && winner === teamSource) return { ...team, sources, reason: same, problems };
  return {
    level: winner.level,
    label: undefined,
    symbol: undefined,
    color: undefined,
    rule: winner.why,
    sources,
    reason: winner.why,
    problems,
  };
}
