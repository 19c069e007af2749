/**
 * Merges kctx-guard's starship tables into a user's starship.toml without breaking it: the file is
 * read with a TOML parser (smol-toml), the tables are appended, and the modules are put at the front
 * of the top-level `format` (a new `format = "<modules>$all"` at the top when there is none). Every
 * other byte stays as the user wrote it; the result is parsed again and must be the old document
 * plus exactly these changes, else nothing is written. Pure: text in, text out.
 */
import { parse, TomlError } from 'smol-toml';

export class StarshipMergeError extends Error {
  override readonly name = 'StarshipMergeError';
}

export interface StarshipAddition {
  /** The TOML text to append: tables only. */
  tables: string;
  /** What goes at the front of `format`. */
  formatPrefix: string;
}

type Doc = Record<string, unknown>;

/** A TOML basic string for `text` (JSON's escapes are TOML's; DEL must be escaped too). */
function basicString(text: string): string {
  return JSON.stringify(text).replace(/\u007f/g, '\\u007F');
}

/** A TOML string's opening: three quotes and the newline TOML drops after them, or one quote. */
const OPENING = /^(?:"""|''')(?:\r?\n)?|^["']/;

/**
 * The format literal with `prefix` inside its opening quotes (after the newline a multi-line string
 * drops), so the user's quoting and line layout stay; the prefix (`${…}` names) needs no escaping in
 * any kind of TOML string.
 */
function withPrefix(literal: string, prefix: string): string {
  const open = OPENING.exec(literal);
  const at = open ? open[0].length : 0;
  return `${literal.slice(0, at)}${prefix}${literal.slice(at)}`;
}

/**
 * Where the top-level `format` value's text is: the shortest span after `format =` that parses to
 * that value (so a trailing comment stays), on a `format` line above the first table header.
 */
function formatValueSpan(text: string, value: string): [number, number] | undefined {
  const firstTable = text.search(/^[ \t]*\[/m);
  const head = firstTable === -1 ? text : text.slice(0, firstTable);
  const key = /^[ \t]*format[ \t]*=[ \t]*/m.exec(head);
  if (!key) return undefined;
  const start = key.index + key[0].length;
  for (let end = start + 1; end <= text.length; end++) {
    try {
      if ((parse(`v = ${text.slice(start, end)}`) as Doc)['v'] === value) return [start, end];
    } catch {
      // Not a whole value yet: take one more character.
    }
  }
  return undefined;
}

function parseOrExplain(text: string, what: string): Doc {
  try {
    return parse(text) as Doc;
  } catch (error) {
    const where = error instanceof TomlError ? ` (line ${error.line})` : '';
    throw new StarshipMergeError(`${what} is not valid TOML${where}; nothing was changed`, { cause: error });
  }
}

/** Whether `doc` already defines any table the addition brings (env_var.X, custom.Y). */
function sharedTables(doc: Doc, added: Doc): string[] {
  const shared: string[] = [];
  for (const [group, tables] of Object.entries(added)) {
    const mine = doc[group];
    if (typeof mine !== 'object' || mine === null) continue;
    for (const name of Object.keys(tables as Doc)) if (name in mine) shared.push(`[${group}.${name}]`);
  }
  return shared;
}

/**
 * The user's starship.toml text with the addition merged in.
 * @throws StarshipMergeError when the file is not valid TOML, already holds one of the tables, has a
 *   `format` that is not a string or that cannot be found in the text; nothing is to be written then.
 */
export function mergeStarship(existing: string, addition: StarshipAddition, file: string): string {
  const before = parseOrExplain(existing, file);
  const added = parseOrExplain(addition.tables, 'kctx-guard’s starship tables');
  const shared = sharedTables(before, added);
  if (shared.length > 0) throw new StarshipMergeError(`${file} already has ${shared.join(', ')}; nothing was changed`);
  const format = before['format'];
  let text: string;
  let newFormat: string;
  if (format === undefined) {
    newFormat = `${addition.formatPrefix}$all`;
    const line = `# kctx-guard's modules first (kctx-guard init starship --write)\nformat = ${basicString(newFormat)}\n`;
    text = `${line}${existing.length > 0 ? '\n' : ''}${existing}`;
  } else if (typeof format === 'string') {
    const span = formatValueSpan(existing, format);
    if (!span)
      throw new StarshipMergeError(
        `cannot find the top-level format line in ${file}; add ${addition.formatPrefix} to its front yourself; nothing was changed`,
      );
    newFormat = format.startsWith(addition.formatPrefix) ? format : `${addition.formatPrefix}${format}`;
    const literal = existing.slice(span[0], span[1]);
    text =
      existing.slice(0, span[0]) +
      (newFormat === format ? literal : withPrefix(literal, addition.formatPrefix)) +
      existing.slice(span[1]);
  } else throw new StarshipMergeError(`the format in ${file} is not a string; nothing was changed`);
  text = `${text}${text.endsWith('\n') || text.length === 0 ? '' : '\n'}\n${addition.tables}`;
  const after = parseOrExplain(text, 'the merged file');
  const expected: Doc = { ...before, format: newFormat };
  for (const [group, tables] of Object.entries(added))
    expected[group] = { ...((before[group] as Doc | undefined) ?? {}), ...(tables as Doc) };
  if (JSON.stringify(sortKeys(after)) !== JSON.stringify(sortKeys(expected)))
    throw new StarshipMergeError(
      `merging into ${file} would change more than kctx-guard's tables; nothing was changed`,
    );
  return text;
}

/** A copy with object keys in order, so two documents compare by content. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Doc)[key])]),
  );
}
