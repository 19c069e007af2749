/**
 * What a kubeconfig says about a cluster beyond its server: the CA it trusts (for the cluster's
 * identity) and the `kctx-guard` entry of its `extensions` list, on clusters and contexts
 * (`extensions: [{name: kctx-guard, extension: {level: danger, alias: leap}}]`), which kubectl
 * keeps as opaque data. Values are kept as written; the rules decide what they mean. Pure.
 */
import { isAbsolute, dirname, resolve } from 'node:path';
import { caFingerprint } from '../identity/ca.js';
import { goNumber } from './shape-sound.js';
import { NonString } from './yaml11.js';

export const EXTENSION_NAME = 'kctx-guard';

/** The `kctx-guard` extension's fields as written; `problems` says what was not understood. */
export interface DeclaredExtension {
  level: string | undefined;
  alias: string | undefined;
  problems: string[];
}

/** Where a cluster's CA comes from: its data's fingerprint, or a file to read (absolute). */
export type CaSource = { kind: 'data'; fingerprint: string } | { kind: 'file'; path: string } | undefined;

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof NonString);

/** Go's []byte from YAML: padded base64 text or a list of byte numbers (already type-checked). */
function bytesOf(value: unknown): Uint8Array | undefined {
  if (typeof value === 'string') return Buffer.from(value, 'base64');
  if (Array.isArray(value))
    return Uint8Array.from(value, (item) => (item instanceof NonString ? goNumber(item.text) : 0));
  return undefined;
}

/**
 * The cluster's CA as kubectl uses it: `certificate-authority-data` overrides `certificate-authority`,
 * whose relative path is taken from the kubeconfig file's folder.
 */
export function caSourceOf(cluster: Json | null, file: string): CaSource {
  const data = bytesOf(cluster?.['certificate-authority-data']);
  const fingerprint = data === undefined ? undefined : caFingerprint(data);
  if (fingerprint !== undefined) return { kind: 'data', fingerprint };
  const path = cluster?.['certificate-authority'];
  if (typeof path !== 'string' || path === '') return undefined;
  return { kind: 'file', path: isAbsolute(path) ? path : resolve(dirname(file), path) };
}

const KNOWN_KEYS = new Set(['level', 'alias']);

/** The `kctx-guard` extension of a cluster or context, when it has one. */
export function declaredExtensionOf(owner: Json | null): DeclaredExtension | undefined {
  const list = owner?.['extensions'];
  if (!Array.isArray(list)) return undefined;
  // kubectl refuses a second non-null extension of one name (checkExtensionNames), so there is one at most.
  const item = list.find((entry) => isRecord(entry) && entry['name'] === EXTENSION_NAME && entry['extension'] != null);
  if (!isRecord(item)) return undefined;
  const body = item['extension'];
  if (!isRecord(body))
    return {
      level: undefined,
      alias: undefined,
      problems: ['the extension must be a mapping such as {level: danger}'],
    };
  const problems: string[] = [];
  const text = (key: string): string | undefined => {
    const value = body[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    problems.push(`${key} must be a string`);
    return undefined;
  };
  for (const key of Object.keys(body))
    if (!KNOWN_KEYS.has(key)) problems.push(`unknown key "${key}" (allowed: ${[...KNOWN_KEYS].join(', ')})`);
  return { level: text('level'), alias: text('alias'), problems };
}
