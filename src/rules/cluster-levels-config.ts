/**
 * Reads the `cluster-levels:` section of config.yaml: whether the daemon asks each cluster for the
 * level it declares about itself (off unless the user turns it on: it contacts the API server with
 * the user's credentials) and how long an answer is kept. Reports every problem with its line,
 * like the danger rules. Pure.
 */
import type { LocatedYaml, Report } from './yaml-lines.js';

export interface ClusterLevelsConfig {
  /** Ask clusters for their declared level (docs/rules.md, "Levels a cluster declares"). */
  fetch: boolean;
  /** How long an answer is kept before the cluster is asked again. */
  ttlMs: number;
}

const SECOND = 1000;
const UNIT_MS: Record<string, number> = { s: SECOND, m: 60 * SECOND, h: 3600 * SECOND, d: 86_400 * SECOND };
export const DEFAULT_TTL_MS = UNIT_MS['h']!;
/** Shorter would ask the API server every few seconds for something that changes once a year. */
export const MIN_TTL_MS = 10 * SECOND;
export const MAX_TTL_MS = 7 * UNIT_MS['d']!;

const SECTION_KEYS = new Set(['fetch', 'ttl']);

export function defaultClusterLevels(): ClusterLevelsConfig {
  return { fetch: false, ttlMs: DEFAULT_TTL_MS };
}

/** `90s`, `30m`, `1h`, `1d`, `1h30m` in ms; undefined for anything else (a bare number has no unit). */
export function parseDuration(text: string): number | undefined {
  if (!/^(\d+[smhd])+$/.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([smhd])/g)) total += Number(amount) * UNIT_MS[unit!]!;
  return Number.isSafeInteger(total) ? total : undefined;
}

/** `1h`, `90s`, `2d`: the shortest way to write `ms` in whole units, for status and docs. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm'] as const) if (ms % UNIT_MS[unit]! === 0) return `${ms / UNIT_MS[unit]!}${unit}`;
  return `${Math.round(ms / SECOND)}s`;
}

/** Reads `cluster-levels:` (written at `sectionLine`); an absent section: off. Problems go to `report`. */
export function readClusterLevelsConfig(
  raw: unknown,
  sectionLine: number | undefined,
  located: LocatedYaml,
  report: Report,
): ClusterLevelsConfig {
  const config = defaultClusterLevels();
  if (raw === undefined || raw === null) return config;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    report('"cluster-levels" must be a mapping such as {fetch: true, ttl: 1h}', sectionLine);
    return config;
  }
  const section = raw as Record<string, unknown>;
  for (const key of Object.keys(section)) {
    if (!SECTION_KEYS.has(key))
      report(
        `unknown key "cluster-levels.${key}" (allowed: ${[...SECTION_KEYS].join(', ')})`,
        located.keyLine(section, key),
      );
  }
  const fetch = section['fetch'] ?? false;
  if (typeof fetch !== 'boolean')
    report('"cluster-levels.fetch" must be true or false', located.keyLine(section, 'fetch'));
  else config.fetch = fetch;
  const ttl = section['ttl'];
  if (ttl !== undefined && ttl !== null) {
    const ms = typeof ttl === 'string' ? parseDuration(ttl.trim()) : undefined;
    if (ms === undefined || ms < MIN_TTL_MS || ms > MAX_TTL_MS)
      report(
        `"cluster-levels.ttl" must be a duration from ${formatDuration(MIN_TTL_MS)} to ${formatDuration(MAX_TTL_MS)} such as 30m, 1h or 1d (got ${JSON.stringify(ttl)})`,
        located.keyLine(section, 'ttl'),
      );
    else config.ttlMs = ms;
  }
  return config;
}
