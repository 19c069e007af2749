/**
 * What `kctx-guard identities` shows and forgets: the daemon's identity memory, read from the state
 * folder. A forget is written under the memory's lock, drops what those clusters declared about
 * themselves (src/declared) too, then the daemon is asked to reload, so its entries follow at once
 * (a cluster still named in a kubeconfig it reads is learned, and asked, again).
 */
import kleur from 'kleur';
import { forget, levelOf, readMemory, updateMemory, type RememberedIdentity } from '../identity/index.js';
import { reloadDaemon } from '../daemon/control.js';
import { forgetDeclared } from '../declared/index.js';
import { cacheDir, homeDir, stateDir, type Env } from '../locations.js';
import { inLevelColor, printable } from './format.js';

export interface IdentityRow {
  id: string;
  level: string;
  server: string;
  tlsServerName: string | null;
  ca: string | null;
  firstSeen: string;
  lastSeen: string;
  seen: { context: string; cluster: string; file: string; level: string; origin: string; lastSeen: string }[];
  /** After a forget: whether what the cluster declared about itself was dropped too. */
  declaredDropped?: boolean;
}

function row(identity: RememberedIdentity): IdentityRow {
  return {
    id: identity.id,
    level: levelOf(identity),
    server: identity.server,
    tlsServerName: identity.tlsServerName,
    ca: identity.ca,
    firstSeen: identity.firstSeen,
    lastSeen: identity.lastSeen,
    seen: identity.seen.map(({ context, cluster, file, level, origin, lastSeen }) => ({
      context,
      cluster,
      file,
      level,
      origin,
      lastSeen,
    })),
  };
}

const RANK: Record<string, number> = { danger: 0, warn: 1, safe: 2, unclassified: 3 };

/** Every remembered identity, most dangerous first; `problem` when the file could not be used. */
export function listIdentities(env: Env): { file: string; identities: IdentityRow[]; problem: string | null } {
  const dir = stateDir(env);
  const { memory, problem } = readMemory(dir);
  const identities = memory.identities
    .map(row)
    .sort((a, b) => (RANK[a.level] ?? 9) - (RANK[b.level] ?? 9) || a.server.localeCompare(b.server));
  return { file: `${dir}/identities.json`, identities, problem: problem ?? null };
}

/** `~/…` for files under HOME. */
function shortFile(file: string, home: string): string {
  return file.startsWith(`${home}/`) ? `~/${file.slice(home.length + 1)}` : file;
}

export function humanIdentities(list: ReturnType<typeof listIdentities>, env: Env): string {
  const home = homeDir(env);
  const out: string[] = [];
  if (list.problem) out.push(kleur.yellow(printable(list.problem)));
  if (list.identities.length === 0)
    out.push(
      kleur.dim('no cluster identities remembered yet (the daemon learns them from every kubeconfig it serves)'),
    );
  for (const identity of list.identities) {
    const extra = [
      identity.tlsServerName ? `tls-server-name ${identity.tlsServerName}` : '',
      identity.ca ? `CA ${identity.ca.slice(0, 19)}…` : 'no CA',
    ]
      .filter(Boolean)
      .join(', ');
    out.push(
      `${kleur.bold(identity.id)}  ${inLevelColor(identity.level, identity.level.padEnd(12))}  ${printable(identity.server)}  ${kleur.dim(`(${extra})`)}`,
    );
    for (const seen of identity.seen)
      out.push(
        `    ${printable(seen.context)}  ${kleur.dim(`in ${printable(shortFile(seen.file, home))}`)}  ${inLevelColor(seen.level, seen.level)}  ${kleur.dim(`${printable(seen.origin)}; last seen ${seen.lastSeen}`)}`,
      );
  }
  out.push(kleur.dim(`memory: ${printable(list.file)}`));
  return out.join('\n');
}

/**
 * Forgets by id (or unique prefix) or context name, and what those clusters declared, then asks a
 * running daemon to reload.
 * @throws IdentityMemoryError when the memory's lock is held; the write's error otherwise.
 */
export async function forgetIdentity(env: Env, what: string): Promise<IdentityRow[]> {
  const removed = updateMemory(stateDir(env), (memory) => {
    const result = forget(memory, what);
    return { memory: result.removed.length > 0 ? result.memory : undefined, result: result.removed };
  });
  if (removed.length === 0) return [];
  const ids = removed.map((gone) => gone.id);
  // The daemon drops at its reload what the file no longer holds. Should it write the file between
  // this write and the reload, a dropped answer survives: the safe side (the cluster keeps its level).
  let dropped: Set<string>;
  try {
    dropped = new Set(forgetDeclared(stateDir(env), ids));
  } catch (error) {
    throw new Error(`forgot ${ids.join(', ')}, but cannot drop what they declared: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    await reloadDaemon(cacheDir(env));
  }
  return removed.map((gone) => ({ ...row(gone), declaredDropped: dropped.has(gone.id) }));
}
