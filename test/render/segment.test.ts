/**
 * segmentParts: the exact text of the prompt segment and its colour token, and that no name can
 * put a control character into any part. Each hook's colours and escaping are pinned in real shells
 * by test/shell/segment.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  fitName,
  plainSegment,
  SGR_TOKEN,
  segmentParts,
  type DisplayLevel,
  type SegmentInput,
  type SegmentParts,
} from '../../src/render/index.js';
import { FORBIDDEN, HOSTILE_NAMES } from './hostile.js';

const input = (fields: Partial<SegmentInput>): SegmentInput => ({
  level: 'unclassified',
  context: 'dev',
  cluster: 'dev',
  namespace: 'default',
  label: undefined,
  symbol: undefined,
  color: undefined,
  error: undefined,
  kubeconfigMarker: undefined,
  configBroken: false,
  ...fields,
});

const parts = (fields: Partial<SegmentInput>): SegmentParts => segmentParts(input(fields));

describe('exact segments', () => {
  it.each([
    [
      'danger',
      { level: 'danger', context: 'prod-eu', cluster: 'prod-eu', namespace: 'payments' },
      { sgr: '1;31', symbol: '⎈', text: 'prod-eu:payments', marker: '', note: '' },
      '⎈ prod-eu:payments',
    ],
    [
      'warn',
      { level: 'warn', context: 'staging', cluster: 'gke_acme_staging', namespace: 'web' },
      { sgr: '33', symbol: '⎈', text: 'gke_acme_staging/staging:web', marker: '', note: '' },
      '⎈ gke_acme_staging/staging:web',
    ],
    [
      'safe',
      { level: 'safe', context: 'kind-dev', cluster: 'kind-dev', namespace: 'default' },
      { sgr: '32', symbol: '⎈', text: 'kind-dev:default', marker: '', note: '' },
      '⎈ kind-dev:default',
    ],
    [
      'unclassified has no colour',
      { level: 'unclassified', context: 'team-a', cluster: 'c1', namespace: 'web' },
      { sgr: '', symbol: '⎈', text: 'c1/team-a:web', marker: '', note: '' },
      '⎈ c1/team-a:web',
    ],
  ] as [string, Partial<SegmentInput>, SegmentParts, string][])('%s', (_why, fields, expected, plain) => {
    expect(parts(fields)).toEqual(expected);
    expect(plainSegment(parts(fields))).toBe(plain);
  });

  it.each([
    [
      'a label goes before the name',
      { level: 'danger', context: 'prod-eu', cluster: 'prod-eu', label: 'PROD' },
      '1;31',
      '⎈ PROD prod-eu:default',
    ],
    ['a symbol replaces ⎈', { level: 'warn', symbol: '⚠' }, '33', '⚠ dev:default'],
    [
      'a colour name replaces the level colour, danger stays bold',
      { level: 'danger', color: 'magenta' },
      '1;35',
      '⎈ dev:default',
    ],
    ['a palette colour', { level: 'warn', color: '208' }, '38;5;208', '⎈ dev:default'],
    ['a colour on an unclassified target', { level: 'unclassified', color: 'cyan' }, '36', '⎈ dev:default'],
    ['an empty namespace still shows the colon', { level: 'safe', namespace: '' }, '32', '⎈ dev:'],
    ['no cluster shows the context alone', { level: 'safe', cluster: '' }, '32', '⎈ dev:default'],
  ] as [string, Partial<SegmentInput>, string, string][])('%s', (_why, fields, sgr, plain) => {
    expect(parts(fields).sgr).toBe(sgr);
    expect(plainSegment(parts(fields))).toBe(plain);
  });
});

describe('markers', () => {
  it('the error state is bold red and says why', () => {
    const out = parts({
      level: 'error',
      context: 'prod-eu',
      cluster: undefined,
      namespace: undefined,
      error: 'current-context "prod-eu" names a context that no file defines',
    });
    expect(out.sgr).toBe('1;31');
    expect(plainSegment(out)).toBe('⎈ ✖ prod-eu: current-context "prod-eu" names a context that no file defines');
  });

  it('the error state without a context', () => {
    const out = parts({
      level: 'error',
      context: undefined,
      cluster: undefined,
      namespace: undefined,
      error: 'current-context is not set (no kubeconfig file exists)',
    });
    expect(plainSegment(out)).toBe('⎈ ✖ current-context is not set (no kubeconfig file exists)');
  });

  it('a long or multi-line error reason is cut and kept on one line', () => {
    const out = parts({ level: 'error', context: undefined, error: `not valid YAML\n${'x'.repeat(200)}` });
    expect(plainSegment(out)).toBe(`⎈ ✖ not valid YAML^J${'x'.repeat(63)}…`);
  });

  it('the KUBECONFIG marker comes first', () => {
    const out = parts({ level: 'safe', context: 'kind-x', cluster: 'kind-x', kubeconfigMarker: 'deploy.yaml+1' });
    expect(out.marker).toBe('[KUBECONFIG=deploy.yaml+1]');
    expect(plainSegment(out)).toBe('[KUBECONFIG=deploy.yaml+1] ⎈ kind-x:default');
  });

  it('the broken-config note comes last', () => {
    const out = parts({ level: 'danger', context: 'prod', cluster: 'prod', configBroken: true });
    expect(out.note).toBe('[config.yaml broken]');
    expect(plainSegment(out)).toBe('⎈ prod:default [config.yaml broken]');
  });
});

describe('hostile names in every field and level', () => {
  const levels: DisplayLevel[] = ['danger', 'warn', 'safe', 'unclassified', 'error'];
  const fields = ['context', 'cluster', 'namespace', 'label', 'symbol', 'kubeconfigMarker', 'error'] as const;
  const cases = HOSTILE_NAMES.flatMap(([why, name]) => fields.map((field) => [why, field, name] as const));

  it.each(cases)('%s in %s', (_why, field, name) => {
    for (const level of levels) {
      const out = parts({ level, [field]: name, configBroken: true });
      // No part holds a control, bidi or invisible character; the colour is a bare SGR token.
      for (const text of [out.symbol, out.text, out.marker, out.note]) expect(text, level).not.toMatch(FORBIDDEN);
      expect(out.sgr, level).toMatch(SGR_TOKEN);
      // Names are capped at 64 characters, the error reason at 80.
      const plain = plainSegment(out);
      expect(plain, level).not.toContain('x'.repeat(field === 'error' ? 81 : 65));
      expect([...plain].length, level).toBeLessThanOrEqual(64 * 3 + 80 + 40);
    }
  });

  it('hostile text stays visible, not dropped', () => {
    const out = parts({ level: 'danger', context: '$(touch x)', cluster: 'dev\u202Edorp', namespace: '\u001b[2J' });
    expect(plainSegment(out)).toBe('⎈ dev<U+202E>dorp/$(touch x):^[[2J');
  });
});

describe('the length limit: names lose their middle, after sanitizing', () => {
  it.each([
    ['short names stay', 'prod-eu', 12, 'prod-eu'],
    ['exactly the limit stays', 'abcdefghij', 10, 'abcdefghij'],
    ['one over loses the middle', 'abcdefghijk', 10, 'abcde…hijk'],
    ['both ends kept', 'payments-production-europe-west1-blue', 16, 'payments…t1-blue'],
    ['counted in characters, not bytes', 'ééééééééééé', 5, 'éé…éé'],
    ['sanitized first: an escape counts as what it shows', 'ab\u202Ecdefgh', 9, 'ab<U…efgh'],
    ['no limit: only the sanitizer’s cap', 'x'.repeat(70), undefined, `${'x'.repeat(63)}…`],
  ] as [string, string, number | undefined, string][])('%s', (_why, name, max, expected) => {
    expect(fitName(name, max)).toBe(expected);
    if (max !== undefined) expect([...fitName(name, max)].length).toBeLessThanOrEqual(max);
  });

  it('applies to the context and the cluster in the segment', () => {
    const out = parts({
      context: 'admin@payments-production-europe-west1',
      cluster: 'payments-production-europe-west1',
      maxLength: 20,
    });
    expect(out.text).toBe('payments-p…ope-west1/admin@paym…ope-west1:default');
  });

  it('an AKS admin context (<cluster>-admin) shows alone: it names the cluster already', () => {
    expect(parts({ context: 'payments-aks-admin', cluster: 'payments-aks' }).text).toBe('payments-aks-admin:default');
    expect(parts({ context: 'payments-aks-user', cluster: 'payments-aks' }).text).toBe(
      'payments-aks/payments-aks-user:default',
    );
  });
});
