/** config.yaml's `cluster-levels:` section: what it turns on, and every way it can be wrong, each with its line. */
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/rules/cluster-levels-config.js';
import { parseRuleConfig } from '../../src/rules/index.js';

const FILE = '/home/me/.config/kctx-guard/config.yaml';
const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

describe('cluster-levels in config.yaml', () => {
  it.each([
    ['no section: off, an hour', yaml('rules: []'), { fetch: false, ttlMs: 3_600_000 }],
    ['on with the default TTL', yaml('cluster-levels:', '  fetch: true'), { fetch: true, ttlMs: 3_600_000 }],
    ['on, 30 minutes', yaml('cluster-levels: {fetch: true, ttl: 30m}'), { fetch: true, ttlMs: 1_800_000 }],
    ['a TTL alone keeps it off', yaml('cluster-levels: {ttl: 1d}'), { fetch: false, ttlMs: 86_400_000 }],
    ['units add up', yaml('cluster-levels: {fetch: true, ttl: 1h30m}'), { fetch: true, ttlMs: 5_400_000 }],
    ['the shortest TTL', yaml('cluster-levels: {fetch: true, ttl: 10s}'), { fetch: true, ttlMs: 10_000 }],
    ['the longest TTL', yaml('cluster-levels: {fetch: true, ttl: 7d}'), { fetch: true, ttlMs: 604_800_000 }],
    ['an empty section is off', yaml('cluster-levels:'), { fetch: false, ttlMs: 3_600_000 }],
  ])('%s', (_name, text, expected) => {
    const set = parseRuleConfig(text, FILE);
    expect(set.problems).toEqual([]);
    expect(set.clusterLevels ?? { fetch: false, ttlMs: 3_600_000 }).toEqual(expected);
  });

  it.each([
    [
      'fetch that is not a boolean',
      yaml('rules: []', 'cluster-levels:', '  fetch: yes please'),
      3,
      '"cluster-levels.fetch" must be true or false',
    ],
    [
      'a TTL without a unit',
      yaml('cluster-levels:', '  fetch: true', '  ttl: 3600'),
      3,
      '"cluster-levels.ttl" must be a duration from 10s to 7d such as 30m, 1h or 1d (got 3600)',
    ],
    [
      'a TTL too short to be kind to the API server',
      yaml('cluster-levels: {fetch: true, ttl: 5s}'),
      1,
      '"cluster-levels.ttl" must be a duration from 10s to 7d such as 30m, 1h or 1d (got "5s")',
    ],
    ['a TTL too long', yaml('cluster-levels:', '  ttl: 8d'), 2, '(got "8d")'],
    ['a TTL in words', yaml('cluster-levels:', '  ttl: one hour'), 2, '(got "one hour")'],
    [
      'an unknown key',
      yaml('cluster-levels:', '  fetch: true', '  interval: 1h'),
      3,
      'unknown key "cluster-levels.interval" (allowed: fetch, ttl)',
    ],
    [
      'a list instead of a mapping',
      yaml('rules: []', 'cluster-levels:', '  - fetch'),
      2,
      '"cluster-levels" must be a mapping',
    ],
    [
      'a scalar instead of a mapping',
      yaml('rules: []', 'cluster-levels: true'),
      2,
      '"cluster-levels" must be a mapping',
    ],
  ])('%s is reported with its line, and the whole file falls back to the defaults', (_name, text, line, message) => {
    const set = parseRuleConfig(text, FILE);
    expect(set.problems).toEqual([{ file: FILE, line, message: expect.stringContaining(message) }]);
    // Loud, as every other problem: the defaults are in force, and fetching with them is off.
    expect(set.clusterLevels).toEqual({ fetch: false, ttlMs: 3_600_000 });
  });

  it.each([
    ['90s', 90_000],
    ['2m', 120_000],
    ['1d2h', 93_600_000],
    ['1H', undefined],
    ['-1h', undefined],
    ['1.5h', undefined],
    ['', undefined],
    ['h', undefined],
  ])('parseDuration(%j)', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    [10_000, '10s'],
    [90_000, '90s'],
    [1_800_000, '30m'],
    [3_600_000, '1h'],
    [604_800_000, '7d'],
  ])('formatDuration(%d) is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
