/**
 * The cache of cluster declarations: what an answer and a failure do to a record, when a cluster is
 * due to be asked again, what computes apply, what makes entries recompute, and what is kept.
 */
import { describe, expect, it } from 'vitest';
import {
  applyOutcome,
  bounded,
  type DeclaredRecord,
  declarationSignature,
  dueAt,
  type FetchOutcome,
  isCache,
  MAX_RECORDS,
  RETRY_MS,
  snapshotOf,
} from '../../src/declared/record.js';

const ASKED = { id: 'a1b2c3d4e5f6', server: 'https://leap.example.invalid:443', context: 'temple' };
const T0 = new Date('2025-06-01T12:00:00.000Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);
const HOUR = 3_600_000;

const answered = (level: 'danger' | 'warn' | 'safe', alias?: string): FetchOutcome => ({
  ok: true,
  declaration: { level, alias },
  problems: [],
});
const NOTHING: FetchOutcome = { ok: true, declaration: undefined, problems: [] };
const fail = (why: 'login' | 'timeout' | 'unreachable' | 'forbidden'): FetchOutcome => ({
  ok: false,
  why,
  detail: `${why} detail`,
});

/** Applies outcomes one after another, an hour apart. */
function history(...outcomes: FetchOutcome[]): DeclaredRecord {
  let record: DeclaredRecord | undefined;
  outcomes.forEach((outcome, index) => {
    record = applyOutcome(record, ASKED, outcome, at(index * HOUR));
  });
  return record!;
}

describe('a record after each attempt', () => {
  it.each([
    ['an answer declares', [answered('danger', 'leap')], { level: 'danger', alias: 'leap' }, null, 0],
    ['no ConfigMap declares nothing', [NOTHING], null, null, 0],
    ['a later answer replaces the earlier', [answered('danger'), answered('warn')], { level: 'warn' }, null, 1],
    ['removing the ConfigMap removes the declaration', [answered('danger'), NOTHING], null, null, 1],
    [
      'unreachable keeps what was declared',
      [answered('danger'), fail('unreachable')],
      { level: 'danger' },
      'unreachable',
      0,
    ],
    ['a login keeps what was declared', [answered('warn'), fail('login')], { level: 'warn' }, 'login', 0],
    ['a 403 keeps what was declared', [answered('danger'), fail('forbidden')], { level: 'danger' }, 'forbidden', 0],
    ['a failure before any answer declares nothing', [fail('timeout')], null, 'timeout', null],
    ['an answer after a failure clears it', [fail('timeout'), answered('safe')], { level: 'safe' }, null, 1],
  ] as const)('%s', (_name, outcomes, declaration, failure, fetchedHour) => {
    const record = history(...outcomes);
    expect(record.declaration === null ? null : record.declaration).toEqual(
      declaration === null ? null : expect.objectContaining(declaration),
    );
    expect(record.failure?.why ?? null).toBe(failure);
    expect(record.fetchedAt).toBe(fetchedHour === null ? null : at(fetchedHour * HOUR).toISOString());
    expect(record.attemptedAt).toBe(at((outcomes.length - 1) * HOUR).toISOString());
    expect(record).toMatchObject(ASKED);
  });
});

describe('when a cluster is asked again', () => {
  const ttl = HOUR;
  it.each([
    ['never asked: now', undefined, 0],
    ['answered: a TTL after the attempt', history(answered('danger')), T0.getTime() + ttl],
    ['nothing declared: a TTL after too', history(NOTHING), T0.getTime() + ttl],
    ['unreachable: sooner, after the retry wait', history(fail('unreachable')), T0.getTime() + RETRY_MS],
    ['timed out: after the retry wait', history(fail('timeout')), T0.getTime() + RETRY_MS],
    ['needs a login: a whole TTL, not every few minutes', history(fail('login')), T0.getTime() + ttl],
  ])('%s', (_name, record, due) => {
    expect(dueAt(record, ttl)).toBe(due);
  });

  it('a TTL shorter than the retry wait is kept after a failure too', () => {
    expect(dueAt(history(fail('unreachable')), 30_000)).toBe(T0.getTime() + 30_000);
  });
});

describe('what computes apply and what recomputes entries', () => {
  it('the snapshot holds declarations only, by identity id', () => {
    const declared = history(answered('danger', 'leap'));
    const none = { ...history(NOTHING), id: 'ffffffffffff' };
    const failed = { ...history(fail('unreachable')), id: 'eeeeeeeeeeee' };
    expect(snapshotOf([declared, none, failed])).toEqual({ [ASKED.id]: { level: 'danger', alias: 'leap' } });
  });

  it.each([
    ['the same answer again', [answered('danger')], [answered('danger'), answered('danger')], false],
    ['a failure after it', [answered('danger')], [answered('danger'), fail('unreachable')], false],
    ['another level', [answered('danger')], [answered('danger'), answered('warn')], true],
    ['another alias', [answered('danger', 'a')], [answered('danger', 'a'), answered('danger', 'b')], true],
    ['removed', [answered('danger')], [answered('danger'), NOTHING], true],
    ['first declared', [NOTHING], [NOTHING, answered('safe')], true],
  ] as const)('%s: recompute %s', (_name, before, after, changes) => {
    expect(declarationSignature(history(...before)) !== declarationSignature(history(...after))).toBe(changes);
  });

  it('a cluster never asked has the signature of one that declares nothing', () => {
    expect(declarationSignature(undefined)).toBe(declarationSignature(history(NOTHING)));
  });
});

describe('what the cache file keeps', () => {
  it('at most MAX_RECORDS clusters, the most recently asked', () => {
    const records = Array.from({ length: MAX_RECORDS + 5 }, (_, index) => ({
      ...applyOutcome(undefined, { ...ASKED, id: `id-${index}` }, NOTHING, at(index * 1000)),
    }));
    const kept = bounded(records);
    expect(kept).toHaveLength(MAX_RECORDS);
    expect(kept.map((record) => record.id)).not.toContain('id-0');
    expect(kept.map((record) => record.id)).toContain(`id-${MAX_RECORDS + 4}`);
  });

  it.each([
    ['a cache', { version: 1, clusters: [history(answered('danger'))] }, true],
    ['an empty cache', { version: 1, clusters: [] }, true],
    ['another version', { version: 2, clusters: [] }, false],
    [
      'a level nobody knows (a forged file)',
      { version: 1, clusters: [{ ...history(NOTHING), declaration: { level: 'red' } }] },
      false,
    ],
    ['a record without an id', { version: 1, clusters: [{ ...history(NOTHING), id: 7 }] }, false],
    ['not an object', 'cluster-levels', false],
  ])('isCache: %s', (_name, value, expected) => {
    expect(isCache(value)).toBe(expected);
  });
});
