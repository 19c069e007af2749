/**
 * The cache entry format (version 1): one field a line so shells read it with `read` alone.
 * See docs/protocol.md; bump ENTRY_VERSION on any change shells would notice. Pure.
 */
import type { DisplayLevel, Segments } from '../render/index.js';
import { LEVELS } from '../rules/index.js';

export const ENTRY_MAGIC = 'kctx-guard-entry';
export const ENTRY_VERSION = 1;
/** Separates freshness paths on line 3; cannot occur in a path we accept. */
export const PATH_SEPARATOR = '\u001f';

/** Everything `status --json` and tools need; names raw (JSON-escaped), never secrets. */
export interface EntryDetails {
  kubeconfigValue: string | null;
  cwd: string | null;
  kubeconfig: string[];
  context: string | null;
  cluster: string | null;
  namespace: string | null;
  user: string | null;
  server: string | null;
  source: string | null;
  level: DisplayLevel;
  rule: string | null;
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
  segments: Segments;
  /** Sanitized, unescaped: for KCTX_GUARD_CONTEXT and friends. */
  plain: { context: string; cluster: string; namespace: string };
  details: EntryDetails;
}

function oneLine(field: string, value: string): string {
  if (value.includes('\n')) throw new Error(`cache entry field ${field} contains a newline`);
  return value;
}

/** @throws Error when a field would not survive the round trip (a newline, or 0x1F in a freshness path). */
export function serializeEntry(entry: Entry): string {
  const joined = entry.freshnessPaths.find((path) => path.includes(PATH_SEPARATOR));
  if (joined !== undefined) throw new Error(`freshness path ${JSON.stringify(joined)} contains the 0x1F separator`);
  const lines = [
    `${ENTRY_MAGIC} ${ENTRY_VERSION}`,
    oneLine('key', entry.key),
    oneLine('freshnessPaths', entry.freshnessPaths.join(PATH_SEPARATOR)),
    entry.level,
    oneLine('bash', entry.segments.bash),
    oneLine('zsh', entry.segments.zsh),
    oneLine('fish', entry.segments.fish),
    oneLine('plain', entry.segments.plain),
    oneLine('context', entry.plain.context),
    oneLine('cluster', entry.plain.cluster),
    oneLine('namespace', entry.plain.namespace),
    JSON.stringify(entry.details),
  ];
  return `${lines.join('\n')}\n`;
}

/** @throws Error when the text is not a version-1 entry. */
export function parseEntry(text: string): Entry {
  const lines = text.split('\n');
  if (lines[0] !== `${ENTRY_MAGIC} ${ENTRY_VERSION}` || lines.length < 13) {
    throw new Error(`not a kctx-guard cache entry (version ${ENTRY_VERSION})`);
  }
  const [, key, paths, level, bash, zsh, fish, plain, context, cluster, namespace, json] = lines as string[] & {
    length: 13;
  };
  if (level !== 'error' && !(LEVELS as readonly string[]).includes(level!))
    throw new Error(`cache entry has an unknown level ${JSON.stringify(level)}`);
  return {
    key: key!,
    freshnessPaths: paths === '' ? [] : paths!.split(PATH_SEPARATOR),
    level: level as DisplayLevel,
    segments: { bash: bash!, zsh: zsh!, fish: fish!, plain: plain! },
    plain: { context: context!, cluster: cluster!, namespace: namespace! },
    details: JSON.parse(json!) as EntryDetails,
  };
}
