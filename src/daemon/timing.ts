/**
 * The daemon's timings: first compute right after an event, a trailing re-check once writes have
 * settled, a slow safety net, the age past which a change the safety net finds counts as missed
 * by the watcher, and the budgets of computes and stats run off the daemon's thread.
 */
export const TIMING = {
  eventDelayMs: 1,
  lockRetryMs: 1,
  lockMaxWaitMs: 1000,
  trailingMs: 60,
  safetyMs: 2000,
  missedAfterMs: 500,
  expiryMs: 7 * 24 * 3600 * 1000,
  /** How often the daemon looks whether its package was replaced (two equal looks confirm it). */
  upgradeCheckMs: 2000,
};

/** How entry computes run off the daemon's thread (compute-pool.ts). */
export const COMPUTE = {
  /** Past this a compute is reported slow and its entry shows an error: far above a 32 MiB parse. */
  budgetMs: 20_000,
  maxWorkers: 2,
  maxStuck: 2,
  bigBytes: 1024 * 1024,
  bigIdleMs: 5_000,
  idleMs: 30_000,
};

/** How freshness stats run off the daemon's thread (stat-pool.ts). */
export const STAT = {
  /** Past this a stat is taken for a hung mount: a healthy one takes microseconds, a slow NFS server milliseconds. */
  budgetMs: 5_000,
  maxWorkers: 2,
  maxStuck: 2,
  /** A stat running this long may never return: stats waiting behind it get another thread. */
  slowMs: 20,
  idleMs: 30_000,
};

/** Tests only (NODE_ENV=test too): `name` in ms when set, so that a stuck read or stat is seen in seconds. */
function testBudgetMs(env: NodeJS.ProcessEnv, name: string, budgetMs: number): number {
  const override = Number(env[name]);
  return env['NODE_ENV'] === 'test' && override > 0 ? override : budgetMs;
}

export function computeBudgetMs(env: NodeJS.ProcessEnv = process.env): number {
  return testBudgetMs(env, 'KCTX_GUARD_TEST_COMPUTE_BUDGET_MS', COMPUTE.budgetMs);
}

export function statBudgetMs(env: NodeJS.ProcessEnv = process.env): number {
  return testBudgetMs(env, 'KCTX_GUARD_TEST_STAT_BUDGET_MS', STAT.budgetMs);
}
