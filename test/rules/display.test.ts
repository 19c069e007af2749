/** Display names: the built-in shortening of cloud names, the user's `display` rules, their precedence and their validation. */
import { describe, expect, it } from 'vitest';
import { defaultDisplay, displayName, parseRuleConfig, type DisplayField } from '../../src/rules/index.js';

const FILE = '/home/me/.config/kctx-guard/config.yaml';

const shown = (name: string, field: DisplayField = 'cluster', yaml?: string): string => {
  const set = parseRuleConfig(yaml, FILE);
  expect(set.problems).toEqual([]);
  return displayName(name, field, set.display ?? defaultDisplay());
};

describe('built-in shortening (on by default)', () => {
  it.each([
    // aws eks update-kubeconfig: context, cluster and user all named after the ARN.
    ['EKS ARN', 'arn:aws:eks:eu-west-1:123456789012:cluster/payments-prod', 'payments-prod'],
    ['EKS ARN, China partition', 'arn:aws-cn:eks:cn-north-1:123456789012:cluster/api', 'api'],
    ['EKS ARN, GovCloud partition', 'arn:aws-us-gov:eks:us-gov-west-1:123456789012:cluster/Api_2', 'Api_2'],
    [
      'EKS ARN with a short account is not one',
      'arn:aws:eks:eu-west-1:1234:cluster/api',
      'arn:aws:eks:eu-west-1:1234:cluster/api',
    ],
    [
      'another service’s ARN stays',
      'arn:aws:ecs:eu-west-1:123456789012:cluster/api',
      'arn:aws:ecs:eu-west-1:123456789012:cluster/api',
    ],
    [
      'EKS ARN with a path after the name stays',
      'arn:aws:eks:eu-west-1:123456789012:cluster/a/b',
      'arn:aws:eks:eu-west-1:123456789012:cluster/a/b',
    ],
    // eksctl: cluster <name>.<region>.eksctl.io, context <identity>@<that>.
    ['eksctl cluster', 'payments.eu-west-1.eksctl.io', 'payments'],
    ['eksctl context', 'jane@payments.eu-west-1.eksctl.io', 'payments'],
    // gcloud container clusters get-credentials: gke_<project>_<location>_<cluster>.
    ['GKE zonal', 'gke_acme-prod_europe-west1-b_payments', 'payments'],
    ['GKE regional', 'gke_acme-prod_us-central1_api-2', 'api-2'],
    ['GKE domain-scoped project', 'gke_example.com:acme_us-central1-a_api', 'api'],
    ['GKE-like with two parts stays', 'gke_acme_prod-eu', 'gke_acme_prod-eu'],
    ['GKE-like with an upper-case cluster stays', 'gke_acme_us-central1_API', 'gke_acme_us-central1_API'],
    // az aks get-credentials: the cluster and context are already the AKS resource name.
    ['AKS cluster', 'payments-aks', 'payments-aks'],
    ['AKS admin context', 'payments-aks-admin', 'payments-aks-admin'],
    ['a plain name', 'prod-eu', 'prod-eu'],
  ])('%s: %s → %s', (_why, name, expected) => {
    expect(shown(name)).toBe(expected);
    expect(shown(name, 'context')).toBe(expected);
  });

  it('display.shorten: false shows the full names', () => {
    const arn = 'arn:aws:eks:eu-west-1:123456789012:cluster/payments-prod';
    expect(shown(arn, 'cluster', 'display:\n  shorten: false\n')).toBe(arn);
    expect(shown('gke_acme_us-central1_api', 'context', 'display:\n  shorten: false\n')).toBe(
      'gke_acme_us-central1_api',
    );
  });
});

