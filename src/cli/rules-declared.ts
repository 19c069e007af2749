/**
 * What `rules test` adds for a target given by `--server`: the levels the clusters at that server
 * declared about themselves, from the daemon's cache of answers. A server may front several
 * clusters (one per CA); each that answered is listed, and the most dangerous declaration joins the
 * rule as a source, as it does for an entry. Nothing when config.yaml does not turn fetching on.
 */
import {
  type DeclaredRecord,
  declaredSource,
  describeRecord,
  readDeclaredCache,
  snapshotOf,
  withAge,
} from '../declared/index.js';
import { normalizeServer } from '../identity/server.js';
import { stateDir, type Env } from '../locations.js';
import { LEVEL_RANK, type LevelSource } from '../rules/index.js';

export interface DeclaredForServer {
  /** Each cluster at that server the daemon asked: id, `danger (…, fetched 3 min ago)`. */
  clusters: { id: string; server: string; summary: string }[];
  /** The most dangerous declaration, as a source of the level (its reason with its age). */
  source: LevelSource | undefined;
}

export function declaredForServer(env: Env, server: string, now = new Date()): DeclaredForServer {
  const normal = normalizeServer(server);
  if (normal === undefined) return { clusters: [], source: undefined };
  const records = readDeclaredCache(stateDir(env)).cache.clusters.filter((record) => record.server === normal.url);
  const rank = (record: DeclaredRecord | undefined): number =>
    record?.declaration ? LEVEL_RANK[record.declaration.level] : -1;
  let strongest: DeclaredRecord | undefined;
  for (const record of records) if (record.declaration && rank(record) > rank(strongest)) strongest = record;
  const found = strongest && declaredSource(snapshotOf([strongest]), strongest.id);
  return {
    clusters: records.map((record) => ({ id: record.id, server: record.server, summary: describeRecord(record, now) })),
    source: found && { ...found, why: withAge(found.why, strongest?.fetchedAt, now) },
  };
}
