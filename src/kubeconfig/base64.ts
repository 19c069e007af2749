/** Strict padded base64 checking, fast enough for megabytes of certificate data. */

/** The last four characters: a full quad, or one padded with `=` or `==`. */
const LAST_QUAD = /^(?:[A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)$/;

/**
 * Same answer as `/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/`, which
 * costs ~4 ns a character. Everything before the last quad must be unpadded full quads: decoding
 * and re-encoding (native code) gives back exactly such text and nothing else, since the encoder
 * only writes the alphabet and `=`. The last quad is checked alone so that non-zero trailing bits
 * (`QR==`), which the encoder would normalise, are still accepted as Go's decoder accepts them.
 */
export function isPaddedBase64(text: string): boolean {
  const length = text.length;
  if (length % 4 !== 0) return false;
  if (length === 0) return true;
  if (!LAST_QUAD.test(text.slice(length - 4))) return false;
  if (length === 4) return true;
  const head = text.slice(0, length - 4);
  return !head.includes('=') && Buffer.from(head, 'base64').toString('base64') === head;
}
