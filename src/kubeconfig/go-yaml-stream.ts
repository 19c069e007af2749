/**
 * What go-yaml v2 (kubectl) refuses in the text itself, which js-yaml lets through: characters
 * its reader does not allow anywhere it reads (comments too), and `\u`/`\U` escapes naming a
 * surrogate or a code point past U+10FFFF in a double-quoted scalar.
 */

/** go-yaml's reader allows #x9 #xA #xD #x20-#x7E #x85 #xA0-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF. */
const REFUSED = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
/** A first look, twice as fast on 15 MiB: code units only, so an honest surrogate pair is checked again by REFUSED. */
const MAYBE_REFUSED = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd]/;
/** go-yaml's reader decodes its input in 512-byte blocks, each as a whole. */
const READ_BLOCK = 512;

function utf8Length(code: number): number {
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}

/**
 * How much of `text` go-yaml reads when the first document ends at `documentEnd` (the start of the
 * `---`/`...` line after it, or the text's length): the 4 characters its scanner looks at there,
 * rounded up to the end of that 512-byte block.
 */
export function goYamlReadEnd(text: string, documentEnd: number): number {
  if (documentEnd >= text.length) return text.length;
  let end = Math.min(text.length, documentEnd + 4);
  let bytes = Buffer.byteLength(text.slice(0, end));
  const blockEnd = Math.ceil(bytes / READ_BLOCK) * READ_BLOCK;
  while (end < text.length) {
    const code = text.codePointAt(end) ?? 0;
    const length = utf8Length(code);
    if (bytes + length > blockEnd) break;
    bytes += length;
    end += code > 0xffff ? 2 : 1;
  }
  return end;
}

/**
 * Throws go-yaml's message when the part of `text` it reads holds a character it refuses.
 * @throws Error `control characters are not allowed`.
 */
export function checkGoYamlCharacters(text: string, documentEnd: number): void {
  const read = goYamlReadEnd(text, documentEnd);
  const part = read === text.length ? text : text.slice(0, read);
  if (!MAYBE_REFUSED.test(part) || !REFUSED.test(part)) return;
  if (part.includes(INVALID_BYTE)) throw new Error('invalid leading UTF-8 octet');
  throw new Error('control characters are not allowed');
}

/** What decodeGoYamlBytes puts for a byte that is not UTF-8: a character go-yaml refuses too. */
const INVALID_BYTE = '\uffff';
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The length of the valid UTF-8 sequence at `at`, or 0 when the byte there starts none. */
function sequenceLength(bytes: Uint8Array, at: number): number {
  const lead = bytes[at]!;
  const length =
    lead < 0x80
      ? 1
      : lead >= 0xc2 && lead <= 0xdf
        ? 2
        : lead >= 0xe0 && lead <= 0xef
          ? 3
          : lead >= 0xf0 && lead <= 0xf4
            ? 4
            : 0;
  if (length <= 1 || at + length > bytes.length) return length === 1 ? 1 : 0;
  try {
    STRICT_UTF8.decode(bytes.subarray(at, at + length));
    return length;
  } catch {
    return 0;
  }
}

/**
 * File bytes as text for the YAML reader. go-yaml refuses bytes that are not UTF-8 where it reads
 * (`invalid leading UTF-8 octet`); Node would turn them into U+FFFD, a character it accepts. So each
 * such byte becomes U+FFFF, which checkGoYamlCharacters refuses where go-yaml reads, with its message.
 */
export function decodeGoYamlBytes(bytes: Uint8Array): string {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    let text = '';
    let run = 0;
    for (let at = 0; at < bytes.length; ) {
      const length = sequenceLength(bytes, at);
      if (length > 0) {
        at += length;
        continue;
      }
      text += Buffer.from(bytes.subarray(run, at)).toString('utf8') + INVALID_BYTE;
      at += 1;
      run = at;
    }
    return text + Buffer.from(bytes.subarray(run)).toString('utf8');
  }
}

const ESCAPE = /\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/g;
const MAYBE_BAD_ESCAPE = /\\(?:u[dD][89a-fA-F]|U[0-9a-fA-F]{8})/;

/**
 * Where `text` holds a `\u`/`\U` escape go-yaml would refuse if it stood in a double-quoted scalar
 * (a surrogate, or past U+10FFFF): the offsets of their `u`/`U` letters. Whether each stands in
 * such a scalar is for a YAML parser to say.
 */
export function refusedEscapes(text: string): number[] {
  if (!MAYBE_BAD_ESCAPE.test(text)) return [];
  const found: number[] = [];
  for (const match of text.matchAll(ESCAPE)) {
    const value = Number.parseInt(match[1]?.slice(1) ?? '', 16);
    if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) found.push(match.index + 1);
  }
  return found;
}
