/** buildEntry: from a resolved target and a rule set to what the prompt shows. */
import { describe, expect, it } from 'vitest';
import { KubeconfigError, type Resolution } from '../../src/kubeconfig/index.js';
import { buildEntry, type BuildInput } from '../../src/pipeline/index.js';
import { plainSegment } from '../../src/render/index.js';
import { parseRuleConfig } from '../../src/rules/index.js';

const HOME_CONFIG = '/home/a/.kube/config';

const ok = (
  files: string[],
  fields: Partial<{ context: string; cluster: string; namespace: string; server: string }> = {},
): Resolution => ({
  ok: true,
  files,
  target: {
    context: 'prod-eu',
    cluster: 'prod-eu',
    namespace: 'payments',
    user: 'admin',
    server: 'https://10.0.0.1',
    source: files[0] ?? HOME_CONFIG,
    ...fields,
  },
});

const build = (fields: Partial<BuildInput>): ReturnType<typeof buildEntry> =>
  buildEntry({
    key: '',
    kubeconfigValue: undefined,
    cwd: undefined,
    defaultKubeconfig: HOME_CONFIG,
    resolution: ok([HOME_CONFIG]),
    ruleSet: parseRuleConfig(undefined, '/c.yaml'),
    configFile: '/c.yaml',
    freshnessPaths: [HOME_CONFIG],
    now: new Date('2025-01-01T00:00:00Z'),
    ...fields,
  });