describe('display rules: precedence', () => {
  const YAML = `display:
  rules:
    - match: 'gke_acme-prod_.*_(?<cluster>[\\w-]+)'
      name: 'gke-$cluster'
    - match: 'arn:aws:eks:(?<region>[a-z0-9-]+):\\d+:cluster/(?<name>.+)'
      name: '\${name}@$region'
      field: cluster
    - match: 'gke_.*'
      name: 'some-gke'
    - match: '(team)-(.*)'
      name: '$2.$1 costs $$5'
    - match: 'opt-(?<a>x)?(?<b>y)?'
      name: '$a'
`;
  it.each([
    ['the user’s rule beats the built-in', 'cluster', 'gke_acme-prod_europe-west1-b_payments', 'gke-payments'],
    ['the first matching rule wins', 'cluster', 'gke_other_europe-west1-b_payments', 'some-gke'],
    ['${name} and $name together', 'cluster', 'arn:aws:eks:eu-west-1:123456789012:cluster/api', 'api@eu-west-1'],
    [
      'a rule limited to cluster skips the context (the built-in applies)',
      'context',
      'arn:aws:eks:eu-west-1:123456789012:cluster/api',
      'api',
    ],
    ['numbered groups and $$', 'context', 'team-payments', 'payments.team costs $5'],
    ['match is anchored: a part of a name does not match', 'cluster', 'my-team-payments', 'my-team-payments'],
    ['a rule that yields nothing keeps the full name', 'cluster', 'opt-y', 'opt-y'],
    ['no rule: the built-in still shortens', 'cluster', 'payments.eu-west-1.eksctl.io', 'payments'],
  ] as [string, DisplayField, string, string][])('%s', (_why, field, name, expected) => {
    expect(shown(name, field, YAML)).toBe(expected);
  });

  it('rules still apply with shorten: false, the built-ins do not', () => {
    const yaml = "display:\n  shorten: false\n  rules:\n    - match: 'x-(.*)'\n      name: '$1'\n";
    expect(shown('x-payments', 'cluster', yaml)).toBe('payments');
    expect(shown('payments.eu-west-1.eksctl.io', 'cluster', yaml)).toBe('payments.eu-west-1.eksctl.io');
  });

  it('max-length defaults to 40 and can be set', () => {
    expect(parseRuleConfig(undefined, FILE).display?.maxLength).toBe(40);
    expect(parseRuleConfig('display:\n  max-length: 24\n', FILE).display?.maxLength).toBe(24);
  });
});

describe('display rules: a broken section rejects the file, with file:line', () => {
  it.each([
    ['unknown key in the section', 'display:\n  short: true\n', 2, 'unknown key "display.short"'],
    ['shorten not a boolean', 'display:\n  shorten: yes please\n', 2, '"display.shorten" must be true or false'],
    [
      'max-length too small',
      'display:\n  max-length: 3\n',
      2,
      '"display.max-length" must be a whole number from 8 to 64',
    ],
    ['max-length not a number', 'display:\n  max-length: long\n', 2, '"display.max-length" must be a whole number'],
    ['rules not a list', 'display:\n  rules: x\n', 2, '"display.rules" must be a list'],
    ['a rule not a mapping', 'display:\n  rules:\n    - x\n', 3, 'display rule 1 must be a mapping'],
    ['match missing', 'display:\n  rules:\n    - name: x\n', 3, 'display rule 1: match is missing'],
    ['name missing', "display:\n  rules:\n    - match: 'x'\n", 3, 'display rule 1: name is missing'],
    [
      'bad regular expression',
      "display:\n  rules:\n    - name: x\n      match: 'gke_(unclosed'\n",
      4,
      'display rule 1: match: invalid regular expression gke_(unclosed',
    ],
    [
      'name refers to a group the match lacks',
      "display:\n  rules:\n    - match: 'gke_(?<c>.*)'\n      name: '$cluster'\n",
      4,
      'display rule 1: name refers to $cluster, which match does not capture (groups: $1, $c)',
    ],
    [
      'numbered group out of range',
      "display:\n  rules:\n    - match: 'a(b)'\n      name: '$2'\n",
      4,
      'name refers to $2',
    ],
    [
      'unknown field',
      "display:\n  rules:\n    - match: 'a'\n      name: b\n      field: user\n",
      5,
      'display rule 1: field "user" is not one of context, cluster',
    ],
    [
      'unknown key in a rule',
      "display:\n  rules:\n    - match: 'a'\n      name: b\n      alias: c\n",
      5,
      'display rule 1: unknown key "alias"',
    ],
    ['empty match', "display:\n  rules:\n    - match: ''\n      name: b\n", 3, 'display rule 1: match is empty'],
  ])('%s', (_why, yaml, line, message) => {
    const set = parseRuleConfig(`rules:\n  - context: prod\n    level: danger\n${yaml}`, FILE);
    expect(set.problems).toHaveLength(1);
    expect(set.problems[0]).toMatchObject({ file: FILE, line: line + 3 });
    expect(set.problems[0]!.message).toContain(message);
    // The whole file is ignored: the defaults, and the default display.
    expect(set.display).toEqual(defaultDisplay());
    expect(set.rules[0]!.origin).toMatch(/^default:/);
  });

  it('a valid rule says where it comes from', () => {
    const set = parseRuleConfig("display:\n  rules:\n    - match: 'a(.*)'\n      name: '$1'\n", FILE);
    expect(set.display?.rules[0]?.origin).toBe(`${FILE}:3 (display rule 1)`);
  });
});
