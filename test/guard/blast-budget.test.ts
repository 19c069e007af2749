/**
 * The blast radius never takes longer than its budget and never lets a command through: a black
 * hole (a port that accepts and never answers, not even TLS) and a credential plugin that never
 * answers both end at the budget, on this machine, with the plugin killed; the guard still refuses
 * (no terminal here) and says in one line why it does not know.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The built code, as the guard runs it: from the TypeScript sources the worker would spend the
// budget compiling them.
import { BlastLook } from '../../dist/guard/blast.js';
import { ensureBuilt } from '../helpers/daemon.js';
import { type BlastWorld, blastLines, startBlastWorld } from './blast-world.js';

const BUDGET = 1500;
/** Atomics.wait wakes at the budget; the rest is stopping the worker, on a loaded 2-core machine. */
const SLACK = 250;

/** Running, as /proc says: killed, it stays a zombie here until someone reaps it (the guard's exit does). */
const running = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe('the blast radius within its budget', () => {
  let world: BlastWorld;
  beforeAll(async () => {
    ensureBuilt();
    world = await startBlastWorld();
  });
  afterAll(() => world?.close());

  const job = (cluster: string, user: string) => ({
    target: {
      files: [join(world.box.root, 'kubeconfig')],
      cluster,
      user,
      impersonate: { user: undefined, groups: [] },
    },
    namespace: 'prod',
    query: { kind: 'namespaces' as const, names: ['prod'] },
  });

  it('a black hole: “did not answer in time” at the budget, not later', async () => {
    const before = world.swallowed();
    const result = BlastLook.start().result(job('blackhole-prod', 'token-user'), BUDGET);
    expect(result).toMatchObject({ ok: false, why: 'timeout' });
    expect(result.ms).toBeLessThan(BUDGET + SLACK);
    // The wait blocked this thread: the black hole's accept runs now.
    await new Promise((done) => setTimeout(done, 50));
    expect(world.swallowed()).toBeGreaterThan(before);
  });

  it('a plugin that never answers: ended at the budget and killed', async () => {
    const result = BlastLook.start().result(job('payments-prod', 'hang'), BUDGET);
    expect(result).toMatchObject({ ok: false, why: 'login' });
    expect(result.ms).toBeLessThan(BUDGET + SLACK);
    const pid = Number(readFileSync(join(world.box.root, 'exec-hang.pid.log'), 'utf8').trim());
    await new Promise((done) => setTimeout(done, 200));
    expect(running(pid)).toBe(false);
  });

  it('a look started early and never given its job stops cleanly', () => {
    const look = BlastLook.start();
    look.stop();
    const result = look.result(job('payments-prod', 'token-user'), BUDGET);
    expect(result).toMatchObject({ ok: false, why: 'failed', detail: 'the look was stopped' });
    expect(result.ms).toBe(0);
  });

  it('the guard on a black hole: one line, and it still refuses (never fails open)', async () => {
    const run = await world.on('prod-blackhole', ['delete', 'ns', 'prod'], { budget: String(BUDGET) });
    expect(blastLines(run.stderr)).toEqual([
      expect.stringMatching(/^ {2}blast {6}unknown: the cluster did not answer in time within 1\.5 s/),
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('refusing without a terminal');
  });
});