describe('buildEntry', () => {
  it.each([
    ['KUBECONFIG unset', undefined, [HOME_CONFIG], '⎈ prod-eu:payments'],
    ['KUBECONFIG set to the default file', HOME_CONFIG, [HOME_CONFIG], '⎈ prod-eu:payments'],
    [
      'KUBECONFIG set to another file',
      '/tmp/deploy-123/dev.yaml',
      ['/tmp/deploy-123/dev.yaml'],
      '[KUBECONFIG=dev.yaml] ⎈ prod-eu:payments',
    ],
    [
      'KUBECONFIG listing three files',
      '/a/one.yaml:/b/two.yaml:/c/three',
      ['/a/one.yaml', '/b/two.yaml', '/c/three'],
      '[KUBECONFIG=one.yaml:two.yaml:three] ⎈ prod-eu:payments',
    ],
    [
      'KUBECONFIG listing the default file and another',
      `${HOME_CONFIG}:/x.yaml`,
      [HOME_CONFIG, '/x.yaml'],
      '[KUBECONFIG=~/.kube/config:x.yaml] ⎈ prod-eu:payments',
    ],
    [
      'KUBECONFIG listing five files',
      '/a/1.yaml:/a/2.yaml:/a/3.yaml:/a/4.yaml:/a/5.yaml',
      ['/a/1.yaml', '/a/2.yaml', '/a/3.yaml', '/a/4.yaml', '/a/5.yaml'],
      '[KUBECONFIG=1.yaml:2.yaml:3.yaml +2 more] ⎈ prod-eu:payments',
    ],
  ] as [string, string | undefined, string[], string][])('%s', (_why, kubeconfigValue, files, plain) => {
    const entry = build({ kubeconfigValue, resolution: ok(files) });
    expect(plainSegment(entry.segment)).toBe(plain);
    expect(entry.level).toBe('danger');
  });

  it('a broken config.yaml shows its marker, keeps the defaults and lists the problem', () => {
    const ruleSet = parseRuleConfig(
      'rules:\n  - context: prod-eu\n    level: safe\n  - context: x\n    level: nope\n',
      '/c.yaml',
    );
    const entry = build({ ruleSet });
    expect(entry.level).toBe('danger');
    expect(plainSegment(entry.segment)).toBe('⎈ prod-eu:payments [config.yaml broken]');
    expect(entry.details.configProblems).toEqual([
      { file: '/c.yaml', line: 5, message: 'rule 2: level "nope" is not one of danger, warn, safe, unclassified' },
    ]);
  });

  it('a kubeconfig error is the error state, with its reason', () => {
    const error = new KubeconfigError('missing-context', 'current-context "gone" names a context that no file defines');
    const entry = build({ resolution: { ok: false, error, files: [HOME_CONFIG], context: 'gone' } });
    expect(entry.level).toBe('error');
    expect(plainSegment(entry.segment)).toBe('⎈ ✖ gone: current-context "gone" names a context that no file defines');
    expect(entry.details).toMatchObject({ level: 'error', context: 'gone', errorCode: 'missing-context', rule: null });
  });

  it('plain fields are sanitized, details keep the raw names', () => {
    const entry = build({
      resolution: ok([HOME_CONFIG], { context: 'dev\n\u202Eprod', cluster: 'c\u0007', namespace: 'n%' }),
    });
    expect(entry.plain).toEqual({ context: 'dev^J<U+202E>prod', cluster: 'c^G', namespace: 'n%' });
    expect(entry.details).toMatchObject({ context: 'dev\n\u202Eprod', cluster: 'c\u0007', namespace: 'n%' });
  });

  it('user rules decide the level and label', () => {
    const ruleSet = parseRuleConfig('rules:\n  - namespace: payments\n    level: warn\n    label: PAY\n', '/c.yaml');
    const entry = build({ ruleSet });
    expect(entry.level).toBe('warn');
    expect(plainSegment(entry.segment)).toBe('⎈ PAY prod-eu:payments');
    expect(entry.details.rule).toBe('/c.yaml:2 (rule 1)');
  });

  it('the prompt and the plain fields carry the display names; details keep the full ones and add the display names', () => {
    const arn = 'arn:aws:eks:eu-west-1:123456789012:cluster/payments-prod';
    const entry = build({ resolution: ok([HOME_CONFIG], { context: arn, cluster: arn }) });
    expect(plainSegment(entry.segment)).toBe('⎈ payments-prod:payments');
    expect(entry.plain).toEqual({ context: 'payments-prod', cluster: 'payments-prod', namespace: 'payments' });
    expect(entry.details).toMatchObject({
      context: arn,
      cluster: arn,
      display: { context: 'payments-prod', cluster: 'payments-prod' },
    });
    expect(entry.level).toBe('danger');
  });

  it("the user's display rules and length limit reach the segment and the plain fields", () => {
    const ruleSet = parseRuleConfig(
      "display:\n  max-length: 12\n  rules:\n    - match: 'gke_(?<p>[^_]+)_[^_]+_(?<c>.+)'\n      name: '$p/$c'\n      field: cluster\n",
      '/c.yaml',
    );
    const gke = 'gke_acme-prod_europe-west1-b_payments-prod';
    const entry = build({ ruleSet, resolution: ok([HOME_CONFIG], { context: 'payments-prod-admin', cluster: gke }) });
    expect(entry.plain).toEqual({ context: 'paymen…admin', cluster: 'acme-p…-prod', namespace: 'payments' });
    expect(plainSegment(entry.segment)).toBe('⎈ acme-p…-prod/paymen…admin:payments');
    expect(entry.details.display).toEqual({ context: 'payments-prod-admin', cluster: 'acme-prod/payments-prod' });
    expect(entry.details.cluster).toBe(gke);
  });

  it('display.shorten: false shows the full names', () => {
    const arn = 'arn:aws:eks:eu-west-1:123456789012:cluster/api';
    const ruleSet = parseRuleConfig('display:\n  shorten: false\n  max-length: 64\n', '/c.yaml');
    const entry = build({ ruleSet, resolution: ok([HOME_CONFIG], { context: 'api', cluster: arn }) });
    expect(entry.plain.cluster).toBe(arn);
    expect(plainSegment(entry.segment)).toBe(`⎈ ${arn}/api:payments`);
  });
});
