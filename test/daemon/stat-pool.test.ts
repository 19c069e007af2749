/**
 * The stat threads (the built dist/daemon/stat-pool.js, real threads, real stats): a hung path holds
 * up nothing else, a path below it is refused at once instead of taking a thread, the threads stuck
 * at once are capped, and a path comes back when its stat returns.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StatPool } from '../../src/daemon/stat-pool.js';
import { STAT } from '../../src/daemon/timing.js';
import { ensureBuilt, makeEnv, REPO, sleep, waitUntil } from '../helpers/daemon.js';

beforeAll(ensureBuilt);

const BUDGET_MS = 1000;
/** What the pools logged, shown when a wait times out. */
const errors: string[] = [];
const pools: StatPool[] = [];
const flags: string[] = [];
afterEach(() => {
  // The hang ends with its flag: no stuck thread or child outlives the test.
  for (const flag of flags.splice(0)) rmSync(flag, { force: true });
  for (const pool of pools.splice(0)) pool.close();
  errors.length = 0;
});

/** A pool whose threads hang on every stat at or below `hung` while `flag` exists (the test-only hook). */
async function hangingPool(flag: string, hung: string, recovered: string[]): Promise<StatPool> {
  // Threads copy the environment when they start, and read the hook from it.
  process.env['NODE_ENV'] = 'test';
  process.env['KCTX_GUARD_TEST_STAT_HANG'] = `${flag}:${hung}`;
  const { StatPool: Pool } = (await import(pathToFileURL(join(REPO, 'dist', 'daemon', 'stat-pool.js')).href)) as {
    StatPool: typeof StatPool;
  };
  const pool = new Pool(
    { ...STAT, budgetMs: BUDGET_MS },
    (path) => recovered.push(path),
    (message) => errors.push(message),
  );
  pools.push(pool);
  return pool;
}

describe('stat threads', () => {
  it('a hung folder holds up no other path, refuses paths below it at once, and comes back', async () => {
    const t = makeEnv();
    const mount = join(t.root, 'mnt');
    mkdirSync(mount);
    writeFileSync(join(mount, 'config'), 'x');
    const flag = join(t.root, 'hangs');
    flags.push(flag);
    const recovered: string[] = [];
    const pool = await hangingPool(flag, mount, recovered);
    expect(await pool.stat(mount)).toMatchObject({ kind: 'present', directory: true, real: mount });

    writeFileSync(flag, '');
    const hung = pool.stat(mount, 'entry-a');
    await sleep(50);
    const started = Date.now();
    expect(await pool.stat(t.home)).toMatchObject({ kind: 'present', directory: true });
    expect(Date.now() - started, 'a healthy path answers beside a hung one').toBeLessThan(BUDGET_MS);
    expect(await hung).toBe('hung');
    const below = Date.now();
    expect(await pool.stat(join(mount, 'config'))).toBe('hung');
    expect(Date.now() - below, 'a path below a hung folder is refused at once').toBeLessThan(BUDGET_MS);
    expect(pool.status()).toEqual([expect.objectContaining({ entry: 'entry-a', file: mount, op: 'stat' })]);

    rmSync(flag);
    await waitUntil(() => recovered.includes(mount), 'the hung stat returns');
    expect(pool.status()).toEqual([]);
    expect(await pool.stat(join(mount, 'config'))).toMatchObject({ kind: 'present', directory: false });
  });

  it('caps the threads stuck at once; a stat that cannot start is reported hung, and runs once one returns', async () => {
    const t = makeEnv();
    const mount = join(t.root, 'mnt');
    const folders = [1, 2, 3, 4, 5].map((n) => join(mount, `f${n}`));
    for (const folder of folders) mkdirSync(folder, { recursive: true });
    const flag = join(t.root, 'hangs');
    flags.push(flag);
    const recovered: string[] = [];
    const pool = await hangingPool(flag, mount, recovered);
    writeFileSync(flag, '');
    // Siblings, not one below another: each takes a thread of its own.
    const results = await Promise.all(folders.map((folder) => pool.stat(folder)));
    expect(results).toEqual(folders.map(() => 'hung'));
    const cap = STAT.maxWorkers + STAT.maxStuck;
    await waitUntil(() => pool.status().length === cap, `${cap} threads stuck`).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(pool.status())}\n${errors.join('\n')}`);
    });
    await sleep(2 * BUDGET_MS);
    expect(pool.status()).toHaveLength(cap);
    // Nothing left to stat with: a healthy path waits, and says so after the budget.
    expect(await pool.stat(t.home)).toBe('hung');

    rmSync(flag);
    await waitUntil(() => recovered.length === cap, 'the stuck stats return');
    expect(await pool.stat(t.home)).toMatchObject({ kind: 'present' });
  });
});
