/** Rule patterns as written in config.yaml: anchored case-insensitive globs and `/regex/flags`. */
import { describe, expect, it } from 'vitest';
import { compilePattern, PatternError } from '../../src/rules/index.js';

describe('compilePattern', () => {
  it.each([
    // Globs match the whole value, ignoring case.
    ['prod-*', 'prod-eu', true],
    ['prod-*', 'PROD-EU', true],
    ['prod-*', 'prod-', true],
    ['prod-*', 'my-prod-eu', false],
    ['prod-*', 'prod', false],
    ['*-prod', 'eu-prod', true],
    ['*-prod', 'eu-prod-2', false],
    ['gke_*_prod', 'GKE_acme_PROD', true],
    ['prod?', 'prod1', true],
    ['prod?', 'prod', false],
    ['prod?', 'prod12', false],
    ['gke_[ab]*', 'gke_a1', true],
    ['gke_[ab]*', 'gke_c1', false],
    ['gke_[!ab]*', 'gke_c1', true],
    ['gke_[!ab]*', 'gke_a1', false],
    ['eu-[0-9]', 'eu-7', true],
    ['eu-[0-9]', 'eu-x', false],
    // Regex metacharacters in a glob are literal.
    ['a.b', 'a.b', true],
    ['a.b', 'axb', false],
    ['a+b', 'a+b', true],
    ['a+b', 'aab', false],
    ['(x)|y', '(x)|y', true],
    ['(x)|y', 'y', false],
    ['cost$', 'cost$', true],
    ['x[', 'x[', true],
    ['https://*.prod.example.com', 'https://api.prod.example.com', true],
    ['https://*.prod.example.com', 'https://api.prod.example.com.evil.net', false],
    // `*` spans anything, newlines included: a hostile name cannot slip past "prod-*".
    ['prod-*', 'prod-\nx', true],
    ['*', '', true],
    // /regex/ is used as written: unanchored, case-sensitive unless /i.
    ['/prod/', 'preprod', true],
    ['/^prod$/', 'PROD', false],
    ['/^prod$/i', 'PROD', true],
    ['/\\.prod\\.acme\\.internal(:\\d+)?$/', 'https://k8s.prod.acme.internal:6443', true],
    ['/\\.prod\\.acme\\.internal(:\\d+)?$/', 'https://k8s.prod.acme.internal.evil:6443', false],
    // A value that merely looks like a regex but has no closing slash is a glob.
    ['/prod', '/prod', true],
  ] as [string, string, boolean][])('%j matches %j: %s', (pattern, value, expected) => {
    expect(compilePattern(pattern).test(value)).toBe(expected);
  });

  it('gives the same answer every time even with a /g flag', () => {
    const matcher = compilePattern('/prod/g');
    expect([matcher.test('prod'), matcher.test('prod'), matcher.test('prod')]).toEqual([true, true, true]);
  });

  it('keeps the pattern as written for status', () => {
    expect(compilePattern('gke_*_prod').source).toBe('gke_*_prod');
  });

  it.each([
    ['', /empty pattern/],
    ['/[/', /invalid regular expression/],
    ['/(/', /invalid regular expression/],
    ['/prod/z', /invalid regular expression/],
  ])('refuses %j', (pattern, message) => {
    expect(() => compilePattern(pattern)).toThrow(PatternError);
    expect(() => compilePattern(pattern)).toThrow(message);
  });
});
