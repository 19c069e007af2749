/**
 * How anyone (daemon, CLI, guard, hooks) tells an overlay from a user's kubeconfig: by its path alone,
 * `<cache folder>/overlays/<id>/<OVERLAY_PREFIX><id>.yaml` with `<id>` = `<pid>-<start>-<n>`. Pure.
 *
 * Each overlay has a folder of its own because a file's folder is one of its entry's freshness paths
 * (docs/protocol.md): in one shared folder, every `use` in any shell would make every pinned shell's
 * entry stale. Creating a folder changes only `overlays/`, which no entry lists while its own overlay
 * folder exists.
 */
import { basename, dirname, join } from 'node:path';

/** The folder inside the cache folder that holds every overlay's folder (mode 0700, like the cache folder). */
export const OVERLAY_FOLDER = 'overlays';

/**
 * How the overlay's file name starts. kubectl names the file when a write fails on the permanent
 * lock beside it (`error: open …/kctx-guard-use-pin--read-only--see-kctx-guard-status--<id>.yaml.lock:
 * file exists`), so the name says why and where to look; a `:` would split KUBECONFIG, a space would
 * split careless scripts, so it has neither. The id ends the name because the end of a long KUBECONFIG
 * value is what tells two cache entry names apart (see value.ts).
 */
export const OVERLAY_PREFIX = 'kctx-guard-use-pin--read-only--see-kctx-guard-status--';

const ID = /^([1-9][0-9]*)-([0-9]+)-([0-9]+)$/;

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

/** The name of one overlay's own folder inside `overlays/`. */
export function overlayDirName(name: OverlayName): string {
  return `${name.pid}-${name.start}-${name.sequence}`;
}

/** The shell, start time and sequence an overlay folder's name (`<pid>-<start>-<n>`) says, or undefined. */
export function parseOverlayDirName(name: string): OverlayName | undefined {
  const match = ID.exec(name);
  if (!match) return undefined;
  return { pid: Number(match[1]), start: match[2]!, sequence: Number(match[3]) };
}

/** The overlay file's name inside the folder of that id. */
export function overlayFileName(name: OverlayName): string {
  return `${OVERLAY_PREFIX}${overlayDirName(name)}.yaml`;
}

/** The shell, start time and sequence an overlay's path names, or undefined for any other path. */
export function parseOverlayPath(path: string): OverlayName | undefined {
  const folder = dirname(path);
  if (basename(dirname(folder)) !== OVERLAY_FOLDER) return undefined;
  const name = parseOverlayDirName(basename(folder));
  return name && basename(path) === overlayFileName(name) ? name : undefined;
}

/** Whether a KUBECONFIG element is an overlay: `<OVERLAY_PREFIX><id>.yaml` in a folder `<id>` of `overlays`. */
export function isOverlayPath(path: string): boolean {
  return parseOverlayPath(path) !== undefined;
}
