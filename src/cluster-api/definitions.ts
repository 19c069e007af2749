/**
 * The cluster and user a target uses, each taken whole from the first kubeconfig file (in kubectl's
 * order) that defines it: kubectl's rule, which client-node's own merge does not follow. The file
 * references kubectl resolves against the folder of the file that holds them (certificate-authority,
 * client-certificate, client-key, token-file, an exec command with a slash in it) are made absolute
 * the same way. The entries are read by client-node's own kubeconfig mapping, its config_types
 * module alone: the package's index loads its generated API models too, ~0.5 s (bench/RESULTS.md §10).
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { Cluster, User } from '@kubernetes/client-node';
import { newClusters, newUsers } from '@kubernetes/client-node/dist/config_types.js';
import yaml from 'js-yaml';

/** A definition that is missing or that client-node cannot read (no server, an unreadable token-file). */
export class DefinitionError extends Error {
  override name = 'DefinitionError';
}

export interface Definitions {
  cluster: Cluster;
  /** A user with no fields when no file defines it (kubectl then sends no credentials). */
  user: User;
}

type Entry = { name?: unknown; [field: string]: unknown };
type Fields = Record<string, unknown>;

function entries(doc: unknown, list: string): Entry[] {
  const value = (doc as Fields | null)?.[list];
  return Array.isArray(value) ? (value as Entry[]) : [];
}

/** client-go's ResolveLocalPaths: relative references are relative to the file that holds them. */
function absolute(fields: Fields, keys: string[], base: string): Fields {
  const out = { ...fields };
  for (const key of keys) {
    const path = out[key];
    if (typeof path === 'string' && path !== '' && !isAbsolute(path)) out[key] = join(base, path);
  }
  return out;
}

function readEntry<T>(entry: Entry, convert: () => T[], what: string): T {
  try {
    const [converted] = convert();
    if (converted === undefined) throw new Error('empty');
    return converted;
  } catch (error) {
    throw new DefinitionError(`${what} "${String(entry.name)}": ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The definitions of `cluster` and `user`, each from the first of `files` that has it.
 * @throws DefinitionError when no file defines the cluster, or an entry cannot be read.
 */
export function findDefinitions(files: string[], cluster: string, user: string): Definitions {
  let foundCluster: Cluster | undefined;
  let foundUser: User | undefined;
  for (const file of files) {
    let doc: unknown;
    try {
      // Only the first YAML document counts, as in kubectl.
      doc = yaml.loadAll(readFileSync(file, 'utf8'))[0];
    } catch {
      continue;
    }
    const base = dirname(file);
    const clusterEntry = foundCluster ? undefined : entries(doc, 'clusters').find((e) => e.name === cluster);
    if (clusterEntry) {
      const fields = absolute((clusterEntry['cluster'] ?? {}) as Fields, ['certificate-authority'], base);
      foundCluster = readEntry(clusterEntry, () => newClusters([{ ...clusterEntry, cluster: fields }]), 'cluster');
    }
    const userEntry = foundUser ? undefined : entries(doc, 'users').find((e) => e.name === user);
    if (userEntry) {
      const own = (userEntry['user'] ?? {}) as Fields;
      const fields = absolute(own, ['client-certificate', 'client-key', 'token-file'], base);
      // client-go trims the file's white space (a trailing newline would make the header invalid).
      const tokenFile = fields['token-file'];
      delete fields['token-file'];
      if (typeof tokenFile === 'string' && tokenFile !== '' && !fields['token'])
        fields['token'] = readEntry(userEntry, () => [readFileSync(tokenFile, 'utf8').trim()], 'user');
      const exec = own['exec'] as Fields | undefined;
      if (exec && typeof exec['command'] === 'string' && exec['command'].includes('/'))
        fields['exec'] = absolute(exec, ['command'], base);
      foundUser = readEntry(userEntry, () => newUsers([{ ...userEntry, user: fields }]), 'user');
    }
    if (foundCluster && foundUser) break;
  }
  if (!foundCluster) throw new DefinitionError(`no kubeconfig file defines cluster "${cluster}"`);
  return { cluster: foundCluster, user: foundUser ?? { name: user } };
}
