/**
 * Loads YAML the way kubectl's reader (go-yaml v2, YAML 1.1) does: the first document only,
 * plain scalars typed by YAML 1.1 rules (so `namespace: yes` or `name: 0o17` are not strings for
 * us either), duplicate keys last-wins, `<<` merges in place, self-containing anchors refused.
 * Booleans and numbers load as `NonString` markers: kubeconfig fields we read must be strings.
 */
import yaml from 'js-yaml';
import { checkGoYamlLimits } from './go-yaml-limits.js';
import { checkGoYamlCharacters, refusedEscapes } from './go-yaml-stream.js';
import { NodeRecorder } from './yaml-merge.js';
import { GO_YAML_EXPLICIT_TYPES } from './yaml-tags.js';

export class NonString {
  constructor(
    readonly kind: 'boolean' | 'number',
    readonly text: string,
  ) {}
  toString(): string {
    return this.text;
  }
}

const BOOLEANS = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
  'on',
  'On',
  'ON',
  'off',
  'Off',
  'OFF',
]);

/** strconv.ParseInt/ParseUint with base 0, which go-yaml v2 tries first (after deleting every `_`). */
const GO_INT = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
/** go-yaml v2's `yamlStyleFloat`, tried next (also without `_`); no hex floats, no inf/nan words. */
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** strconv.ParseFloat on a scalar starting with `.`; Go lets `_` sit between two digits. */
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const MISPLACED_UNDERSCORE = /(^|[^0-9])_|_([^0-9]|$)/;
const SPECIAL_FLOATS = new Set([
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
  '.nan',
  '.NaN',
  '.NAN',
]);

/** True when the literal fits ParseInt (int64) or, unsigned, ParseUint (uint64); else go-yaml keeps looking. */
function fitsGoInt(sign: string, digits: string): boolean {
  const value = BigInt(/^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits.toLowerCase());
  if (sign === '-') return value <= 2n ** 63n;
  return value < (sign === '+' ? 2n ** 63n : 2n ** 64n);
}

/** True when go-yaml v2 (kubectl's YAML reader) resolves this plain scalar to a number. */
export function isYaml11Number(text: string): boolean {
  // js-yaml asks about every plain scalar: most (names, URLs, base64) fail on the first character.
  const first = text.charCodeAt(0);
  if (!(first === 0x2e || first === 0x2b || first === 0x2d || (first >= 0x30 && first <= 0x39))) return false;
  if (text.length <= 5 && SPECIAL_FLOATS.has(text)) return true;
  if (text.startsWith('.')) return !MISPLACED_UNDERSCORE.test(text) && DOT_FLOAT.test(text.replace(/_/g, ''));
  const plain = text.includes('_') ? text.replace(/_/g, '') : text;
  const int = GO_INT.exec(plain);
  return (int !== null && fitsGoInt(int[1] ?? '', int[2] ?? '')) || YAML_FLOAT.test(plain);
}

const booleanType = new yaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  // The length test spares hashing every long scalar (certificates) for the Set lookup.
  resolve: (data: unknown) => typeof data === 'string' && data.length <= 5 && BOOLEANS.has(data),
  construct: (data: string) => new NonString('boolean', data),
});

const numberType = new yaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && isYaml11Number(data),
  construct: (data: string) => new NonString('number', data),
});

const floatType = new yaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && isYaml11Number(data),
  construct: (data: string) => new NonString('number', data),
});

// js-yaml 4 exports its built-in types at run time; @types/js-yaml does not declare them.
const builtins = (yaml as unknown as { types: Record<'null' | 'merge', yaml.Type> }).types;

export const KUBECTL_YAML_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [builtins.null, booleanType, numberType, builtins.merge],
  explicit: [floatType, ...GO_YAML_EXPLICIT_TYPES],
});

/**
 * The first document of a YAML stream, as text. go-yaml v2 (behind kubectl) decodes only the
 * first document and never parses what follows the next `---` or `...` line; it also refuses
 * any `%YAML` version but 1.1.
 */
