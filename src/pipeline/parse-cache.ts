/**
 * Remembers each kubeconfig file's parse, so a file shared by several entries is read and parsed once
 * per change. A parse is reused only while the file's device, inode, size, mtime and ctime are all
 * unchanged and no watcher event named the file since (`forget`): `cp -p` keeps the mtime but not the
 * ctime, and an event catches what a coarse clock hides.
 */
import { statSync } from 'node:fs';
import type { LoadedFile } from '../kubeconfig/index.js';
import { loadKubeconfigFile } from './load.js';

function identityOf(path: string): string | undefined {
  const stat = statSync(path, { bigint: true, throwIfNoEntry: false });
  if (stat === undefined || !stat.isFile()) return undefined;
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

export class ParseCache {
  private readonly parses = new Map<string, { identity: string; loaded: LoadedFile; bytes: number }>();

  /** Text bytes behind the parses held: what a worker holding them keeps alive. */
  get bytes(): number {
    let total = 0;
    for (const parse of this.parses.values()) total += parse.bytes;
    return total;
  }

  /** The file's parse, read again unless the one held is for the file exactly as it is now. Never throws. */
  load(path: string, read: (path: string) => LoadedFile = loadKubeconfigFile): LoadedFile {
    let before: string | undefined;
    try {
      before = identityOf(path);
    } catch {
      before = undefined;
    }
    const held = this.parses.get(path);
    if (before !== undefined && held?.identity === before) return held.loaded;
    this.parses.delete(path);
    const loaded = read(path);
    // Kept only when the file did not change while it was read: otherwise the parse may mix two versions.
    let after: string | undefined;
    try {
      after = identityOf(path);
    } catch {
      after = undefined;
    }
    if (before !== undefined && after === before && loaded.status !== 'missing')
      this.parses.set(path, { identity: before, loaded, bytes: Number(before.split(':')[2]) });
    return loaded;
  }

  /** A watcher event named the file: its next use reads it again, whatever its stat says. */
  forget(path: string): void {
    this.parses.delete(path);
  }

  clear(): void {
    this.parses.clear();
  }
}
