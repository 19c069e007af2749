/**
 * Builds the prompt segment as styled spans and renders it for each shell: colours wrapped
 * the way each shell needs, data escaped for each shell. The only TypeScript that knows
 * prompt syntax. Pure.
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
  /** True when config.yaml is broken and the defaults are in force. */
  configBroken: boolean;
}

export interface Segments {
  bash: string;
  zsh: string;
  fish: string;
  plain: string;
}

interface Span {
  text: string;
  sgr: string | undefined;
}

export const DEFAULT_SYMBOL = '⎈';
export const LEVEL_SGR: Record<DisplayLevel, string | undefined> = {
  danger: '1;31',
  warn: '33',
  safe: '32',
  unclassified: undefined,
  error: '1;31',
};

function spans(input: SegmentInput): Span[] {
  const base = LEVEL_SGR[input.level];
  const custom = input.color === undefined ? undefined : colorToSgr(input.color);
  const sgr = custom === undefined ? base : input.level === 'danger' ? `1;${custom}` : custom;
  const name = (value: string | undefined): string => sanitizeName(value ?? '');
  const out: Span[] = [];
  if (input.kubeconfigMarker !== undefined)
    out.push({ text: `[KUBECONFIG=${name(input.kubeconfigMarker)}] `, sgr: '1;35' });
  const symbol = name(input.symbol ?? DEFAULT_SYMBOL);
  if (input.level === 'error') {
    const context = input.context === undefined ? '' : ` ${name(input.context)}:`;
    out.push({ text: `${symbol} ✖${context} ${sanitizeName(input.error ?? 'unknown error', 80)}`, sgr });
  } else {
    const label = input.label === undefined ? '' : `${name(input.label)} `;
    const cluster = name(input.cluster);
    const context = name(input.context);
    const where = cluster === context || cluster === '' ? context : `${cluster}/${context}`;
    out.push({ text: `${symbol} ${label}${where}:${name(input.namespace)}`, sgr });
  }
  if (input.configBroken) out.push({ text: ' [config.yaml broken]', sgr: '33' });
  return out;
}

const ESC = '\u001b';

function render(parts: Span[], wrap: (sgr: string) => string, escapeData: (text: string) => string): string {
  return parts
    .map((part) =>
      part.sgr === undefined
        ? escapeData(part.text)
        : `${wrap(`${ESC}[${part.sgr}m`)}${escapeData(part.text)}${wrap(`${ESC}[0m`)}`,
    )
    .join('');
}

/** Renders the segment for every shell. Names are sanitized here; callers pass raw data. */
export function renderSegments(input: SegmentInput): Segments {
  const parts = spans(input);
  return {
    // bash: readline's ignore markers around colours; expanded ${VAR} values are not re-parsed, so data needs no escape.
    bash: render(
      parts,
      (code) => `\u0001${code}\u0002`,
      (text) => text,
    ),
    // zsh: prompt_subst output is scanned for % sequences, so data doubles its %.
    zsh: render(
      parts,
      (code) => `%{${code}%}`,
      (text) => text.replaceAll('%', '%%'),
    ),
    fish: render(
      parts,
      (code) => code,
      (text) => text,
    ),
    plain: render(
      parts,
      () => '',
      (text) => text,
    ),
  };
}
