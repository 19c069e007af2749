/**
 * The guard's blast-radius step: for a destructive command on a target it could resolve, the rows
 * that say what the command would hit (or why that is not known), looked up within the budget with
 * the credentials of the kubeconfig user the command itself would use. Imported by run.ts only when
 * a question is about to be asked, so commands that run without one never load it.
 */
import type { Resolution } from '../kubeconfig/index.js';
import { type CommandLine, type Env, flagValues } from './argv.js';
import { BLAST_BUDGET_MS, blastRadius } from './blast.js';
import { blastRows } from './blast-message.js';
import { blastPlan } from './blast-request.js';
import type { Decision } from './decide.js';

/** KCTX_GUARD_BLAST_MS: how long the look may take (0 turns it off); 1.5 s unless set, at most 10 s. */
export function blastBudget(env: Env): number {
  const value = Number(env['KCTX_GUARD_BLAST_MS'] ?? BLAST_BUDGET_MS);
  return Number.isFinite(value) ? Math.min(Math.max(0, Math.round(value)), 10_000) : BLAST_BUDGET_MS;
}

/** `files`: the kubeconfig files the target was resolved from, in kubectl's order. */
export function blastReport(
  line: CommandLine,
  files: string[],
  resolution: Resolution,
  decision: Decision,
  env: Env,
): string[] {
  const budgetMs = blastBudget(env);
  if (decision.destructive === undefined || !resolution.ok || budgetMs === 0) return [];
  const plan = blastPlan(line);
  if (plan === undefined) return [];
  if ('skip' in plan) return [`  ${'blast'.padEnd(11)}not looked up: ${plan.skip}`];
  const { target } = resolution;
  const groups = flagValues(line, line.tool === 'helm' ? 'kube-as-group' : 'as-group');
  const result = blastRadius(
    {
      target: { files, cluster: target.cluster, user: target.user, impersonate: { user: line.target.as, groups } },
      namespace: line.target.namespace ?? target.namespace,
      query: plan.query,
    },
    budgetMs,
  );
  return blastRows(result, budgetMs);
}
