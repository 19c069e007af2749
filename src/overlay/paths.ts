/**
 * How anyone (daemon, CLI, guard, hooks) tells an overlay from a user's kubeconfig: by its path alone,
 * `<cache folder>/overlays/kctx-overlay-<pid>-<start>-<n>.yaml`. Pure.
 */
import { basename, dirname, join } from 'node:path';

/** The folder inside the cache folder that holds every overlay (mode 0700, like the cache folder). */
export const OVERLAY_FOLDER = 'overlays';

const NAME = /^kctx-overlay-([1-9][0-9]*)-([0-9]+)-([0-9]+)\.yaml$/;

export interface OverlayName {
  /** The shell that made it. */
  pid: number;
  /** That shell's start time (Linux: clock ticks since boot, /proc/<pid>/stat field 22; 0 where unknown). */
  start: string;
  /** Which overlay of that shell: every `use`/`ns` makes a new one, so a child keeps the one it inherited. */
  sequence: number;
}

export function overlayFolder(cacheDir: string): string {
  return join(cacheDir, OVERLAY_FOLDER);
}

export function overlayFileName(name: OverlayName): string {
  return `kctx-overlay-${name.pid}-${name.start}-${name.sequence}.yaml`;
}

/** The shell, start time and sequence an overlay's path names, or undefined for any other path. */
export function parseOverlayPath(path: string): OverlayName | undefined {
  if (basename(dirname(path)) !== OVERLAY_FOLDER) return undefined;
  const match = NAME.exec(basename(path));
  if (!match) return undefined;
  return { pid: Number(match[1]), start: match[2]!, sequence: Number(match[3]) };
}

/** Whether a KUBECONFIG element is an overlay: its file name has the fixed pattern and its folder is `overlays`. */
export function isOverlayPath(path: string): boolean {
  return parseOverlayPath(path) !== undefined;
}
