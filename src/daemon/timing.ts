/**
 * The daemon's timings: first compute right after an event, a trailing re-check once writes have
 * settled, a slow safety net, the age past which a change the safety net finds counts as missed
 * by the watcher, and the budgets of computes and stats run off the daemon's thread.
 */
import { codePath, type CodePath } from '../platform.js';

/** Tests only (NODE_ENV=test too): a positive number in `variable` replaces `value`. */
function testOverride(variable: string, value: number, env: NodeJS.ProcessEnv = process.env): number {
  const override = Number(env[variable]);
  return env['NODE_ENV'] === 'test' && override > 0 ? override : value;
}

export const TIMING = {
  eventDelayMs: 1,
  lockRetryMs: 1,
  lockMaxWaitMs: 1000,
  trailingMs: 60,
  /** Tests may lengthen it (KCTX_GUARD_TEST_SAFETY_MS), to prove what the other checks catch without it. */
  safetyMs: testOverride('KCTX_GUARD_TEST_SAFETY_MS', 2000),
  missedAfterMs: 500,
  expiryMs: 7 * 24 * 3600 * 1000,
  /** How often the daemon looks whether its package was replaced (two equal looks confirm it). */
  upgradeCheckMs: 2000,
  /** How often overlays of shells that are gone are removed (tests shorten it: KCTX_GUARD_TEST_OVERLAY_SWEEP_MS). */
  overlaySweepMs: testOverride('KCTX_GUARD_TEST_OVERLAY_SWEEP_MS', 30_000),
};

/** A `reload` is answered once every entry is rewritten, or after this (daemon.ts reloadAll). */
export const RELOAD_WAIT_MS = 1000;

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
  return testOverride('KCTX_GUARD_TEST_COMPUTE_BUDGET_MS', COMPUTE.budgetMs, env);
}

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

/** Tests only (NODE_ENV=test too): a shorter stat budget, so a stuck stat is seen in seconds. */
export function statBudgetMs(env: NodeJS.ProcessEnv = process.env): number {
  return testOverride('KCTX_GUARD_TEST_STAT_BUDGET_MS', STAT.budgetMs, env);
}

/**
 * The latency of the FSEvents stream behind node's fs.watch on macOS (libuv creates it with 0.05 s and
 * NoDefer): the first event of a burst comes at once, every later one up to this long after the
 * previous delivery, several changes to one file can arrive as one event, and events the system
 * drops (KernelDropped, UserDropped) are discarded by libuv without a word.
 */
export const FSEVENTS_LATENCY_MS = 50;

/**
 * When the trailing re-checks look at an entry's sources again, in ms after the entry was written.
 * Linux (inotify): once, when writes have settled. macOS: once more, past several FSEvents latencies,
 * so that a write landing after the first look is found even when its event is late, coalesced into
 * an earlier one, or dropped.
 */
export function trailingRecheckMs(path: CodePath = codePath()): readonly number[] {
  if (path !== 'darwin') return [TIMING.trailingMs];
  return [TIMING.trailingMs, TIMING.trailingMs + 5 * FSEVENTS_LATENCY_MS];
}

/** How the daemon asks clusters for the level they declare (declared-fetches.ts). */
export const DECLARED_FETCH = {
  /** A fetch (credentials plugin, connection, answer) ends here, answered or not. */
  budgetMs: 10_000,
  maxRunning: 2,
  maxStuck: 2,
};

/** Tests only (NODE_ENV=test too): a shorter fetch budget, so a cluster that never answers is reported in seconds. */
export function declaredFetchBudgetMs(env: NodeJS.ProcessEnv = process.env): number {
  return testOverride('KCTX_GUARD_TEST_FETCH_BUDGET_MS', DECLARED_FETCH.budgetMs, env);
}
