/** The built-in danger rules, as a user without config.yaml sees them: which clusters turn red, yellow, green. */
import { describe, expect, it } from 'vitest';
import { classify, defaultRules, parseRuleConfig, type Level, type MatchField } from '../../src/rules/index.js';

type Target = Record<MatchField, string>;

const target = (fields: Partial<Target>): Target => ({
  context: 'team-a',
  cluster: 'cluster-a',
  server: 'https://10.20.30.40:6443',
  namespace: 'default',
  user: 'alice',
  ...fields,
});

const rows: [why: string, fields: Partial<Target>, level: Level][] = [
  // Production words in any of context, cluster, server.
  ['context prod-eu', { context: 'prod-eu' }, 'danger'],
  ['GKE cluster name ending in _prod', { cluster: 'gke_x_prod' }, 'danger'],
  ['server host with a .prod. label', { server: 'https://api.prod.example.com' }, 'danger'],
  ['production followed by digits', { context: 'production2' }, 'danger'],
  ['prod followed by digits', { cluster: 'eu-prod3' }, 'danger'],
  ['upper case PROD', { context: 'PROD' }, 'danger'],
  ['prd', { context: 'aks-prd-westeurope' }, 'danger'],
  ['live as a word', { cluster: 'shop-live' }, 'danger'],
  ['prod inside an EKS ARN', { context: 'arn:aws:eks:eu-west-1:123:cluster/prod' }, 'danger'],
  ['prod server on a port', { server: 'https://prod:6443' }, 'danger'],
  // Substrings are not words.
  ['product-dev is not production', { context: 'product-dev' }, 'unclassified'],
  ['delivery is not live', { context: 'delivery' }, 'unclassified'],
  ['reproduce is not prod', { cluster: 'reproduce-bug' }, 'unclassified'],
  ['liveness is not live', { context: 'liveness-tests' }, 'unclassified'],
  ['prodigy is not prod', { server: 'https://prodigy.example.com' }, 'unclassified'],
  // Only context, cluster and server count, not the namespace or user.
  ['a prod namespace on a dev cluster', { namespace: 'prod' }, 'unclassified'],
  ['a prod user on a dev cluster', { user: 'prod-admin' }, 'unclassified'],
  // Staging words.
  ['staging', { context: 'staging' }, 'warn'],
  ['uat', { cluster: 'eu-uat-2' }, 'warn'],
  ['qa', { context: 'qa' }, 'warn'],
  ['stg', { context: 'stg-1' }, 'warn'],
  ['stage', { server: 'https://k8s.stage.example.com' }, 'warn'],
  ['quality is not qa', { context: 'quality' }, 'unclassified'],
  // Pre-production is a warning even though it contains "prod".
  ['preprod', { context: 'preprod' }, 'warn'],
  ['pre-prod', { context: 'pre-prod' }, 'warn'],
  ['pre_prod cluster', { cluster: 'gke_acme_pre_prod' }, 'warn'],
  ['preprod server', { server: 'https://api.preprod.example.com' }, 'warn'],
  // A production name in any field beats a pre-production or staging name in another.
  ['prod context on a preprod cluster', { context: 'prod', cluster: 'preprod-1' }, 'danger'],
  ['staging context on a prod server', { context: 'staging', server: 'https://api.prod.example.com' }, 'danger'],
  // Local clusters.
  ['kind', { context: 'kind-x', cluster: 'kind-x' }, 'safe'],
  ['k3d', { context: 'k3d-x' }, 'safe'],
  ['minikube', { context: 'minikube', cluster: 'minikube' }, 'safe'],
  ['docker-desktop', { context: 'docker-desktop' }, 'safe'],
  ['rancher-desktop', { cluster: 'rancher-desktop' }, 'safe'],
  ['server on 127.0.0.1', { server: 'https://127.0.0.1:6443' }, 'safe'],
  ['server on localhost', { server: 'https://localhost' }, 'safe'],
  ['server on localhost with a path', { server: 'https://localhost:8443/k8s' }, 'safe'],
  ['server on [::1]', { server: 'https://[::1]:6443' }, 'safe'],
  // Things that only look local.
  ['kind- not at the start', { context: 'my-kind-cluster' }, 'unclassified'],
  ['localhost as a subdomain', { server: 'https://localhost.evil.example.com' }, 'unclassified'],
  ['127.0.0.1 as a subdomain', { server: 'https://127.0.0.1.nip.io:6443' }, 'unclassified'],
  ['minikube with a suffix', { context: 'minikube-old' }, 'unclassified'],
  // A production word beats "local".
  ['kind cluster named prod', { context: 'kind-prod', cluster: 'kind-prod' }, 'danger'],
  ['prod context tunnelled to localhost', { context: 'prod', server: 'https://127.0.0.1:16443' }, 'danger'],
  // Everything else.
  ['a plain dev cluster', {}, 'unclassified'],
  ['dev', { context: 'dev', cluster: 'dev', server: 'https://dev.example.com' }, 'unclassified'],
];

describe('default rules', () => {
  it.each(rows)('%s → %s', (_why, fields, level) => {
    expect(classify(target(fields), defaultRules()).level).toBe(level);
  });

  it('are what an absent config.yaml gives', () => {
    const { rules, problems } = parseRuleConfig(undefined, '/nowhere/config.yaml');
    expect(problems).toEqual([]);
    for (const [, fields, level] of rows) expect(classify(target(fields), rules).level).toBe(level);
  });

  it.each([
    [{ server: 'https://api.prod.example.com' }, 'default: production names (server)'],
    [{ cluster: 'kind-x' }, 'default: local clusters (cluster)'],
    [{}, 'no rule matched'],
  ] as [Partial<Target>, string][])('name the rule that decided (%o)', (fields, rule) => {
    expect(classify(target(fields), defaultRules()).rule).toBe(rule);
  });
});
