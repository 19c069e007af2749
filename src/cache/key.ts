/**
 * Cache keys: everything that decides what kubectl and kctx-guard would read for a shell, encoded
 * reversibly so it fits on one line and in a file name: HOME (the default kubeconfig and, without
 * XDG_CONFIG_HOME, config.yaml), XDG_CONFIG_HOME (config.yaml), the exact KUBECONFIG value, and the
 * working directory when a KUBECONFIG entry is relative. Shells compute the same with parameter
 * expansion; see docs/protocol.md. Pure.
 */
import { dependsOnDirectory } from '../kubeconfig/index.js';
import type { Env } from '../locations.js';

/** Joins a key's parts; cannot occur inside an encoded part. */
export const KEY_SEPARATOR = '%00';
const SEPARATOR = KEY_SEPARATOR;

/** What encoding a key part replaces, in this order (`%` first, so the codes themselves survive). */
export const KEY_ESCAPES: readonly (readonly [string, string])[] = [
  ['%', '%25'],
  ['/', '%2F'],
  ['\n', '%0A'],
];

export function encodeKeyPart(value: string): string {
  return KEY_ESCAPES.reduce((text, [from, to]) => text.replaceAll(from, to), value);
}

export function decodeKeyPart(value: string): string {
  return value.replace(/%(25|2F|0A)/g, (_, code: string) => String.fromCharCode(parseInt(code, 16)));
}

/** What a key stands for. */
export interface KeyParts {
  /** HOME, as the shell has it (empty when unset: then nothing can be served). */
  home: string;
  /** XDG_CONFIG_HOME, empty when unset (config.yaml is then under HOME/.config). */
  configHome: string;
  kubeconfig: string | undefined;
  /** The working directory; part of the key only when the KUBECONFIG value has relative entries. */
  cwd: string;
}

/** The key: `<HOME>%00<XDG_CONFIG_HOME>%00<KUBECONFIG>`, plus `%00<cwd>` for relative entries, each part encoded. */
export function entryKey(parts: KeyParts): string {
  const value = parts.kubeconfig ?? '';
  const key = [parts.home, parts.configHome, value].map(encodeKeyPart).join(SEPARATOR);
  return dependsOnDirectory(value) ? `${key}${SEPARATOR}${encodeKeyPart(parts.cwd)}` : key;
}

/** The key of a shell (or CLI) with this environment and working directory. */
export function keyForEnv(env: Env, cwd: string): string {
  return entryKey({
    home: env['HOME'] ?? '',
    configHome: env['XDG_CONFIG_HOME'] ?? '',
    kubeconfig: env['KUBECONFIG'] || undefined,
    cwd,
  });
}

export interface DecodedKey {
  home: string;
  configHome: string;
  kubeconfig: string | undefined;
  /** Set only when the KUBECONFIG value has relative entries. */
  cwd: string | undefined;
}

/**
 * @throws Error when the key is not something `entryKey` can produce, or names no absolute HOME
 *   (or a relative XDG_CONFIG_HOME): then nobody can say which files apply.
 */
export function decodeEntryKey(key: string): DecodedKey {
  const malformed = (why = ''): Error => new Error(`malformed cache key: ${JSON.stringify(key)}${why}`);
  if (/%(?!25|2F|0A|00)/.test(key) || key.includes('/') || key.includes('\n')) throw malformed();
  const parts = key.split(SEPARATOR);
  if (parts.length < 3 || parts.length > 4) throw malformed(' (wrong number of parts)');
  const [home, configHome, value, dir] = parts.map(decodeKeyPart) as [string, string, string, string | undefined];
  if (!home.startsWith('/')) throw malformed(' (HOME must be an absolute path)');
  if (configHome !== '' && !configHome.startsWith('/')) throw malformed(' (XDG_CONFIG_HOME must be absolute)');
  const kubeconfig = value || undefined;
  if (dependsOnDirectory(kubeconfig) !== (dir !== undefined) || (dir !== undefined && !dir.startsWith('/'))) {
    throw malformed(' (a working directory goes with relative entries only)');
  }
  return { home, configHome, kubeconfig, cwd: dir };
}

/** Keys up to this many characters (code points, as shells count them) are used whole in the file name (4 bytes a character stays under 255 bytes). */
export const SHORT_KEY_LENGTH = 60;
/** A long key's file name keeps this many characters of its head and of its tail. */
export const LONG_KEY_HEAD = 30;
export const LONG_KEY_TAIL = 25;

/** The entry's file name: `e<key>`, or for long keys `l<head>~<tail>~<length>` (the entry holds the whole key). */
export function entryFileName(key: string): string {
  // Code points, never UTF-16 units: a cut surrogate pair would name a file the filesystem cannot store as written.
  const chars = [...key];
  if (chars.length <= SHORT_KEY_LENGTH) return `e${key}`;
  return `l${chars.slice(0, LONG_KEY_HEAD).join('')}~${chars.slice(-LONG_KEY_TAIL).join('')}~${chars.length}`;
}

/** True for names a shell may register under: what `entryFileName` produces, never a path or dot file. */
export function isEntryFileName(name: string): boolean {
  return /^[el]/.test(name) && !name.includes('/') && Buffer.byteLength(name) <= 255;
}