export function firstDocument(text: string): string {
  const body = text.startsWith('\ufeff') ? text.slice(1) : text;
  // Line by line until the document starts: directives, comments and blank lines may come first.
  let offset = 0;
  for (;;) {
    const newline = body.indexOf('\n', offset);
    const end = newline === -1 ? body.length : newline + 1;
    const line = body.slice(offset, end);
    const marker = /^(---|\.\.\.)(?=[ \t\r\n]|$)/.exec(line)?.[1];
    const blank = /^\s*(#.*)?$/.test(line.replace(/\r?\n$/, ''));
    const version = /^%YAML[ \t]+([0-9]+\.[0-9]+)/.exec(line);
    if (version && version[1] !== '1.1') throw new Error(`found incompatible YAML document (%YAML ${version[1]})`);
    if (marker === '---' || (marker === undefined && !blank && !line.startsWith('%')))
      return body.slice(0, documentEnd(body, end));
    if (newline === -1) return body;
    offset = end;
  }
}

/** Where the first `---` or `...` line starting at or after `from` (a line start, never 0) begins, else the text's length. */
function documentEnd(body: string, from: number): number {
  // Once the document has started only marker lines matter: searching for them beats splitting 15 MiB into lines.
  // Each search resumes past its own last hit, so many `---x` lines cannot make this quadratic.
  let dashes = body.indexOf('\n---', from - 1);
  let dots = body.indexOf('\n...', from - 1);
  for (;;) {
    const hit = dashes === -1 ? dots : dots === -1 ? dashes : Math.min(dashes, dots);
    if (hit === -1) return body.length;
    // A marker is followed by a blank, a line end or the end of the text.
    const next = body.charCodeAt(hit + 4);
    if (Number.isNaN(next) || next === 0x20 || next === 0x09 || next === 0x0d || next === 0x0a) return hit + 1;
    if (hit === dashes) dashes = body.indexOf('\n---', hit + 1);
    else dots = body.indexOf('\n...', hit + 1);
  }
}

/**
 * Loads one YAML document like kubectl: only the first document, YAML 1.1 scalars, duplicate
 * keys allowed (last wins), `<<` merges applied in place as go-yaml v2 does.
 * Throws js-yaml's `YAMLException` (with line and column) on syntax errors.
 */
export function loadKubectlYaml(text: string, filename: string): unknown {
  return loadKubectlDocument(text, filename).value;
}

/**
 * {@link loadKubectlYaml}, also telling whether the value may hold shared nodes. Without a `*`
 * there is no alias, so (merges aside) every node is reached once and none can contain itself:
 * callers may then skip the bookkeeping that guards against alias bombs and cycles.
 * `deep`: the document may be deeper than a recursive walk of it could go on the default stack
 * (see deep-parse.ts), so go-yaml's depth limit is checked even without aliases.
 */
export function loadKubectlDocument(raw: string, filename: string, deep = false): { value: unknown; shared: boolean } {
  // go-yaml (YAML 1.1) takes NEL for a line break everywhere, as js-yaml (1.2) does not.
  const text = raw.includes('\u0085') ? raw.replaceAll('\u0085', '\n') : raw;
  const source = firstDocument(text);
  checkGoYamlCharacters(text, (text.startsWith('\ufeff') ? 1 : 0) + source.length);
  const options = { schema: KUBECTL_YAML_SCHEMA, json: true, filename };
  const escapes = refusedEscapes(source);
  let loaded: { value: unknown; shared: boolean };
  if (!source.includes('<<')) {
    const value = yaml.load(source, options);
    loaded = { value, shared: source.includes('*') };
  } else {
    const recorder = new NodeRecorder();
    const value = yaml.load(source, { ...options, listener: recorder.listener });
    loaded = { value: recorder.rebuild(value), shared: true };
  }
  if (escapes.length > 0) refuseEscapes(source, escapes, options);
  if (LINE_SEPARATORS.test(source)) refuseLineSeparators(source, options);
  // Without aliases the tree has no more nodes than the text, and js-yaml's own recursion has
  // already bounded its depth far below go-yaml's limit.
  if (loaded.shared || deep) checkGoYamlLimits(loaded.value);
  return loaded;
}

const LINE_SEPARATORS = /[\u2028\u2029]/;

/**
 * go-yaml also takes U+2028 and U+2029 for line breaks, except that a quoted scalar keeps them as
 * characters: where a break cannot stand (a plain or block scalar, a comment, between tokens) it
 * fails. Read again with them as breaks, the document fails exactly there; a quoted one folds, and
 * the first reading (which kept them) stands.
 */
function refuseLineSeparators(source: string, options: yaml.LoadOptions): void {
  yaml.load(source.replace(/[\u2028\u2029]/g, '\n'), options);
}

/**
 * go-yaml refuses a surrogate or out-of-range `\u`/`\U` escape in a double-quoted scalar; js-yaml
 * decodes it. Turning each such escape into an unknown one (`\q`) lets js-yaml say whether it
 * stands where escapes count: it then fails on it.
 */
function refuseEscapes(source: string, offsets: number[], options: yaml.LoadOptions): void {
  const chars = source.split('');
  for (const offset of offsets) chars[offset] = 'q';
  try {
    yaml.load(chars.join(''), options);
  } catch (error) {
    if (error instanceof yaml.YAMLException && error.reason === 'unknown escape sequence')
      throw new Error('found invalid Unicode character escape code');
    throw error;
  }
}
