/**
 * Builds the prompt segment's parts: sanitized plain text and a colour token for each, never a
 * control character. Each shell hook wraps the colours and escapes the text for its own prompt
 * (shell/kctx-guard.*), so no entry text can reach a terminal as anything but text. Pure.
 */
import type { Level } from '../rules/index.js';
import { colorToSgr } from '../rules/index.js';
import { sanitizeName } from './sanitize.js';

export type DisplayLevel = Level | 'error';

export interface SegmentInput {
  level: DisplayLevel;
  context: string | undefined;
  cluster: string | undefined;
  namespace: string | undefined;
  label: string | undefined;
  symbol: string | undefined;
  color: string | undefined;
  /** One-line reason, for the error state. */
  error: string | undefined;
  /** File name KUBECONFIG points at, when it is not the default kubeconfig. */
  kubeconfigMarker: string | undefined;
  /** True when KUBECONFIG holds a kctx-guard overlay: this shell is pinned by `kctx-guard use`/`ns`. */
  pinned?: boolean | undefined;
  /** True when config.yaml is broken and the defaults are in force. */
  configBroken: boolean;
  /** Visible characters per context or cluster name, the middle replaced by `…`; undefined: only the sanitizer's cap. */
  maxLength?: number | undefined;
}

/**
 * What a hook draws: `<marker> ` in MARKER_SGR when there is a marker, then `<symbol> <text>` in
 * `sgr`, then ` <note>` in NOTE_SGR when there is a note.
 */
export interface SegmentParts {
  /** SGR parameters for the level's colour (`1;31`, `38;5;208`), empty for none; always matches SGR_TOKEN. */
  sgr: string;
  symbol: string;
  text: string;
  /** `[KUBECONFIG=<file>]`; empty when KUBECONFIG names the default kubeconfig (or is unset). */
  marker: string;
  /** `[config.yaml broken]` when the defaults are in force; else empty. */
  note: string;
}

/** What a colour token may hold: the hooks refuse anything else before putting it in `ESC [ … m`. */
export const SGR_TOKEN = /^[0-9;]*$/;
export const DEFAULT_SYMBOL = '⎈';
export const MARKER_SGR = '1;35';
export const NOTE_SGR = '33';
export const LEVEL_SGR: Record<DisplayLevel, string | undefined> = {
  danger: '1;31',
  warn: '33',
  safe: '32',
  unclassified: undefined,
  error: '1;31',
};

/**
 * A name as the prompt shows it: sanitized, then, when longer than `max` characters, its middle
 * replaced by `…` (both ends of a name tend to tell clusters apart: `prod-eu-…-blue`).
 */
export function fitName(value: string, max: number | undefined): string {
  const clean = [...sanitizeName(value)];
  if (max === undefined || clean.length <= max) return clean.join('');
  const keep = max - 1;
  const head = Math.ceil(keep / 2);
  return `${clean.slice(0, head).join('')}…${clean.slice(clean.length - (keep - head)).join('')}`;
}

/** The parts of the segment. Names are sanitized here; callers pass raw data (display names, not yet shortened). */
export function segmentParts(input: SegmentInput): SegmentParts {
  const base = LEVEL_SGR[input.level];
  const custom = input.color === undefined ? undefined : colorToSgr(input.color);
  const sgr = custom === undefined ? base : input.level === 'danger' ? `1;${custom}` : custom;
  const name = (value: string | undefined): string => sanitizeName(value ?? '');
  let text: string;
  if (input.level === 'error') {
    const context = input.context === undefined ? '' : ` ${name(input.context)}:`;
    text = `✖${context} ${sanitizeName(input.error ?? 'unknown error', 80)}`;
  } else {
    const label = input.label === undefined ? '' : `${name(input.label)} `;
    const cluster = fitName(input.cluster ?? '', input.maxLength);
    const context = fitName(input.context ?? '', input.maxLength);
    // `az aks get-credentials --admin` names the context <cluster>-admin: it says both already.
    const merged = cluster === context || cluster === '' || input.context === `${input.cluster}-admin`;
    const where = merged ? context : `${cluster}/${context}`;
    text = `${label}${where}:${name(input.namespace)}`;
  }
  return {
    sgr: sgr !== undefined && SGR_TOKEN.test(sgr) ? sgr : '',
    symbol: name(input.symbol ?? DEFAULT_SYMBOL),
    text,
    marker: markerText(input, name),
    note: input.configBroken ? '[config.yaml broken]' : '',
  };
}

/** `[KUBECONFIG=…]`, and for a shell pinned by an overlay `[pinned]` or `[pinned KUBECONFIG=…]`. */
function markerText(input: SegmentInput, name: (text: string | undefined) => string): string {
  const files = input.kubeconfigMarker === undefined ? '' : `KUBECONFIG=${name(input.kubeconfigMarker)}`;
  if (input.pinned) return `[pinned${files === '' ? '' : ` ${files}`}]`;
  return files === '' ? '' : `[${files}]`;
}

/** The segment as plain text, exactly as every hook shows it without colours (starship, tmux, titles). */
export function plainSegment(parts: SegmentParts): string {
  const marker = parts.marker === '' ? '' : `${parts.marker} `;
  const note = parts.note === '' ? '' : ` ${parts.note}`;
  return `${marker}${parts.symbol} ${parts.text}${note}`;
}
