/**
 * The read-only table (src/guard/read-only.ts): which command lines the wrappers may run without
 * the guard, that the guard itself runs them too, that nothing destructive or reaching into a
 * workload is among them, and that config.yaml cannot make one of them destructive (the wrappers
 * would never ask).
 */
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/guard/argv.js';
import { defaultGuardConfig, parseGuardConfig } from '../../src/guard/config.js';
import { decide } from '../../src/guard/decide.js';
import { isReadOnly, matchesOperation } from '../../src/guard/operations.js';
import { readOnlyCommand } from '../../src/guard/read-only.js';
import type { Resolution } from '../../src/kubeconfig/index.js';
import { classify, defaultRules } from '../../src/rules/index.js';
import { generatedRows, handRows } from './read-only-rows.js';

const PROD: Resolution = {
  ok: true,
  files: ['/k'],
  target: {
    context: 'prod',
    cluster: 'prod-eu',
    namespace: 'default',
    user: 'u',
    server: 'https://prod.example',
    source: '/k',
  },
};
const SHOWN = { context: 'prod', cluster: 'prod-eu', namespace: 'default' };

function onDanger(tool: 'kubectl' | 'helm', argv: string[]): 'run' | 'confirm' {
  const line = parseCommandLine(tool, argv);
  return decide({
    line,
    ...defaultGuardConfig(),
    resolution: PROD,
    classification: PROD.ok ? classify(PROD.target, defaultRules()) : undefined,
    shown: SHOWN,
  }).action;
}

describe('readOnlyCommand', () => {
  it.each(handRows().map(([[tool, argv], readOnly]) => [`${tool} ${JSON.stringify(argv)}`, tool, argv, readOnly]))(
    '%s → read-only: %s',
    (_, tool, argv, readOnly) => {
      expect(readOnlyCommand(tool, argv)).toBe(readOnly);
    },
  );

  it('is what the guard reads from a parsed command line', () => {
    for (const [tool, argv] of generatedRows())
      expect(isReadOnly(parseCommandLine(tool, argv)), `${tool} ${argv.join(' ')}`).toBe(readOnlyCommand(tool, argv));
  });
});

describe('the guard agrees with the wrappers', () => {
  it('runs every read-only command line on a danger cluster without asking', () => {
    const asked = generatedRows()
      .filter(([tool, argv]) => readOnlyCommand(tool, argv))
      .filter(([tool, argv]) => onDanger(tool, argv) !== 'run')
      .map(([tool, argv]) => `${tool} ${argv.join(' ')}`);
    expect(asked).toEqual([]);
  });

  it('asks on a danger cluster for what reaches into a workload, a plugin and a newer subcommand', () => {
    for (const line of [
      'kubectl exec -it web -- sh',
      'kubectl cp web:/etc/passwd .',
      'kubectl attach web',
      'kubectl port-forward svc/db 5432',
      'kubectl proxy',
      'kubectl debug node/n1 -it --image=busybox',
      'kubectl foo bar',
      'kubectl cluster-info dump',
      'helm diff upgrade web ./chart',
    ]) {
      const [tool, ...argv] = line.split(' ');
      expect(onDanger(tool as 'kubectl', argv), line).toBe('confirm');
    }
  });

  it('no default destructive pattern matches a read-only command line (help aside)', () => {
    const patterns = defaultGuardConfig().destructive;
    const clashes = generatedRows()
      .filter(([tool, argv]) => readOnlyCommand(tool, argv) && !argv.some((arg) => arg === '-h' || arg === '--help'))
      .filter(([tool, argv]) => patterns.some((pattern) => matchesOperation(parseCommandLine(tool, argv), pattern)))
      .map(([tool, argv]) => `${tool} ${argv.join(' ')}`);
    expect(clashes).toEqual([]);
  });
});

describe('config.yaml cannot make a read-only command destructive', () => {
  const config = (destructive: string[]) =>
    parseGuardConfig(`guard:\n  destructive:\n${destructive.map((d) => `    - ${d}\n`).join('')}`, '/c.yaml');

  it.each([
    ['kubectl get secrets', 'kubectl get secrets'],
    ['kubectl config view --raw', 'kubectl config view'],
    ['kubectl rollout', 'kubectl rollout history'],
    ['helm ls', 'helm list'],
    ['helm repo ls', 'helm repo list'],
  ])('%s is refused, naming %s, and the defaults stay', (pattern, named) => {
    const parsed = config(['kubectl delete', pattern]);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toContain(named);
    expect(parsed.problems[0]).toContain('run without asking the guard');
    expect(parsed.destructive.map((p) => p.source)).toEqual(defaultGuardConfig().destructive.map((p) => p.source));
  });

  it('commands that reach the guard are accepted: exec, cp, port-forward, debug, certificate approve, helm test, rollout restart', () => {
    const list = [
      'kubectl exec',
      'kubectl cp',
      'kubectl port-forward',
      'kubectl debug',
      'kubectl certificate approve',
      'helm test',
      'kubectl rollout restart',
      'kubectl cluster-info dump',
    ];
    const parsed = config(list);
    expect(parsed.problems).toEqual([]);
    expect(parsed.destructive.map((p) => p.source)).toEqual(list);
  });
});
