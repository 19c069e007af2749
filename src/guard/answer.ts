/**
 * What the user types to confirm: the cluster's display name, the short name the prompt shows
 * (DESIGN.md invariant 10: never a 47-character ARN), unless another cluster the user has shares
 * that display name; then only the full name, which tells them apart. The full name is always
 * accepted. Pure.
 */
import type { LoadedFile, Resolution } from '../kubeconfig/index.js';
import { sanitizeName } from '../render/index.js';
import { displayName, type DisplayConfig } from '../rules/index.js';

/** A cluster entry in one of the user's kubeconfig files. */
export interface KnownCluster {
  name: string;
  server: string;
  /** The display name its kubeconfig extension declares. */
  alias?: string | undefined;
}

export interface ConfirmationAnswer {
  /** What the question asks for: the display name, else the full name, else `yes`. */
  answer: string;
  /** Every text that confirms: the answer, and the full name when the answer is the short one. */
  accepted: string[];
  /** False when nothing names the target and `answer` is just `yes`. */
  named: boolean;
  /** Why the short name is not enough, when it is not. */
  note: string | undefined;
}

/** Every cluster entry in the files, in file order (duplicates kept: another file's may point elsewhere). */
export function knownClusters(files: LoadedFile[]): KnownCluster[] {
  return files.flatMap((file) =>
    file.status === 'ok'
      ? [...file.config.clusters].map(([name, cluster]) => ({
          name,
          server: cluster.server,
          alias: cluster.declared?.alias,
        }))
      : [],
  );
}

function hostOf(server: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i.exec(server);
  return match ? match[1]!.replace(/^[^@]*@/, '') : server;
}

export function confirmationAnswer(
  resolution: Resolution,
  server: string | undefined,
  display: DisplayConfig,
  known: KnownCluster[],
  /** The alias the cluster declares about itself, when its kubeconfig declares none (the prompt shows it). */
  clusterAlias?: string | undefined,
): ConfirmationAnswer {
  const target = resolution.ok ? resolution.target : undefined;
  const full =
    target?.cluster ||
    target?.context ||
    (server ? hostOf(server) : '') ||
    (resolution.ok ? '' : resolution.context) ||
    '';
  if (full === '') return { answer: 'yes', accepted: ['yes'], named: false, note: undefined };
  if (server || target === undefined) return { answer: full, accepted: [full], named: true, note: undefined };
  const field = target.cluster ? 'cluster' : 'context';
  const alias =
    field === 'cluster' ? (target.clusterDefinition?.declared?.alias ?? clusterAlias) : target.contextDeclared?.alias;
  const short = displayName(full, field, display, alias);
  if (short === full) return { answer: full, accepted: [full], named: true, note: undefined };
  // Another API server whose cluster shows the same short name: typing it would not say which one.
  // The same name elsewhere is kubectl's shadowed duplicate, and the full name cannot tell it apart either.
  const twin = known.find(
    (cluster) =>
      cluster.name !== full &&
      cluster.server !== target.server &&
      displayName(cluster.name, 'cluster', display, cluster.alias) === short,
  );
  if (twin === undefined) return { answer: short, accepted: [short, full], named: true, note: undefined };
  return {
    answer: full,
    accepted: [full],
    named: true,
    note: `the short name "${sanitizeName(short)}" also names cluster ${sanitizeName(twin.name)} (${sanitizeName(hostOf(twin.server))}), so type the full name`,
  };
}
