/**
 * The guard's blast-radius step: for a destructive command on a target it could resolve, the rows
 * that say what the command would hit (or why that is not known), looked up within the budget with
 * the credentials of the kubeconfig user the command itself would use. Imported by run.ts only when
 * a question is about to be asked, so commands that run without one never load it.
 */
import type { Resolution } from '../kubeconfig/index.js';
import { type CommandLine, type Env, flagValues } from './argv.js';
import { BlastLook, blastBudget } from './blast.js';
import { blastRows } from './blast-message.js';
import { blastPlan } from './blast-request.js';
import type { Decision, Manifests } from './decide.js';

export interface BlastInput {
  line: CommandLine;
  /** The kubeconfig files the target was resolved from, in kubectl's order. */
  files: string[];
  resolution: Resolution;
  decision: Decision;
  manifests: Manifests | undefined;
  env: Env;
  /** A look started early (run.ts); one is started here when there is none. Stopped in any case. */
  look: BlastLook | undefined;
}

export function blastReport(input: BlastInput): string[] {
  const { line, resolution, decision, env } = input;
  const budgetMs = blastBudget(env);
  const plan =
    decision.destructive !== undefined && resolution.ok && budgetMs > 0 ? blastPlan(line, input.manifests) : undefined;
  if (plan === undefined || 'skip' in plan || !resolution.ok) {
    input.look?.stop();
    return plan !== undefined && 'skip' in plan ? [`  ${'blast'.padEnd(11)}not looked up: ${plan.skip}`] : [];
  }
  const { target } = resolution;
  const groups = flagValues(line, line.tool === 'helm' ? 'kube-as-group' : 'as-group');
  const result = (input.look ?? BlastLook.start()).result(
    {
      target: {
        files: input.files,
        cluster: target.cluster,
        user: target.user,
        impersonate: { user: line.target.as, groups },
      },
      namespace: line.target.namespace ?? target.namespace,
      query: plan.query,
    },
    budgetMs,
  );
  return blastRows(result, budgetMs);
}
