/** config.yaml: the user's ordered rules, and what happens when the file is broken. */
import { describe, expect, it } from 'vitest';
import { classify, defaultRules, parseRuleConfig, type Level, type MatchField } from '../../src/rules/index.js';

const FILE = '/home/me/.config/kctx-guard/config.yaml';

type Target = Record<MatchField, string>;
const target = (fields: Partial<Target>): Target => ({
  context: 'team-a',
  cluster: 'cluster-a',
  server: 'https://10.20.30.40:6443',
  namespace: 'default',
  user: 'alice',
  ...fields,
});

const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

function levelWith(config: string, fields: Partial<Target>): Level {
  const { rules, problems } = parseRuleConfig(config, FILE);
  expect(problems).toEqual([]);
  return classify(target(fields), rules).level;
}

describe('a valid config.yaml', () => {
  const ordered = yaml(
    'rules:',
    '  - context: "prod-eu"',
    '    level: warn',
    '  - context: "prod-*"',
    '    level: safe',
    '  - cluster: "/^gke_.*_prod$/i"',
    '    level: unclassified',
    '  - context: "dev-*"',
    '    namespace: kube-system',
    '    level: danger',
    '  - user: "admin*"',
    '    level: danger',
    '  - namespace: "/^payments-/"',
    '    level: warn',
    '  - server: "https://*.corp.example.com*"',
    '    level: safe',
    'defaults: false',
  );

  it.each([
    ['the first matching rule wins over a later one', { context: 'prod-eu' }, 'warn'],
    ['a later rule when the first does not match', { context: 'prod-us' }, 'safe'],
    ['globs ignore case', { context: 'PROD-US' }, 'safe'],
    ['globs are anchored at the start', { context: 'x-prod-us' }, 'unclassified'],
    ['/regex/i ignores case', { cluster: 'GKE_ACME_PROD' }, 'unclassified'],
    ['all fields of a rule must match (both do)', { context: 'dev-1', namespace: 'kube-system' }, 'danger'],
    ['all fields of a rule must match (namespace differs)', { context: 'dev-1', namespace: 'web' }, 'unclassified'],
    ['all fields of a rule must match (context differs)', { context: 'ops', namespace: 'kube-system' }, 'unclassified'],
    ['user patterns', { user: 'admin@acme' }, 'danger'],
    ['user globs are anchored at the end too', { user: 'not-admin' }, 'unclassified'],
    ['namespace regex', { namespace: 'payments-eu' }, 'warn'],
    ['namespace regex is case-sensitive without i', { namespace: 'PAYMENTS-eu' }, 'unclassified'],
    ['server globs', { server: 'https://k8s.corp.example.com:6443' }, 'safe'],
    ['defaults: false drops the built-in prod rule', { context: 'production' }, 'unclassified'],
    [
      'defaults: false drops the built-in local rule',
      { context: 'kind-x', server: 'https://127.0.0.1:6443' },
      'unclassified',
    ],
  ] as [string, Partial<Target>, Level][])('%s', (_why, fields, level) => {
    expect(levelWith(ordered, fields)).toBe(level);
  });

  it.each([
    ['your rule before the defaults', { context: 'prod-sandbox' }, 'safe'],
    ['the defaults after your rules', { context: 'prod-eu' }, 'danger'],
    ['the defaults after your rules (local)', { context: 'kind-x' }, 'safe'],
  ] as [string, Partial<Target>, Level][])('without "defaults: false": %s', (_why, fields, level) => {
    const config = yaml('rules:', '  - context: prod-sandbox', '    level: safe');
    expect(levelWith(config, fields)).toBe(level);
  });

  it('carries label, symbol and colour to the classification, and names the rule by file and line', () => {
    const config = yaml(
      '# my rules',
      'rules:',
      '  - context: dev',
      '    level: safe',
      '  - cluster: "gke_acme-prod_*"',
      '    level: danger',
      '    label: PROD',
      '    symbol: "☠"',
      '    color: magenta',
      '  - {context: "x", level: warn, color: 208}',
    );
    const { rules } = parseRuleConfig(config, FILE);
    expect(classify(target({ cluster: 'gke_acme-prod_eu' }), rules)).toEqual({
      level: 'danger',
      label: 'PROD',
      symbol: '☠',
      color: 'magenta',
      rule: `${FILE}:5 (rule 2)`,
    });
    expect(classify(target({ context: 'x' }), rules)).toMatchObject({
      level: 'warn',
      color: '208',
      rule: `${FILE}:10 (rule 3)`,
    });
    expect(classify(target({ context: 'dev' }), rules)).toMatchObject({
      level: 'safe',
      label: undefined,
      symbol: undefined,
      color: undefined,
    });
  });

  it.each([
    ['an empty file', ''],
    ['comments only', yaml('# nothing yet')],
    ['an empty rule list', yaml('rules: []')],
    ['rules: with nothing', yaml('rules:')],
  ])('%s keeps the defaults without complaint', (_why, config) => {
    const { rules, problems } = parseRuleConfig(config, FILE);
    expect(problems).toEqual([]);
    expect(rules.map((rule) => rule.origin)).toEqual(defaultRules().map((rule) => rule.origin));
  });

  it('"defaults: false" with no rules leaves everything unclassified', () => {
    expect(levelWith(yaml('defaults: false'), { context: 'prod' })).toBe('unclassified');
  });
});

