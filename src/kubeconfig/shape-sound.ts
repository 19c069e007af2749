/** A single path-free pass over a tree-shaped kubeconfig that answers whether shape.ts would accept it. */
import { isPaddedBase64 } from './base64.js';
import type { Shape } from './shape.js';
import { NonString } from './yaml11.js';

export const INFINITE = /^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/;

/** The value Go's JSON sees for a YAML 1.1 number: integers in ParseInt's syntax, else a float. */
export function goNumber(text: string): number {
  const plain = text.replace(/_/g, '');
  const int = /^([-+]?)0([0-7]+)$/.exec(plain);
  if (int) return Number.parseInt(`${int[1]}${int[2]}`, 8);
  const prefixed = /^([-+]?)(0[xXoObB].*)$/.exec(plain);
  if (prefixed) return (prefixed[1] === '-' ? -1 : 1) * Number(prefixed[2]?.toLowerCase());
  return Number(plain);
}

/** One item of a `bytes` list: null, or a number Go reads as an integer 0–255. */
export function isByte(item: unknown): boolean {
  const byte = item instanceof NonString && item.kind === 'number' ? goNumber(item.text) : NaN;
  return item === null || (Number.isInteger(byte) && byte >= 0 && byte <= 255);
}

/**
 * True when no number anywhere is infinite or NaN and `value` fits `shape` (null: outside the
 * known fields, anything goes), as checkShape's two walks would find. Building no paths and
 * keeping no visited sets is what makes it cheap, so it is only for documents without aliases,
 * where each node is reached once; on false, the caller reruns the exact walks for the message.
 */
export function sound(shape: Shape | null, value: unknown): boolean {
  if (value === null || value === undefined) return true;
  const want = shape === 'any' ? null : shape;
  if (value instanceof NonString)
    return !INFINITE.test(value.text) && (want === null || (want === 'bool' && value.kind === 'boolean'));
  if (typeof value !== 'object') {
    if (want === null) return true;
    return typeof value === 'string' && (want === 'string' || (want === 'bytes' && isPaddedBase64(value)));
  }
  if (Array.isArray(value)) {
    if (want === 'bytes') return value.every((item) => sound(null, item) && isByte(item));
    if (want !== null && (typeof want !== 'object' || !('list' in want))) return false;
    const item = want === null ? null : want.list;
    for (const entry of value) if (!sound(item, entry)) return false;
    return true;
  }
  if (want !== null && (typeof want !== 'object' || 'list' in want)) return false;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const field =
      want === null
        ? null
        : 'map' in want
          ? want.map
          : Object.hasOwn(want.fields, key)
            ? (want.fields[key] ?? null)
            : null;
    if (!sound(field, record[key])) return false;
  }
  return true;
}
