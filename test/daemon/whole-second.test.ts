/**
 * Readers that compare file times in whole seconds (bash before 4.3: the starship and tmux scripts on
 * a stock Mac; a cache folder on a filesystem that keeps whole seconds) cannot tell an entry dated 2 µs
 * above its source from a stale one. Once the source's second has passed unchanged, the daemon dates
 * the entry at the next whole second; a change after that still makes it stale at once.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  ensureBuilt,
  entryRef,
  kubeconfigText,
  kubectl,
  makeEnv,
  spawnDaemon,
  waitForContext,
  waitForEntry,
  waitUntil,
} from '../helpers/daemon.js';

beforeAll(ensureBuilt);
afterEach(cleanup);

const second = (path: string): number => Math.floor(statSync(path).mtimeMs / 1000);

describe('entries dated for whole-second readers', () => {
  it('move to the next whole second once their sources have been still that long; a later change is seen as ever', {
    timeout: 30_000,
  }, async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('alpha', [{ name: 'alpha' }, { name: 'beta' }]));
    await spawnDaemon(t);
    for (const context of ['alpha', 'beta', 'alpha']) {
      if (context !== 'alpha' || statSync(join(t.cacheDir, entryRef(t).name), { throwIfNoEntry: false }))
        await kubectl(t, ['config', 'use-context', context]);
      const fresh = await waitForEntry(t, (entry) => entry.entry.details.context === context);
      const file = join(t.cacheDir, entryRef(t).name);
      const sources = fresh.entry.freshnessPaths;
      const newest = Math.max(...sources.map(second));
      const started = Date.now();
      await waitUntil(
        () => second(file) > newest,
        `the ${context} entry is a whole second newer than its sources`,
        3000,
      );
      // Within the second after the source's, plus the settle wait: not later.
      expect(Date.now() - started).toBeLessThan(1500);
      expect(second(file)).toBe(newest + 1);
      // Still fresh for readers comparing nanoseconds.
      for (const path of sources) expect(statSync(file).mtimeMs).toBeGreaterThan(statSync(path).mtimeMs);
    }
    // A change after the move: the entry follows it (the move never makes a changed source look older).
    await kubectl(t, ['config', 'use-context', 'beta']);
    await waitForContext(t, 'beta');
  });
});
