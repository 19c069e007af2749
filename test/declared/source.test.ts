/**
 * A cluster's declaration among the other sources of a level: it raises and never lowers, it applies
 * only with fetching on, its alias names the cluster, and people read when it was fetched.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  applyOutcome,
  type DeclaredRecord,
  type DeclaredSnapshot,
  type FetchOutcome,
} from '../../src/declared/record.js';
import { ago, declaredSource, describeRecord, withAge } from '../../src/declared/source.js';
import { computeEntry } from '../../src/pipeline/index.js';
import { plainSegment } from '../../src/render/index.js';
import { decideLevel, type Level } from '../../src/rules/index.js';
import { identityKubeconfig } from '../helpers/identity-kubeconfig.js';

const ID = 'a1b2c3d4e5f6';
const snapshot = (level: Level, alias?: string): DeclaredSnapshot => ({ [ID]: { level, alias } });
const WHY = (level: Level) => `declared ${level} by the cluster (ConfigMap kube-public/kctx-guard)`;

function decide(ruleLevel: Level, declared: DeclaredSnapshot | undefined, extension?: Level) {
  return decideLevel({
    classification: { level: ruleLevel, label: 'L', symbol: undefined, color: undefined, rule: `rule ${ruleLevel}` },
    context: { name: 'temple', declared: undefined },
    cluster: { name: 'temple', declared: extension ? { level: extension, alias: undefined, problems: [] } : undefined },
    identity: undefined,
    declaredByCluster: declaredSource(declared, ID),
    showFile: (file) => file,
  });
}

describe('the cluster’s declaration among the sources', () => {
  it.each([
    ['raises unclassified to danger', 'unclassified', snapshot('danger'), 'danger', WHY('danger')],
    ['raises safe (a local-looking server) to warn', 'safe', snapshot('warn'), 'warn', WHY('warn')],
    ['cannot lower a danger rule', 'danger', snapshot('safe'), 'danger', undefined],
    ['a tie keeps the rule (its label and colour)', 'warn', snapshot('warn'), 'warn', undefined],
    ['nothing declared: the rule', 'unclassified', undefined, 'unclassified', undefined],
    [
      'another cluster’s declaration does not apply',
      'unclassified',
      { other: { level: 'danger', alias: undefined } },
      'unclassified',
      undefined,
    ],
  ] as const)('%s', (_name, ruleLevel, declared, level, reason) => {
    const decision = decide(ruleLevel, declared);
    expect(decision.level).toBe(level);
    expect(decision.reason).toBe(reason);
    const mine = (declared as DeclaredSnapshot | undefined)?.[ID];
    if (mine)
      expect(decision.sources).toContainEqual({ kind: 'cluster-declared', level: mine.level, why: WHY(mine.level) });
  });

  it('comes after the kubeconfig’s own extension on a tie', () => {
    expect(decide('unclassified', snapshot('danger'), 'danger').rule).toBe(
      'declared danger by the kubeconfig extension kctx-guard on cluster temple',
    );
    expect(decide('unclassified', snapshot('danger'), 'warn').rule).toBe(WHY('danger'));
  });
});

describe('computed entries', () => {
  const root = mkdtempSync(join(tmpdir(), 'kctx-declared-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const home = join(root, 'home');
  mkdirSync(join(home, '.kube'), { recursive: true });
  writeFileSync(
    join(home, '.kube', 'config'),
    identityKubeconfig('temple', [{ name: 'temple', server: 'https://temple.example.invalid', ca: 'temple' }]),
  );
  const configFile = join(root, 'config.yaml');
  const entryWith = (config: string | undefined, declared: (id: string) => DeclaredSnapshot) => {
    if (config === undefined) rmSync(configFile, { force: true });
    else writeFileSync(configFile, config);
    const request = { key: 'k', kubeconfig: undefined, cwd: root, home, configFile };
    const id = computeEntry(request).entry.details.identity!.id;
    return computeEntry({ ...request, declared: declared(id) }).entry;
  };
  const declares = (level: Level, alias?: string) => (id: string) => ({ [id]: { level, alias } });

  it('with fetching on, the declaration decides and the prompt says why', () => {
    const entry = entryWith('cluster-levels: {fetch: true, ttl: 30m}\n', declares('danger'));
    expect(entry.level).toBe('danger');
    expect(entry.details.rule).toBe(WHY('danger'));
    expect(entry.segment.note).toBe(`[${WHY('danger')}]`);
    expect(entry.details.clusterLevels).toEqual({ ttlMs: 1_800_000 });
  });

  it('with fetching off (the default), a cached declaration does not apply', () => {
    for (const config of [undefined, 'cluster-levels: {fetch: false}\n', 'rules: []\n']) {
      const entry = entryWith(config, declares('danger'));
      expect(entry.level).toBe('unclassified');
      expect(entry.details.clusterLevels).toBeNull();
    }
  });

  it('with a broken config.yaml, fetching is off like every other setting of it', () => {
    const entry = entryWith('cluster-levels: {fetch: true, ttl: 1s}\n', declares('danger'));
    expect(entry.level).toBe('unclassified');
    expect(plainSegment(entry.segment)).toContain('config.yaml broken');
    expect(entry.details.configProblems[0]?.message).toContain('cluster-levels.ttl');
  });

  it('the alias names the cluster in the prompt; status keeps the full name', () => {
    const entry = entryWith('cluster-levels: {fetch: true}\n', declares('warn', 'leap'));
    expect(entry.details.display?.cluster).toBe('leap');
    expect(entry.plain.cluster).toBe('leap');
    expect(entry.details.cluster).toBe('temple');
  });
});

describe('how people read the age of a declaration', () => {
  const now = new Date('2025-06-01T12:00:00.000Z');
  const earlier = (ms: number) => new Date(now.getTime() - ms).toISOString();
  it.each([
    [2_000, 'just now'],
    [30_000, '30 s ago'],
    [3 * 60_000, '3 min ago'],
    [119 * 60_000, '119 min ago'],
    [5 * 3_600_000, '5 h ago'],
    [4 * 86_400_000, '4 days ago'],
    [-60_000, 'just now'],
  ])('%d ms ago: %s', (ms, text) => {
    expect(ago(earlier(ms), now)).toBe(text);
  });

  it('the reason gains its age in status and rules test', () => {
    expect(withAge(WHY('danger'), earlier(180_000), now)).toBe(
      'declared danger by the cluster (ConfigMap kube-public/kctx-guard, fetched 3 min ago)',
    );
    expect(withAge('rule giving danger', earlier(180_000), now)).toBe('rule giving danger');
    expect(withAge(WHY('danger'), null, now)).toBe(WHY('danger'));
  });

  it.each([
    ['not asked yet', [], 'not fetched yet'],
    [
      'declared',
      [{ ok: true, declaration: { level: 'danger', alias: 'leap' }, problems: [] }],
      'danger as leap (ConfigMap kube-public/kctx-guard, fetched 3 min ago)',
    ],
    ['nothing declared', [{ ok: true, declaration: undefined, problems: [] }], 'nothing declared (fetched 3 min ago)'],
    [
      'needs a login, never answered',
      [
        {
          ok: false,
          why: 'login',
          detail: 'user "sso" logs in through kubelogin with interactiveMode Always; not run from here',
        },
      ],
      'never answered; last attempt 3 min ago failed: needs interactive login (user "sso" logs in through kubelogin with interactiveMode Always; not run from here); log in with kubectl once, it is asked again later',
    ],
    [
      'unreachable after an answer',
      [
        { ok: true, declaration: { level: 'warn', alias: undefined }, problems: [] },
        { ok: false, why: 'unreachable', detail: 'ECONNREFUSED' },
      ],
      'warn (ConfigMap kube-public/kctx-guard, fetched 3 min ago); last attempt 3 min ago failed: unreachable: ECONNREFUSED',
    ],
  ] as [string, FetchOutcome[], string][])('describeRecord: %s', (_name, outcomes, text) => {
    let record: DeclaredRecord | undefined;
    for (const outcome of outcomes)
      record = applyOutcome(
        record,
        { id: ID, server: 'https://x:443', context: 'c' },
        outcome,
        new Date(earlier(180_000)),
      );
    expect(describeRecord(record, now)).toBe(text);
  });
});
