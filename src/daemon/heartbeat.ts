/**
 * Beats every second (src/cache/heartbeat.ts) until stopped. A beat that cannot be written (the cache
 * folder removed: the safety check re-creates it; a full disk) is logged once per kind of failure,
 * not every second.
 */
import { HEARTBEAT, writeHeartbeat } from '../cache/index.js';
import type { Logger } from './log.js';

export function startHeartbeat(cacheDir: string, log: Logger): () => void {
  let lastProblem: string | undefined;
  const beat = (): void => {
    try {
      writeHeartbeat(cacheDir);
      if (lastProblem !== undefined) log.info('heartbeat written again');
      lastProblem = undefined;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      if (code !== lastProblem) log.error(`cannot write the heartbeat (${code}): shells will see the daemon as down`);
      lastProblem = code;
    }
  };
  beat();
  const timer = setInterval(beat, HEARTBEAT.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
