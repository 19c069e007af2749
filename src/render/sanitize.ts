/**
 * Makes a name from a kubeconfig safe to show: control, bidi and invisible characters become
 * visible escapes, the length is capped. The result never contains a C0/C1 control. Pure.
 */

export const MAX_NAME_LENGTH = 64;

// C0, DEL, C1; bidi embeddings/overrides/isolates and marks; zero-width and line separators; BOM.
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/u;

function visible(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
  if (code === 0x7f) return '^?';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** Sanitizes one name; `max` counts code points of the result, including the ellipsis. */
export function sanitizeName(name: string, max = MAX_NAME_LENGTH): string {
  const out: string[] = [];
  for (const ch of name.toWellFormed()) {
    if (HIDDEN.test(ch)) out.push(...visible(ch));
    else out.push(ch);
  }
  return out.length <= max ? out.join('') : `${out.slice(0, max - 1).join('')}…`;
}
