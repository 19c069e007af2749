/**
 * `include:` in config.yaml: shared rules files a team keeps in git. A path is `~`-expanded and
 * taken relative to the file that names it; an included file holds `rules:` and may include others,
 * up to MAX_INCLUDE_DEPTH levels. A missing or unreadable file, bad YAML, a bad rule, a loop or a
 * chain too deep is a problem of the whole config (the defaults stay in force and the prompt says
 * so), never skipped in silence. Pure: the caller's reader does the reading.
 */
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { type ConfigProblem, locate, readRules } from './config.js';
import type { Rule } from './types.js';
import type { LocatedYaml, Report } from './yaml-lines.js';

export interface IncludeReader {
  /** For `~` in a path. */
  home: string;
  /** The file's text. @throws Error whose message says why it cannot be read. */
  read(path: string): string;
}

/** config.yaml includes a file that includes a file that includes a file: no deeper. */
export const MAX_INCLUDE_DEPTH = 3;

const INCLUDED_KEYS = new Set(['rules', 'include']);

/** The absolute path `raw` names, written in `from`. */
export function includePath(raw: string, from: string, home: string): string {
  if (raw === '~' || raw.startsWith('~/')) return join(home, raw.slice(1));
  return isAbsolute(raw) ? raw : resolve(dirname(from), raw);
}

interface Included {
  rules: Rule[];
  /** Every path named, in the order met (including the ones that could not be read). */
  files: string[];
}

/** The paths an `include:` value names, each with its line; a problem when it is neither a path nor a list of them. */
function namedPaths(
  top: Record<string, unknown>,
  located: LocatedYaml,
  report: Report,
): [string, number | undefined][] {
  const value = top['include'];
  if (value === undefined || value === null) return [];
  const line = located.keyLine(top, 'include');
  const list = Array.isArray(value) ? value : [value];
  const named: [string, number | undefined][] = [];
  list.forEach((item, index) => {
    const at = Array.isArray(value) ? located.itemLine(value, index) : line;
    if (typeof item === 'string' && item.trim() !== '') named.push([item, at]);
    else report('"include" must be a path or a list of paths', at);
  });
  return named;
}

/**
 * The rules of the files `top` includes, in `include:` order, each file's own rules before those of
 * the files it includes. `chain` is the files on the way here, config.yaml first.
 */
export function readIncludes(
  top: Record<string, unknown>,
  file: string,
  located: LocatedYaml,
  reader: IncludeReader | undefined,
  problems: ConfigProblem[],
  chain: string[] = [file],
): Included {
  const report: Report = (message, line) => problems.push({ file, line, message });
  const out: Included = { rules: [], files: [] };
  for (const [raw, line] of namedPaths(top, located, report)) {
    if (reader === undefined) {
      report(`include "${raw}": included files are not read here`, line);
      continue;
    }
    const path = includePath(raw, file, reader.home);
    out.files.push(path);
    if (chain.includes(path)) {
      report(`include loop: ${[...chain, path].join(' → ')}`, line);
      continue;
    }
    if (chain.length > MAX_INCLUDE_DEPTH) {
      report(`include "${raw}": includes nest more than ${MAX_INCLUDE_DEPTH} deep (${chain.join(' → ')})`, line);
      continue;
    }
    let text: string;
    try {
      text = reader.read(path);
    } catch (error) {
      report(`include "${raw}": cannot read ${path}: ${(error as Error).message}`, line);
      continue;
    }
    const nested = readIncludedFile(text, path, reader, problems, [...chain, path]);
    out.rules.push(...nested.rules);
    out.files.push(...nested.files);
  }
  return out;
}

function readIncludedFile(
  text: string,
  file: string,
  reader: IncludeReader,
  problems: ConfigProblem[],
  chain: string[],
): Included {
  const report: Report = (message, line) => problems.push({ file, line, message });
  const located = locate(text, file);
  if (!('doc' in located)) {
    problems.push(located);
    return { rules: [], files: [] };
  }
  const { doc } = located;
  if (doc === undefined || doc === null) return { rules: [], files: [] };
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    report('an included file must be a mapping with a "rules:" list', located.docLine);
    return { rules: [], files: [] };
  }
  const top = doc as Record<string, unknown>;
  for (const key of Object.keys(top))
    if (!INCLUDED_KEYS.has(key))
      report(
        `unknown top-level key "${key}" in an included file (allowed: ${[...INCLUDED_KEYS].join(', ')}; the rest is yours to set in config.yaml)`,
        located.keyLine(top, key),
      );
  const rules = readRules(top, file, located, report);
  const nested = readIncludes(top, file, located, reader, problems, chain);
  return { rules: [...rules, ...nested.rules], files: nested.files };
}
