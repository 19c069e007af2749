/** Quotes words for a shell's source code (used by `init` to fill in the command path). Pure. */

export type ShellName = 'bash' | 'zsh' | 'fish';
export const SHELLS: readonly ShellName[] = ['bash', 'zsh', 'fish'];

/** Single-quotes a word so the shell reads it back byte for byte. */
export function quoteWord(shell: ShellName, word: string): string {
  if (shell === 'fish') return `'${word.replace(/[\\']/g, (ch) => `\\${ch}`)}'`;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Replaces `@KCTX_GUARD_CMD@` in a hook file with the quoted command words. */
export function fillHook(shell: ShellName, template: string, command: string[]): string {
  return template.replaceAll('@KCTX_GUARD_CMD@', command.map((word) => quoteWord(shell, word)).join(' '));
}

/** Fills the path of the custom module's script into shell/starship.toml (a bash word inside a TOML ''' string). */
export function fillStarship(template: string, scriptPath: string): string {
  if (scriptPath.includes("'''")) throw new Error(`cannot put ${scriptPath} into a TOML literal string`);
  return template.replaceAll('@KCTX_GUARD_STARSHIP_SCRIPT@', quoteWord('bash', scriptPath));
}
