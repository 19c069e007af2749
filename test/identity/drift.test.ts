/** Drift in the identity memory: a name in a file that now reaches another cluster, until acknowledged. */
import { describe, expect, it } from 'vitest';
import {
  acknowledge,
  clusterIdentity,
  describeDrift,
  emptyMemory,
  knownSignature,
  learn,
  type ObservedContext,
} from '../../src/identity/index.js';

const id = (server: string, ca = 'sha256:a') => clusterIdentity({ server, tlsServerName: '', ca })!;
const OLD = id('https://old.example.invalid');
const NEW = id('https://new.example.invalid');
const HOME = '/h/.kube/config';
const OTHER = '/h/other.yaml';
const at = (minutes: number) => new Date(Date.UTC(2025, 7, 12, 15, minutes));

const seen = (context: string, identity: ClusterIdentity, file = HOME): ObservedContext => ({
  context,
  cluster: context,
  file,
  identity,
  level: 'danger',
  origin: 'rule',
});
type ClusterIdentity = NonNullable<ReturnType<typeof clusterIdentity>>;

function learnedFrom(...steps: { files?: string[]; contexts: ObservedContext[] }[]) {
  let memory = emptyMemory();
  steps.forEach((step, i) => {
    memory = learn(memory, { files: step.files ?? [HOME], contexts: step.contexts }, at(i)).memory;
  });
  return memory;
}

describe('drift', () => {
  it.each([
    ['first sight is no drift', [[seen('prod-eu', OLD)]], []],
    ['the same cluster again is no drift', [[seen('prod-eu', OLD)], [seen('prod-eu', OLD)]], []],
    [
      'a name that now reaches another server',
      [[seen('prod-eu', OLD)], [seen('prod-eu', NEW)]],
      [
        'prod-eu in /h/.kube/config now points at https://new.example.invalid:443 (was https://old.example.invalid:443)',
      ],
    ],
    [
      'the same server with another CA',
      [[seen('prod-eu', OLD)], [seen('prod-eu', id('https://old.example.invalid', 'sha256:b'))]],
      ['prod-eu in /h/.kube/config now points at https://old.example.invalid:443 with another CA'],
    ],
    ['back where it was: resolved', [[seen('prod-eu', OLD)], [seen('prod-eu', NEW)], [seen('prod-eu', OLD)]], []],
    [
      'moved twice: from the first, to the last',
      [[seen('prod-eu', OLD)], [seen('prod-eu', NEW)], [seen('prod-eu', id('https://third.example.invalid'))]],
      [
        'prod-eu in /h/.kube/config now points at https://third.example.invalid:443 (was https://old.example.invalid:443)',
      ],
    ],
    ['a name new in another file is no drift', [[seen('prod-eu', OLD)], [seen('prod-eu', NEW, OTHER)]], []],
  ] as [string, ObservedContext[][], string[]][])('%s', (_why, steps, texts) => {
    const memory = learnedFrom(
      ...steps.map((contexts) => ({ files: [...new Set(contexts.map((c) => c.file))], contexts })),
    );
    expect((memory.drift ?? []).map((item) => describeDrift(item))).toEqual(texts);
  });

  it('is seen across a read that caught the file empty (truncated by its writer, not yet written)', () => {
    const memory = learnedFrom(
      { contexts: [seen('prod-eu', OLD)] },
      { files: [HOME], contexts: [] },
      { contexts: [seen('prod-eu', NEW)] },
    );
    expect((memory.drift ?? []).map((item) => describeDrift(item))).toEqual([
      'prod-eu in /h/.kube/config now points at https://new.example.invalid:443 (was https://old.example.invalid:443)',
    ]);
  });

  it('is kept when another file is read, and changes what entries depend on', () => {
    const drifted = learnedFrom({ contexts: [seen('prod-eu', OLD)] }, { contexts: [seen('prod-eu', NEW)] });
    const noDrift = { ...drifted, drift: [] };
    expect(knownSignature(drifted)).not.toBe(knownSignature(noDrift));
    const later = learn(drifted, { files: [OTHER], contexts: [seen('x', OLD, OTHER)] }, at(9)).memory;
    expect(later.drift).toHaveLength(1);
  });

  it('ack removes one context’s drift, or all', () => {
    const drifted = learnedFrom(
      { contexts: [seen('a', OLD), seen('b', OLD)] },
      { contexts: [seen('a', NEW), seen('b', NEW)] },
    ).drift!;
    expect(acknowledge(drifted, 'a').drift.map((item) => item.context)).toEqual(['b']);
    expect(acknowledge(drifted, 'a').acknowledged.map((item) => item.context)).toEqual(['a']);
    expect(acknowledge(drifted).drift).toEqual([]);
    expect(acknowledge(drifted, 'zzz').acknowledged).toEqual([]);
  });

  it('after ack, the new cluster is what the name reaches: no drift until it moves again', () => {
    const drifted = learnedFrom({ contexts: [seen('a', OLD)] }, { contexts: [seen('a', NEW)] });
    const acked = { ...drifted, drift: acknowledge(drifted.drift!).drift };
    expect(learn(acked, { files: [HOME], contexts: [seen('a', NEW)] }, at(5)).memory.drift).toEqual([]);
  });
});
