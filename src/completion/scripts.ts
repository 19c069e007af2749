/**
 * The bash, zsh and fish completion scripts (shell/completion.<shell>): fixed code that walks the
 * completion table (see table.ts), with the table embedded as one quoted string. Each shell finds the command the words
 * so far name (`daemon install`), then offers its subcommands, flags, a flag's values or an
 * argument's values. The scripts hold no data but the table, so they stay the same as commands grow.
 */

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

const singleQuoted = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
const fishQuoted = (text: string): string => `'${text.replace(/[\\']/g, (char) => `\\${char}`)}'`;

const SHELL_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shell');

/** The shell code lives in shell/completion.<shell>; only the command name and the table are filled in. */
function fill(shell: CompletionShell, bin: string, table: string): string {
  const template = readFileSync(join(SHELL_DIR, `completion.${shell}`), 'utf8');
  const quoted = shell === 'fish' ? fishQuoted(table) : singleQuoted(`\n${table}\n`);
  return template.replaceAll('@KCTX_GUARD_TABLE@', () => quoted).replaceAll('@KCTX_GUARD_BIN@', bin);
}

/** The completion script for a shell. `bin` must be a plain command name (letters, digits, `-`, `_`, `.`). */
export function completionScript(shell: CompletionShell, bin: string, table: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(bin))
    throw new Error(
      `cannot write completions for the command name ${JSON.stringify(bin)}: use a name of letters, digits, ".", "-" and "_"`,
    );
  return fill(shell, bin, table);
}
