/** One KUBECONFIG value the daemon serves: its entry name, key, and what its entry was last computed from. */
import type { Entry } from '../cache/index.js';

export interface Served {
  /** Entry file name, as the shell registered it. */
  name: string;
  key: string;
  kubeconfig: string | undefined;
  cwd: string;
  /** The shell's HOME (its default kubeconfig) and config.yaml, from its key: computed with these, not the daemon's. */
  home: string;
  configFile: string;
  /** Freshness paths of the last computed entry. */
  paths: string[];
  /** Signature of the paths' state the written entry reflects; undefined until written. */
  signature: string | undefined;
  /** The state a read waits out the settle wait for, and when (daemon clock) it was first seen. */
  settling: { signature: string; sinceMs: number } | undefined;
  timer: NodeJS.Timeout | undefined;
  trailing: NodeJS.Timeout | undefined;
  /** Moves the entry's mtime to the next whole second (promote.ts). */
  promote: NodeJS.Timeout | undefined;
  last: Entry | undefined;
  /** A compute runs for it now; `again`: a refresh came due meanwhile. */
  computing: boolean;
  again: boolean;
  /** A re-check's stats are being taken now. */
  checking: boolean;
  /** The file whose read ran past the compute budget, while the entry says so. */
  slowFile: string | undefined;
}

export function newServed(
  name: string,
  key: string,
  where: Pick<Served, 'kubeconfig' | 'cwd' | 'home' | 'configFile'>,
): Served {
  return {
    name,
    key,
    ...where,
    paths: [],
    signature: undefined,
    settling: undefined,
    timer: undefined,
    trailing: undefined,
    promote: undefined,
    last: undefined,
    computing: false,
    again: false,
    checking: false,
    slowFile: undefined,
  };
}
