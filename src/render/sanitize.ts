/**
 * Makes a name from a kubeconfig safe to show: control, bidi and invisible characters become
 * visible escapes, the length is capped. The result never contains a C0/C1 control. Pure.
 */

export const MAX_NAME_LENGTH = 64;

// Controls (C0, DEL, C1), format characters (bidi controls and marks, zero-width, soft hyphen, tags),
// line/paragraph separators, and the other default-ignorable (invisible) characters.
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;
// Except variation selectors, which emoji need (☸️); a stray one after a letter shows nothing, a trade-off we accept.
const VARIATION_SELECTOR = /[\u180b-\u180d\u180f\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/u;

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
    if (HIDDEN.test(ch) && !VARIATION_SELECTOR.test(ch)) out.push(...visible(ch));
    else out.push(ch);
  }
  return out.length <= max ? out.join('') : `${out.slice(0, max - 1).join('')}…`;
}