describe('a broken config.yaml', () => {
  // Every config below starts with a valid rule that would make prod-eu safe: if any part of a
  // broken file were applied, prod-eu would stop being danger.
  const head = ['# team rules', 'rules:', '  - context: prod-eu', '    level: safe'];

  const rows: [why: string, lines: string[], problems: [line: number, message: RegExp][]][] = [
    [
      'not YAML (bad indentation)',
      [...head, '  - context: dev', '   level: warn'],
      [[6, /^not valid YAML: bad indentation/]],
    ],
    ['not YAML (tab indentation)', [...head, '  - context: dev', '\tlevel: warn'], [[6, /^not valid YAML: .*tab/]]],
    [
      'not YAML (a key twice)',
      [...head, '  - context: dev', '    level: warn', '    level: danger'],
      [[7, /^not valid YAML: duplicated mapping key/]],
    ],
    [
      'an unknown level',
      [...head, '  - context: dev', '    level: dangr'],
      [[6, /^rule 2: level "dangr" is not one of danger, warn, safe, unclassified$/]],
    ],
    ['a missing level', [...head, '  - context: dev', '    label: DEV'], [[5, /^rule 2: level is missing/]]],
    [
      'a bad regex',
      [...head, '  - context: dev', '    level: warn', '  - cluster: "/[/"', '    level: danger'],
      [[7, /^rule 3: cluster: invalid regular expression \/\[\//]],
    ],
    [
      'a bad regex flag',
      [...head, '  - server: "/prod/x"', '    level: danger'],
      [[5, /^rule 2: server: invalid regular expression/]],
    ],
    ['an empty pattern', [...head, '  - level: warn', '    namespace: ""'], [[6, /^rule 2: namespace: empty pattern/]]],
    [
      'an unknown key in a rule',
      [...head, '  - context: dev', '    level: warn', '    colour: red'],
      [[7, /^rule 2: unknown key "colour"/]],
    ],
    [
      'a bad colour',
      [...head, '  - context: dev', '    level: warn', '    color: purple'],
      [[7, /^rule 2: color "purple" is not a 0-255 number/]],
    ],
    [
      'a colour out of range',
      [...head, '  - context: dev', '    level: warn', '    color: 256'],
      [[7, /^rule 2: color "256"/]],
    ],
    [
      'a non-string pattern',
      [...head, '  - context: true', '    level: warn'],
      [[5, /^rule 2: context must be a string$/]],
    ],
    [
      'a rule that is not a mapping',
      [...head, '  - prod-*', '  - context: dev', '    level: warn'],
      [[5, /^rule 2 must be a mapping/]],
    ],
    [
      'rules that are not a list',
      ['# team rules', 'defaults: true', 'rules:', '  context: prod-eu', '  level: safe'],
      [[3, /^"rules" must be a list$/]],
    ],
    ['an unknown top-level key', [...head, 'colours: true'], [[5, /^unknown top-level key "colours"/]]],
    ['defaults that is not a boolean', [...head, 'defaults: "no"'], [[5, /^"defaults" must be true or false$/]]],
    [
      'a list instead of a mapping',
      ['# team rules', '', '- context: prod-eu', '  level: safe'],
      [[3, /^the file must be a mapping/]],
    ],
    [
      'several problems in several rules',
      [
        ...head,
        '  - context: dev',
        '    level: dangr',
        '  - context: ok',
        '    level: warn',
        '  - cluster: "/(/"',
        '    level: danger',
        '  - {context: x, level: warn, colour: red}',
        '  - namespace: kube-system',
        '    level: safe',
        '    color: purple',
        'extra: 1',
      ],
      [
        [6, /^rule 2: level "dangr"/],
        [9, /^rule 4: cluster: invalid regular expression/],
        [11, /^rule 5: unknown key "colour"/],
        [14, /^rule 6: color "purple"/],
        [15, /^unknown top-level key "extra"/],
      ],
    ],
  ];

  it.each(rows)('%s: defaults stay, problem reported with file and line', (_why, lines, expected) => {
    const { rules, problems } = parseRuleConfig(yaml(...lines), FILE);
    expect(rules.map((rule) => rule.origin)).toEqual(defaultRules().map((rule) => rule.origin));
    expect(classify(target({ context: 'prod-eu' }), rules).level).toBe('danger');
    const found = [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    expect(found.map((problem) => problem.file)).toEqual(expected.map(() => FILE));
    expect(found.map((problem) => problem.line)).toEqual(expected.map(([line]) => line));
    for (const [index, problem] of found.entries()) expect(problem.message).toMatch(expected[index]![1]);
  });
});
