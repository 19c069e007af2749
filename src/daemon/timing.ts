/**
 * The daemon's timings: first compute right after an event, a trailing re-check once writes have
 * settled, a slow safety net, and the age past which a change the safety net finds counts as missed
 * by the watcher.
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

/** Tests only (NODE_ENV=test too): a shorter compute budget, so a stuck read is seen in seconds. */
export function computeBudgetMs(env: NodeJS.ProcessEnv = process.env): number {
  const override = Number(env['KCTX_GUARD_TEST_COMPUTE_BUDGET_MS']);
  return env['NODE_ENV'] === 'test' && override > 0 ? override : COMPUTE.budgetMs;
}
