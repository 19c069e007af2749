/** Human output for the CLI, coloured with kleur (enabled explicitly: NO_COLOR/FORCE_COLOR, else only on a TTY). */
import kleur from 'kleur';
import type { EntryDetails } from '../cache/index.js';
import { sanitizeName } from '../render/index.js';

export function configureColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): void {
  const forced = env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0';
  kleur.enabled = forced || (env['NO_COLOR'] === undefined && stream.isTTY === true);
}

const paint: Record<string, (text: string) => string> = {
  danger: (text) => kleur.bold().red(text),
  warn: (text) => kleur.yellow(text),
  safe: (text) => kleur.green(text),
  unclassified: (text) => text,
  error: (text) => kleur.bold().red(text),
};

/** Paints text in the colour of a level. */
export function inLevelColor(level: string, text: string): string {
  return (paint[level] ?? paint['unclassified']!)(text);
}

const safe = (value: string | null | undefined): string => sanitizeName(value ?? '', 200);

/** The one-line summary printed by `daemon run` each time the target changes. */
export function statusLine(details: EntryDetails, now = new Date()): string {
  const time = kleur.dim(now.toTimeString().slice(0, 8));
  if (details.level === 'error') return `${time} ${inLevelColor('error', `✖ ${safe(details.error)}`)}`;
  const where = `${safe(details.context)} ${kleur.dim('cluster')} ${safe(details.cluster)} ${kleur.dim('namespace')} ${safe(details.namespace)}`;
  const warning = details.configProblems.length > 0 ? kleur.yellow(' (config.yaml broken: defaults in force)') : '';
  return `${time} ${inLevelColor(details.level, `⎈ ${details.level.toUpperCase()}`)} ${where}${warning}`;
}

/** Aligned `name  value` rows. */
export function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `  ${kleur.dim(name.padEnd(width))}  ${value}`).join('\n');
}

export { safe as printable };
