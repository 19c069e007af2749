/** How a target's level sources combine: the most dangerous wins; no declaration lowers a rule. */
import { describe, expect, it } from 'vitest';
import type { DeclaredExtension } from '../../src/kubeconfig/declared.js';
import { clusterIdentity, type IdentityMatch } from '../../src/identity/index.js';
import { decideLevel, type Level } from '../../src/rules/index.js';

const rule = (level: Level) => ({
  level,
  label: 'L',
  symbol: undefined,
  color: undefined,
  rule: `rule giving ${level}`,
});
const ext = (level: string | undefined, problems: string[] = []): DeclaredExtension => ({
  level,
  alias: undefined,
  problems,
});
const LEAP = clusterIdentity({ server: 'https://leap.example.invalid', tlsServerName: '', ca: 'sha256:x' })!;
const match = (level: 'danger' | 'warn' | 'safe', via: 'server' | 'ca' = 'server'): IdentityMatch => ({
  known: { identity: LEAP, level, context: 'prod-leap', file: '/h/.kube/config' },
  via,
});

function decide(
  ruleLevel: Level,
  context?: DeclaredExtension,
  cluster?: DeclaredExtension,
  identity?: IdentityMatch,
): ReturnType<typeof decideLevel> {
  return decideLevel({
    classification: rule(ruleLevel),
    context: { name: 'temple', declared: context },
    cluster: { name: 'temple', declared: cluster },
    identity,
    showFile: (file) => (file === '/h/.kube/config' ? '~/.kube/config' : file),
  });
}

describe('decideLevel', () => {
  it.each([
    ['rule alone', decide('warn'), 'warn', undefined],
    [
      'identity raises unclassified',
      decide('unclassified', undefined, undefined, match('danger')),
      'danger',
      'same API server as prod-leap (~/.kube/config)',
    ],
    [
      'identity raises the local-servers rule (a tunnel)',
      decide('safe', undefined, undefined, match('danger', 'ca')),
      'danger',
      'same CA as prod-leap (~/.kube/config), on a local address: a tunnel',
    ],
    ['identity does not lower a rule', decide('danger', undefined, undefined, match('safe')), 'danger', undefined],
    [
      'a safe identity classifies an unclassified name (k3s default)',
      decide('unclassified', undefined, undefined, match('safe')),
      'safe',
      'same API server as prod-leap (~/.kube/config)',
    ],
    [
      'cluster extension raises',
      decide('unclassified', undefined, ext('danger')),
      'danger',
      'declared danger by the kubeconfig extension kctx-guard on cluster temple',
    ],
    [
      'context extension raises',
      decide('warn', ext('danger')),
      'danger',
      'declared danger by the kubeconfig extension kctx-guard on context temple',
    ],
    ['an extension saying safe cannot lower danger', decide('danger', ext('safe'), ext('safe')), 'danger', undefined],
    [
      'an extension saying safe cannot lower a known identity',
      decide('unclassified', undefined, ext('safe'), match('danger')),
      'danger',
      'same API server as prod-leap (~/.kube/config)',
    ],
    ['on a tie the rule keeps its label', decide('danger', undefined, ext('danger')), 'danger', undefined],
    ['a warn identity does not speak on a tie', decide('warn', undefined, undefined, match('warn')), 'warn', undefined],
  ])('%s', (_, decision, level, reason) => {
    expect(decision.level).toBe(level);
    expect(decision.reason).toBe(reason);
    if (reason !== undefined) {
      expect(decision.rule).toBe(reason);
      expect(decision.label).toBeUndefined();
    } else expect(decision.label).toBe('L');
  });

  it('names the other name of a danger cluster in another kubeconfig even when the rule decides (two names, one cluster)', () => {
    const decision = decide('danger', undefined, undefined, match('danger'));
    expect(decision.level).toBe('danger');
    expect(decision.label).toBe('L');
    expect(decision.rule).toBe('rule giving danger');
    expect(decision.reason).toBe('same API server as prod-leap (~/.kube/config)');
    const sameFile = decideLevel({
      classification: rule('danger'),
      context: { name: 'temple', declared: undefined },
      cluster: { name: 'temple', declared: undefined },
      identity: match('danger'),
      targetFile: '/h/.kube/config',
      showFile: (file) => file,
    });
    expect(sameFile.reason).toBeUndefined();
  });

  it('lists every source that gave a level', () => {
    expect(
      decide('warn', ext('danger'), undefined, match('safe')).sources.map((source) => `${source.kind}:${source.level}`),
    ).toEqual(['rule:warn', 'context-extension:danger', 'identity:safe']);
  });

  it('ignores an extension it does not understand, and says so', () => {
    const decision = decide('unclassified', undefined, ext('dangr', ['unknown key "colour" (allowed: level, alias)']));
    expect(decision.level).toBe('unclassified');
    expect(decision.problems).toEqual([
      'kubeconfig extension kctx-guard on cluster temple: unknown key "colour" (allowed: level, alias)',
      'kubeconfig extension kctx-guard on cluster temple: level "dangr" is not one of danger, warn, safe, unclassified (ignored)',
    ]);
  });
});
