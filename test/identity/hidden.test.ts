/**
 * The memory's hidden definitions: found by a compute, kept while their files say so, gone when a
 * compute that read both files in that order no longer finds them, and silenced by acknowledgement
 * until either definition reaches another cluster.
 */
import { describe, expect, it } from 'vitest';
import {
  acknowledgeHidden,
  type HiddenDefinition,
  HIDDEN_LIMITS,
  hiddenKey,
  nextHidden,
  unacknowledgedHidden,
} from '../../src/identity/index.js';

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-02T00:00:00.000Z';

function hidden(name: string, over = '/a.yaml', file = '/b.yaml', id = 'b1', overId = 'a1'): HiddenDefinition {
  return {
    kind: 'context',
    name,
    file,
    server: `https://${id}.example.invalid`,
    id,
    over: { file: over, server: `https://${overId}.example.invalid`, id: overId },
  };
}

describe('nextHidden', () => {
  const prod = hidden('prod');
  const rows: [string, readonly string[], HiddenDefinition[], string[]][] = [
    ['found anew: added', ['/a.yaml', '/b.yaml'], [prod], ['prod@' + T1]],
    ['both files read in that order, not found: gone', ['/a.yaml', '/b.yaml'], [], []],
    [
      'both files read the other way round: that order hides nothing of this one, kept',
      ['/b.yaml', '/a.yaml'],
      [],
      ['prod@' + T0],
    ],
    ['the hidden file not read (missing, or read mid-write): kept', ['/a.yaml'], [], ['prod@' + T0]],
    ['neither file read (another shell): kept', ['/c.yaml'], [], ['prod@' + T0]],
    ['a file between them is no matter: still checked', ['/a.yaml', '/c.yaml', '/b.yaml'], [], []],
  ];
  it.each(rows)('%s', (_why, files, found, expected) => {
    const pending = _why.startsWith('found anew') ? [] : [{ ...prod, at: T0 }];
    expect(nextHidden(pending, files, found, T1).map((item) => `${item.name}@${item.at}`)).toEqual(expected);
  });

  it('found again: kept with the time it was first found', () => {
    expect(nextHidden([{ ...prod, at: T0 }], ['/a.yaml', '/b.yaml'], [prod], T1)).toEqual([{ ...prod, at: T0 }]);
  });

  it('the hidden definition now reaching elsewhere is another finding; the old one is gone', () => {
    const moved = hidden('prod', '/a.yaml', '/b.yaml', 'b2');
    const next = nextHidden([{ ...prod, at: T0 }], ['/a.yaml', '/b.yaml'], [moved], T1);
    expect(next).toEqual([{ ...moved, at: T1 }]);
  });

  it('found twice in one compute is kept once', () => {
    expect(nextHidden([], ['/a.yaml', '/b.yaml'], [prod, prod], T1)).toHaveLength(1);
  });

  it('bounded: once full, new findings wait, and the same compute again changes nothing', () => {
    const many = Array.from({ length: HIDDEN_LIMITS.pending + 5 }, (_, i) => hidden(`n${i}`));
    const files = ['/a.yaml', '/b.yaml'];
    const next = nextHidden([], files, many, T0);
    expect(next).toHaveLength(HIDDEN_LIMITS.pending);
    expect(next.at(-1)?.name).toBe(`n${HIDDEN_LIMITS.pending - 1}`);
    expect(nextHidden(next, files, many, T1)).toEqual(next);
    // Room made (one acknowledged): the next one waiting takes it.
    const acknowledged = [{ key: hiddenKey(hidden('n0')), at: T1 }];
    const after = nextHidden(next, files, many, T1, acknowledged);
    expect(after.map((item) => item.name)).not.toContain('n0');
    expect(after.at(-1)).toEqual({ ...hidden(`n${HIDDEN_LIMITS.pending}`), at: T1 });
  });

  it('an acknowledged finding is not kept, nor added again', () => {
    const acknowledged = [{ key: hiddenKey(prod), at: T0 }];
    expect(nextHidden([{ ...prod, at: T0 }], ['/c.yaml'], [], T1, acknowledged)).toEqual([]);
    expect(nextHidden([], ['/a.yaml', '/b.yaml'], [prod], T1, acknowledged)).toEqual([]);
  });

  it('keeps no more than a hidden definition: extra fields of a caller are not stored', () => {
    const extra = { ...prod, secret: 'x' } as HiddenDefinition;
    expect(Object.keys(nextHidden([], ['/a.yaml', '/b.yaml'], [extra], T1)[0] ?? {}).sort()).toEqual(
      ['at', 'file', 'id', 'kind', 'name', 'over', 'server'].sort(),
    );
  });
});

describe('acknowledgeHidden', () => {
  const prod = hidden('prod');
  const dev = hidden('dev');

  it('by name: only that name; the rest stays open', () => {
    const { acknowledged, now } = acknowledgeHidden([], [prod, dev], 'prod', T1);
    expect(now).toEqual([prod]);
    expect(acknowledged).toEqual([{ key: hiddenKey(prod), at: T1 }]);
    expect(unacknowledgedHidden([prod, dev], acknowledged)).toEqual([dev]);
  });

  it('without a name: all, each once', () => {
    const { acknowledged, now } = acknowledgeHidden([], [prod, dev, prod], undefined, T1);
    expect(now).toEqual([prod, dev]);
    expect(acknowledged).toHaveLength(2);
  });

  it('what is acknowledged already is not acknowledged again', () => {
    const first = acknowledgeHidden([], [prod], undefined, T0);
    const second = acknowledgeHidden(first.acknowledged, [prod], undefined, T1);
    expect(second.now).toEqual([]);
    expect(second.acknowledged).toEqual(first.acknowledged);
  });

  it('either definition reaching another cluster is new: the acknowledgement does not cover it', () => {
    const { acknowledged } = acknowledgeHidden([], [prod], undefined, T0);
    const hiddenMoved = hidden('prod', '/a.yaml', '/b.yaml', 'b2');
    const usedMoved = hidden('prod', '/a.yaml', '/b.yaml', 'b1', 'a2');
    const otherFile = hidden('prod', '/a.yaml', '/c.yaml');
    expect(unacknowledgedHidden([prod, hiddenMoved, usedMoved, otherFile], acknowledged)).toEqual([
      hiddenMoved,
      usedMoved,
      otherFile,
    ]);
  });

  it('a context and a cluster of the same name are two things', () => {
    const cluster: HiddenDefinition = { ...prod, kind: 'cluster' };
    const { acknowledged } = acknowledgeHidden([], [prod], undefined, T0);
    expect(unacknowledgedHidden([cluster], acknowledged)).toEqual([cluster]);
  });

  it('bounded: the oldest acknowledgements go first', () => {
    const many = Array.from({ length: HIDDEN_LIMITS.acknowledged + 3 }, (_, i) => hidden(`n${i}`));
    const { acknowledged } = acknowledgeHidden([], many, undefined, T1);
    expect(acknowledged).toHaveLength(HIDDEN_LIMITS.acknowledged);
    expect(acknowledged[0]?.key).toBe(hiddenKey(hidden('n3')));
  });
});
