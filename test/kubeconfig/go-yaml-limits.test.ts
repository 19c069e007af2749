/** go-yaml v2's limits as we reproduce them: alias ratio, depth, refused characters and escapes. */
import { describe, expect, it } from 'vitest';
import { allowedAliasRatio, checkGoYamlLimits, excessiveAliasing } from '../../src/kubeconfig/go-yaml-limits.js';
import { checkGoYamlCharacters, goYamlReadEnd, refusedEscapes } from '../../src/kubeconfig/go-yaml-stream.js';
import { parseKubeconfig } from '../../src/kubeconfig/index.js';

describe('allowedAliasRatio and excessiveAliasing (go-yaml v2 decode.go)', () => {
  it.each([
    [1000, 0.99],
    [400_000, 0.99],
    [2_200_000, 0.545],
    [4_000_000, 0.1],
    [9_000_000, 0.1],
  ])('allows %d decodes a ratio of %d', (decodes, ratio) => {
    expect(allowedAliasRatio(decodes)).toBeCloseTo(ratio, 10);
  });

  it.each([
    [101, 1001, false, 'ratio 0.1'],
    [100, 100, false, 'no more than 100 aliases'],
    [1000, 1000, false, 'no more than 1,000 decodes'],
    [1001, 1001, true, 'everything aliased'],
    [990, 1001, false, 'just under 99%'],
    [992, 1001, true, 'just over 99%'],
    [500_000, 4_000_001, true, '12.5% of a huge document'],
  ])('%d aliased of %d decodes: %s (%s)', (aliases, decodes, excessive) => {
    expect(excessiveAliasing(aliases, decodes)).toBe(excessive);
  });
});

function chain(levels: number): unknown {
  let node: unknown = 'x';
  for (let i = 0; i < levels; i++) node = [node];
  return node;
}

describe('checkGoYamlLimits', () => {
  it('takes 10,000 levels (the root counts) and refuses 10,001, without recursion', () => {
    expect(() => checkGoYamlLimits(chain(10_000))).not.toThrow();
    expect(() => checkGoYamlLimits(chain(10_001))).toThrow('exceeded max depth of 10000');
    expect(() => checkGoYamlLimits(chain(1_000_000))).toThrow('exceeded max depth of 10000');
  });

  it('counts a shared subtree where it is used again (an alias), so aliases can exceed the depth', () => {
    const deep = chain(6000);
    expect(() => checkGoYamlLimits({ a: deep, b: deep })).not.toThrow();
    let node: unknown = deep;
    for (let i = 0; i < 4001; i++) node = [node];
    expect(() => checkGoYamlLimits({ a: deep, b: node })).toThrow('exceeded max depth');
  });

  it('refuses a billion laughs and a self-containing anchor, takes a few aliases', () => {
    let level: unknown[] = Array(10).fill('x');
    const root: Record<string, unknown> = { a0: level };
    for (let i = 1; i < 9; i++) {
      level = Array(10).fill(level);
      root[`a${i}`] = level;
    }
    expect(() => checkGoYamlLimits(root)).toThrow('document contains excessive aliasing');
    const few = Array(10).fill('x');
    expect(() => checkGoYamlLimits({ a: few, b: Array(10).fill(few) })).not.toThrow();
    const self: unknown[] = [];
    self.push(self);
    expect(() => checkGoYamlLimits({ self })).toThrow('contains an alias to itself');
  });
});

describe('go-yaml reader: refused characters and escapes', () => {
  it.each([
    ['a: b\u0080\n', true],
    ['a: b\u009f\n', true],
    ['a: b\u007f\n', true],
    ['a: b\u0085\n', false],
    ['a: b\u00a0\n', false],
    ['a: b\ufffe\n', true],
    ['a: b\ud83d\ude00\n', false],
    ['a: b\ud83d\n', true],
    ['a: b # \u0001\n', true],
  ])('%j refused: %s', (text, refused) => {
    const check = (): void => checkGoYamlCharacters(text, text.length);
    if (refused) expect(check).toThrow('control characters are not allowed');
    else expect(check).not.toThrow();
  });

  it('reads past the first document to the end of its 512-byte block only', () => {
    const doc = 'a: b\n';
    expect(goYamlReadEnd(`${doc}---\nrest`, doc.length)).toBe(`${doc}---\nrest`.length);
    const long = `${doc}---\n${'x'.repeat(2000)}`;
    expect(goYamlReadEnd(long, doc.length)).toBe(512);
    // A 3-byte character that would straddle the block's end is not read.
    const wide = `${doc}---\n${'x'.repeat(502)}\u20ac\u20ac`;
    expect(goYamlReadEnd(wide, doc.length)).toBe(511);
  });

  it('finds surrogate and out-of-range escapes, leaves the rest', () => {
    expect(refusedEscapes('a: "\\ud83d\\ude00"')).toEqual([5, 11]);
    expect(refusedEscapes('a: "\\U00110000 \\U0001F600"')).toEqual([5]);
    expect(refusedEscapes('a: "\\u00e9 \\uFFFD"')).toEqual([]);
  });

  it('parseKubeconfig refuses a surrogate escape only in a double-quoted scalar', () => {
    const doc = (namespace: string): string =>
      `current-context: c\ncontexts: [{name: c, context: {namespace: ${namespace}}}]\n`;
    expect(() => parseKubeconfig(doc('"\\ud83d\\ude00"'), 'a')).toThrow('invalid Unicode character escape');
    expect(() => parseKubeconfig(doc("'\\ud83d'"), 'a')).not.toThrow();
    expect(() => parseKubeconfig(doc('"\\\\ud83d"'), 'a')).not.toThrow();
  });
});

describe('parseKubeconfig on deep documents', () => {
  it('reads 5,000 nested flow lists on a larger stack, refuses 50,000', () => {
    const doc = (depth: number): string =>
      `current-context: c\ncontexts: [{name: c}]\np: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    expect(parseKubeconfig(doc(5000), 'a').currentContext).toBe('c');
    expect(() => parseKubeconfig(doc(50_000), 'a')).toThrow('exceeded max depth of 10000');
  }, 60_000);
});
