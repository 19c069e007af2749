/**
 * The level modules of shell/starship.toml, rendered from the level table (tables.ts): one
 * `env_var` module per variable the hooks export, in its level's colour, all named in `format`.
 * The build rewrites the marked part of the file (scripts/render-shell.mjs), so a new level
 * cannot be left out of it; the rest of the file is written by hand. Pure.
 */
import { levelVariables, type LevelVariable } from './tables.js';

export const STARSHIP_BEGIN = '# >>> level modules: rendered from src/shell-tables/tables.ts by npm run build <<<';
export const STARSHIP_END = '# >>> end of level modules <<<';

const COLOURS = ['black', 'red', 'green', 'yellow', 'blue', 'purple', 'cyan', 'white'];

/** An SGR colour as a starship style (`1;31` → `bold red`); '' for none. @throws Error for a code it cannot name. */
export function starshipStyle(sgr: string | undefined): string {
  if (!sgr) return '';
  const words = sgr.split(';').map((part) => {
    const code = Number(part);
    if (code === 1) return 'bold';
    if (code >= 30 && code <= 37) return COLOURS[code - 30]!;
    throw new Error(`no starship style for SGR ${sgr}`);
  });
  return words.join(' ');
}

/** What goes at the front of the user's `format`: every level module, in the table's order. */
export function starshipFormatPrefix(variables: readonly LevelVariable[] = levelVariables()): string {
  return variables.map(({ variable }) => `\${env_var.${variable}}`).join('');
}

/**
 * The marked part: the `format` line to merge (a comment: a top-level key appended after the user's
 * tables would land in the last of them), then one `[env_var.X]` table per level variable.
 */
export function starshipLevelModules(variables: readonly LevelVariable[] = levelVariables()): string {
  const lines = [STARSHIP_BEGIN, `#   format = """${starshipFormatPrefix(variables)}$all"""`];
  for (const { variable, sgr } of variables)
    lines.push(
      '',
      `[env_var.${variable}]`,
      `variable = "${variable}"`,
      'format = "[$env_value]($style) "',
      `style = "${starshipStyle(sgr)}"`,
    );
  lines.push(STARSHIP_END);
  return `${lines.join('\n')}\n`;
}

/** `text` (shell/starship.toml) with its marked part rendered afresh. @throws Error when the markers are missing. */
export function renderStarship(text: string, variables: readonly LevelVariable[] = levelVariables()): string {
  const begin = text.indexOf(STARSHIP_BEGIN);
  const end = text.indexOf(STARSHIP_END);
  if (begin === -1 || end < begin) throw new Error('shell/starship.toml: the level-module markers are missing');
  const after = text.indexOf('\n', end);
  return text.slice(0, begin) + starshipLevelModules(variables) + (after === -1 ? '' : text.slice(after + 1));
}
