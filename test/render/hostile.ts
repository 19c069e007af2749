/** Hostile names a kubeconfig can carry, shared by the sanitize and segment tests. */

export const HOSTILE_NAMES: [why: string, name: string][] = [
  ['command substitution', '$(touch x)'],
  ['backticks', '`touch x`'],
  ['parameter expansion', '${HOME}'],
  ['zsh prompt escape', '%F{red}prod%f'],
  ['zsh literal-sequence opener', '%{'],
  ['zsh percent alone', '100%'],
  ['bash prompt escapes', '\\[\\e[31m\\]\\u@\\h'],
  ['ESC clear screen', '\u001b[2J'],
  ['ESC set window title (OSC)', '\u001b]0;title\u0007'],
  ['ESC colour', '\u001b[32mSAFE\u001b[0m'],
  ['newline', 'dev\nprod'],
  ['carriage return', 'prod\rdev '],
  ['right-to-left override', 'dev\u202Edorp'],
  ['left-to-right/right-to-left marks', 'a\u200Eb\u200Fc\u061Cd'],
  ['bidi isolates', '\u2066dev\u2069\u2067x\u2068y'],
  ['bidi embeddings', '\u202Aa\u202Bb\u202Cc\u202Dd'],
  ['zero-width space and joiners', 'pr\u200Bod\u200C\u200D\u2060\uFEFF'],
  ['soft hyphen', 'pr\u00ADod'],
  ['invisible tag characters', 'dev\u{E0070}\u{E0072}\u{E006F}\u{E0064}'],
  ['Mongolian vowel separator', 'de\u180Ev'],
  ['line and paragraph separators', 'a\u2028b\u2029c'],
  ['NUL', 'a\u0000b'],
  ['DEL', 'a\u007Fb'],
  ['C1 CSI', 'a\u009B2Jb'],
  ['C1 OSC and ST', '\u009D0;t\u009C'],
  ['bell and backspace', 'a\u0007\u0008b'],
  ['500 characters', 'x'.repeat(500)],
  ['500 emoji', '☸'.repeat(250) + '😀'.repeat(250)],
  ['500 escapes', '\u001b'.repeat(500)],
  ['combining marks piled up', `a${'\u0301'.repeat(500)}`],
  ['lone surrogate', 'a\uD800b'],
];

/** Control, bidi and invisible characters: none may reach the terminal from data. */
export const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
