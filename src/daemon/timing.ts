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
