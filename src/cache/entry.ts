/**
 * The cache entry format (version 2): one field a line so shells read it with `read` alone; text
 * only, never a control character, so the hooks add every colour and escape themselves.
 * See docs/protocol.md; bump ENTRY_VERSION on any change shells would notice. Pure.
 */
import { SGR_TOKEN, type DisplayLevel, type SegmentParts } from '../render/index.js';
import { LEVELS } from '../rules/index.js';

export const ENTRY_MAGIC = 'kctx-guard-entry';
export const ENTRY_VERSION = 2;
/** The entry's lines, in order (docs/protocol.md, "Entry format"); the shell templates read fields by these positions. */
export const ENTRY_FIELDS = [
  'magic',
  'key',
  'freshnessPaths',
  'level',
  'colour',
  'symbol',
  'text',
  'marker',
  'note',
  'context',
  'cluster',
  'namespace',
  'details',
] as const;
export type EntryField = (typeof ENTRY_FIELDS)[number];
/** Separates freshness paths on line 3; cannot occur in a path we accept. */
export const PATH_SEPARATOR = '\u001f';

/** Everything `status --json` and tools need; names raw (JSON-escaped), never secrets. */
export interface EntryDetails {
  kubeconfigValue: string | null;
  cwd: string | null;
  kubeconfig: string[];
  context: string | null;
  cluster: string | null;
  /** The short names the prompt shows (config.yaml `display`, built-in shortening), before the length limit; absent in entries written before display names. */
  display?: { context: string; cluster: string } | null;
  namespace: string | null;
  user: string | null;
  server: string | null;
  source: string | null;
  level: DisplayLevel;
  rule: string | null;
  /** The target cluster's identity (docs/rules.md, "Cluster identity"); absent in entries written before it. */
  identity?: { id: string; server: string; tlsServerName: string | null; ca: string | null } | null;
  /** Every source that gave the target a level (rule, kubeconfig extensions, identity memory). */
  levelSources?: { kind: string; level: string; why: string }[];
  /** `kctx-guard` extensions that were not understood and are ignored. */
  levelProblems?: string[];
  /** config.yaml's `cluster-levels` when fetching is on (status then shows what the cluster declared); else null or absent. */
  clusterLevels?: { ttlMs: number } | null;
  /** The target's context or cluster defined again in a later file, reaching another cluster; kubectl ignores it. */
  shadowed?: { kind: string; name: string; file: string; server: string; acknowledged?: boolean }[];
  /** Definitions kubectl hides in other shells' files, not acknowledged yet (docs/rules.md, "Names kubectl hides"). */
  hiddenElsewhere?: { kind: string; name: string; file: string; server: string; text: string }[];
  /** Context names that now reach another cluster than before, until `kctx-guard ack` (docs/rules.md, "Drift"). */
  drift?: {
    context: string;
    file: string;
    from: { id: string; server: string; ca: string | null };
    to: { id: string; server: string; ca: string | null };
    at: string;
    text: string;
  }[];
  label: string | null;
  error: string | null;
  errorCode: string | null;
  errorFile: string | null;
  configFile: string;
  configProblems: { file: string; line: number | null; message: string }[];
  computedAt: string;
}

export interface Entry {
  key: string;
  /** The entry is fresh while its file is newer (-nt) than every one of these. */
  freshnessPaths: string[];
  level: DisplayLevel;
  /** Sanitized text and a colour token; each hook draws it for its shell. */
  segment: SegmentParts;
  /** Sanitized, unescaped: for KCTX_GUARD_CONTEXT and friends. */
  plain: { context: string; cluster: string; namespace: string };
  details: EntryDetails;
}

// C0, DEL and C1: a hook strips them from a forged entry, but a real one never holds any.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function oneLine(field: string, value: string): string {
  if (value.includes('\n')) throw new Error(`cache entry field ${field} contains a newline`);
  return value;
}

/** A field a hook shows: no control character at all. */
function shown(field: string, value: string): string {
  if (CONTROL.test(value)) throw new Error(`cache entry field ${field} contains a control character`);
  return value;
}

/**
 * @throws Error when a field would not survive the round trip (a newline, or 0x1F in a freshness
 *   path), a shown field holds a control character, or the colour is not an SGR token.
 */
export function serializeEntry(entry: Entry): string {
  const joined = entry.freshnessPaths.find((path) => path.includes(PATH_SEPARATOR));
  if (joined !== undefined) throw new Error(`freshness path ${JSON.stringify(joined)} contains the 0x1F separator`);
  const byField: Record<EntryField, string> = {
    magic: `${ENTRY_MAGIC} ${ENTRY_VERSION}`,
    key: oneLine('key', entry.key),
    freshnessPaths: oneLine('freshnessPaths', entry.freshnessPaths.join(PATH_SEPARATOR)),
    level: entry.level,
    colour: sgr(entry.segment.sgr),
    symbol: shown('symbol', entry.segment.symbol),
    text: shown('text', entry.segment.text),
    marker: shown('marker', entry.segment.marker),
    note: shown('note', entry.segment.note),
    context: shown('context', entry.plain.context),
    cluster: shown('cluster', entry.plain.cluster),
    namespace: shown('namespace', entry.plain.namespace),
    details: JSON.stringify(entry.details),
  };
  const lines = ENTRY_FIELDS.map((field) => byField[field]);
  return `${lines.join('\n')}\n`;
}

function sgr(value: string): string {
  if (!SGR_TOKEN.test(value)) throw new Error(`cache entry colour ${JSON.stringify(value)} is not an SGR token`);
  return value;
}

/** @throws Error when the text is not a version-2 entry. */
export function parseEntry(text: string): Entry {
  const lines = text.split('\n');
  if (lines[0] !== `${ENTRY_MAGIC} ${ENTRY_VERSION}` || lines.length < ENTRY_FIELDS.length + 1) {
    throw new Error(`not a kctx-guard cache entry (version ${ENTRY_VERSION})`);
  }
  const at = (field: EntryField): string => lines[ENTRY_FIELDS.indexOf(field)]!;
  const level = at('level');
  if (level !== 'error' && !(LEVELS as readonly string[]).includes(level))
    throw new Error(`cache entry has an unknown level ${JSON.stringify(level)}`);
  const paths = at('freshnessPaths');
  return {
    key: at('key'),
    freshnessPaths: paths === '' ? [] : paths.split(PATH_SEPARATOR),
    level: level as DisplayLevel,
    segment: { sgr: sgr(at('colour')), symbol: at('symbol'), text: at('text'), marker: at('marker'), note: at('note') },
    plain: { context: at('context'), cluster: at('cluster'), namespace: at('namespace') },
    details: JSON.parse(at('details')) as EntryDetails,
  };
}
