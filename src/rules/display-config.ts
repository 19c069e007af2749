/**
 * Reads the `display:` section of config.yaml: display-name rules, the built-in shortening switch and
 * the prompt's length limit. Reports every problem with its line, like the danger rules. Pure.
 */
import {
  defaultDisplay,
  DISPLAY_FIELDS,
  MAX_MAX_LENGTH,
  MIN_MAX_LENGTH,
  templateRefs,
  type DisplayConfig,
  type DisplayField,
  type DisplayRule,
} from './display.js';
import type { LocatedYaml, Report } from './yaml-lines.js';

const SECTION_KEYS = new Set(['rules', 'shorten', 'max-length']);
const RULE_KEYS = new Set(['match', 'name', 'field']);

/** The groups a regex defines: numbered 1…n and named. */
function groupsOf(regex: RegExp): { count: number; names: string[] } {
  const empty = new RegExp(`${regex.source}|`).exec('')!;
  return { count: empty.length - 1, names: Object.keys(empty.groups ?? {}) };
}

function readDisplayRule(
  raw: unknown,
  index: number,
  where: string,
  located: LocatedYaml,
  problem: Report,
): DisplayRule | undefined {
  const label = `display rule ${index + 1}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problem(`${label} must be a mapping such as {match: "gke_.*_(?<c>[a-z0-9-]+)", name: "$c"}`, undefined);
    return undefined;
  }
  const fields = raw as Record<string, unknown>;
  let ok = true;
  const fail = (message: string, key?: string): undefined => {
    ok = false;
    problem(`${label}: ${message}`, key === undefined ? located.lineOf(raw) : located.keyLine(raw, key));
    return undefined;
  };
  for (const key of Object.keys(fields)) {
    if (!RULE_KEYS.has(key)) fail(`unknown key "${key}" (allowed: ${[...RULE_KEYS].join(', ')})`, key);
  }
  const text = (key: string): string | undefined => {
    const value = fields[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') return fail(`${key} must be a string`, key);
    return value;
  };
  const source = text('match');
  const template = text('name');
  const field = text('field');
  if (fields['match'] === undefined || fields['match'] === null) fail('match is missing (a regular expression)');
  if (fields['name'] === undefined || fields['name'] === null) fail('name is missing (what to show, e.g. "$cluster")');
  if (field !== undefined && !(DISPLAY_FIELDS as readonly string[]).includes(field))
    fail(`field "${field}" is not one of ${DISPLAY_FIELDS.join(', ')}`, 'field');
  let regex: RegExp | undefined;
  if (source === '') fail('match is empty', 'match');
  else if (source !== undefined) {
    try {
      regex = new RegExp(`^(?:${source})$`);
    } catch (error) {
      fail(`match: invalid regular expression ${source}: ${(error as Error).message}`, 'match');
    }
  }
  if (template === '') fail('name is empty', 'name');
  if (regex !== undefined && template !== undefined) {
    const groups = groupsOf(regex);
    for (const ref of templateRefs(template)) {
      const known = /^[0-9]+$/.test(ref) ? Number(ref) >= 1 && Number(ref) <= groups.count : groups.names.includes(ref);
      if (!known)
        fail(
          `name refers to $${ref}, which match does not capture (groups: ${[...Array.from({ length: groups.count }, (_, i) => `$${i + 1}`), ...groups.names.map((n) => `$${n}`)].join(', ') || 'none'})`,
          'name',
        );
    }
  }
  if (!ok || regex === undefined || template === undefined) return undefined;
  return { origin: `${where} (${label})`, field: field as DisplayField | undefined, regex, template };
}

/** Reads `display:`; undefined section: the defaults. Problems go to `report`. */
export function readDisplayConfig(raw: unknown, file: string, located: LocatedYaml, report: Report): DisplayConfig {
  const config = defaultDisplay();
  if (raw === undefined || raw === null) return config;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    report('"display" must be a mapping with "rules", "shorten" or "max-length"', located.lineOf(raw));
    return config;
  }
  const section = raw as Record<string, unknown>;
  for (const key of Object.keys(section)) {
    if (!SECTION_KEYS.has(key))
      report(`unknown key "display.${key}" (allowed: ${[...SECTION_KEYS].join(', ')})`, located.keyLine(section, key));
  }
  const shorten = section['shorten'] ?? true;
  if (typeof shorten !== 'boolean')
    report('"display.shorten" must be true or false', located.keyLine(section, 'shorten'));
  else config.shorten = shorten;
  const maxLength = section['max-length'] ?? config.maxLength;
  if (
    typeof maxLength !== 'number' ||
    !Number.isInteger(maxLength) ||
    maxLength < MIN_MAX_LENGTH ||
    maxLength > MAX_MAX_LENGTH
  )
    report(
      `"display.max-length" must be a whole number from ${MIN_MAX_LENGTH} to ${MAX_MAX_LENGTH}`,
      located.keyLine(section, 'max-length'),
    );
  else config.maxLength = maxLength;
  const rules = section['rules'] ?? [];
  if (!Array.isArray(rules)) report('"display.rules" must be a list', located.keyLine(section, 'rules'));
  else
    rules.forEach((item, index) => {
      const line = located.itemLine(rules, index);
      const where = line === undefined ? file : `${file}:${line}`;
      const rule = readDisplayRule(item, index, where, located, (message, at) => report(message, at ?? line));
      if (rule) config.rules.push(rule);
    });
  return config;
}
