/**
 * Cache keys: the exact KUBECONFIG value (plus the working directory when an entry is relative),
 * encoded reversibly so it fits on one line and in a file name. Shells compute the same with
 * parameter expansion; see docs/protocol.md. Pure.
 */
import { dependsOnDirectory } from '../kubeconfig/index.js';

const DIR_SEPARATOR = '%00';

export function encodeKeyPart(value: string): string {
  return value.replaceAll('%', '%25').replaceAll('/', '%2F').replaceAll('\n', '%0A');
}

export function decodeKeyPart(value: string): string {
  return value.replace(/%(25|2F|0A)/g, (_, code: string) => String.fromCharCode(parseInt(code, 16)));
}

/** The key for a shell's KUBECONFIG value and working directory. */
export function entryKey(kubeconfig: string | undefined, cwd: string): string {
  const value = kubeconfig ?? '';
  const key = encodeKeyPart(value);
  return dependsOnDirectory(value) ? `${key}${DIR_SEPARATOR}${encodeKeyPart(cwd)}` : key;
}

export interface DecodedKey {
  kubeconfig: string | undefined;
  /** Set only when the KUBECONFIG value has relative entries. */
  cwd: string | undefined;
}

/** @throws Error when the key is not something `entryKey` can produce. */
export function decodeEntryKey(key: string): DecodedKey {
  if (/%(?!25|2F|0A|00)/.test(key) || key.includes('/') || key.includes('\n'))
    throw new Error(`malformed cache key: ${JSON.stringify(key)}`);
  const [value, dir, ...rest] = key.split(DIR_SEPARATOR);
  if (rest.length > 0 || value === undefined) throw new Error(`malformed cache key: ${JSON.stringify(key)}`);
  const kubeconfig = decodeKeyPart(value) || undefined;
  const cwd = dir === undefined ? undefined : decodeKeyPart(dir);
  if (dependsOnDirectory(kubeconfig) !== (cwd !== undefined) || (cwd !== undefined && !cwd.startsWith('/'))) {
    throw new Error(
      `malformed cache key: ${JSON.stringify(key)} (a working directory goes with relative entries only)`,
    );
  }
  return { kubeconfig, cwd };
}

/** Keys up to this many characters (code points, as shells count them) are used whole in the file name (4 bytes a character stays under 255 bytes). */
export const SHORT_KEY_LENGTH = 60;

/** The entry's file name: `e<key>`, or for long keys `l<head>~<tail>~<length>` (the entry holds the whole key). */
export function entryFileName(key: string): string {
  // Code points, never UTF-16 units: a cut surrogate pair would name a file the filesystem cannot store as written.
  const chars = [...key];
  if (chars.length <= SHORT_KEY_LENGTH) return `e${key}`;
  return `l${chars.slice(0, 30).join('')}~${chars.slice(-25).join('')}~${chars.length}`;
}

/** True for names a shell may register under: what `entryFileName` produces, never a path or dot file. */
export function isEntryFileName(name: string): boolean {
  return /^[el]/.test(name) && !name.includes('/') && Buffer.byteLength(name) <= 255;
}
