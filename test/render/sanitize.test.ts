/** sanitizeName: what a user sees of a hostile or odd name, before any shell escaping. */
import { describe, expect, it } from 'vitest';
import { MAX_NAME_LENGTH, sanitizeName } from '../../src/render/index.js';
import { FORBIDDEN, HOSTILE_NAMES } from './hostile.js';

const codePoints = (text: string): number => [...text].length;

describe('sanitizeName', () => {
  it.each([
    // Shell syntax is data: shown as written (each shell's escaping and ${VAR} keep it inert).
    ['$(touch x)', '$(touch x)'],
    ['`touch x`', '`touch x`'],
    ['%F{red}', '%F{red}'],
    ['\\[\\e[31m\\]', '\\[\\e[31m\\]'],
    // Controls become caret notation.
    ['\u001b[2J', '^[[2J'],
    ['\u001b]0;title\u0007', '^[]0;title^G'],
    ['dev\nprod', 'dev^Jprod'],
    ['prod\rdev', 'prod^Mdev'],
    ['a\u0000b', 'a^@b'],
    ['a\u007Fb', 'a^?b'],
    ['a\tb', 'a^Ib'],
    // C1, bidi and invisible characters become <U+XXXX>.
    ['a\u009B2J', 'a<U+009B>2J'],
    ['dev\u202Edorp', 'dev<U+202E>dorp'],
    ['\u2066x\u2069', '<U+2066>x<U+2069>'],
    ['a\u200Fb\u061C', 'a<U+200F>b<U+061C>'],
    ['pr\u200Bod', 'pr<U+200B>od'],
    ['a\u200Db', 'a<U+200D>b'],
    ['\uFEFFprod', '<U+FEFF>prod'],
    ['pr\u00ADod', 'pr<U+00AD>od'],
    ['de\u180Ev', 'de<U+180E>v'],
    ['dev\u{E0041}', 'dev<U+E0041>'],
    ['a\u2028b', 'a<U+2028>b'],
    // Broken UTF-16 is repaired, never passed on.
    ['a\uD800b', 'a\uFFFDb'],
    // Ordinary Unicode is kept.
    ['prod-😀', 'prod-😀'],
    ['☸️ k8s', '☸️ k8s'],
    ['café', 'café'],
    ['cafe\u0301', 'cafe\u0301'],
    ['生产-集群', '生产-集群'],
  ])('%j → %j', (name, expected) => {
    expect(sanitizeName(name)).toBe(expected);
  });

  it.each([
    ['64 characters are kept whole', 'x'.repeat(64), 'x'.repeat(64)],
    ['65 characters are cut to 63 and an ellipsis', 'x'.repeat(65), `${'x'.repeat(63)}…`],
    ['500 characters', 'x'.repeat(500), `${'x'.repeat(63)}…`],
    ['emoji are counted as one character and never split', '😀'.repeat(100), `${'😀'.repeat(63)}…`],
    ['escapes count toward the cap', '\u0000'.repeat(40), `${'^@'.repeat(31)}^…`],
    ['combining marks count toward the cap', `a${'\u0301'.repeat(500)}`, `a${'\u0301'.repeat(62)}…`],
  ])('caps length: %s', (_why, name, expected) => {
    expect(sanitizeName(name)).toBe(expected);
    expect(codePoints(sanitizeName(name))).toBeLessThanOrEqual(MAX_NAME_LENGTH);
  });

  it('takes another cap when asked', () => {
    expect(sanitizeName('abcdef', 4)).toBe('abc…');
  });

  it.each(HOSTILE_NAMES)('%s: no control, bidi or invisible character survives, length capped', (_why, name) => {
    const out = sanitizeName(name);
    expect(out).not.toMatch(FORBIDDEN);
    expect(out).toBe(out.toWellFormed());
    expect(codePoints(out)).toBeLessThanOrEqual(MAX_NAME_LENGTH);
  });
});
