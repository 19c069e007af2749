/**
 * Lookups into the flag table of kubectl and helm (flag-table.ts): which flags a command path
 * knows, with what arity, and which words are sub-commands (aliases resolved). Pure.
 */
import { FLAG_TABLE } from './flag-table.js';

export type Tool = 'kubectl' | 'helm';

/** `value`: the next word is the value unless attached; `optional`: only an attached `=value`. */
export type Arity = 'bool' | 'value' | 'optional';

export interface FlagSet {
  long: Map<string, Arity>;
  /** Short letter → long name. */
  short: Map<string, string>;
}

function addSpec(set: FlagSet, spec: string): void {
  for (const token of spec.split(' ')) {
    const match = /^(?:-(\w),)?--([\w-]+)([=?]?)$/.exec(token);
    if (!match) continue;
    const [, short, name, mark] = match as unknown as [string, string | undefined, string, string];
    set.long.set(name, mark === '=' ? 'value' : mark === '?' ? 'optional' : 'bool');
    if (short) set.short.set(short, name);
  }
}

const sets = new Map<string, FlagSet>();

/** The flags `tool <path…>` accepts: the global ones and the command's own (kubectl and helm inherit only the globals). */
export function flagSet(tool: Tool, path: readonly string[]): FlagSet {
  const key = `${tool} ${path.join(' ')}`;
  let set = sets.get(key);
  if (set === undefined) {
    set = { long: new Map(), short: new Map() };
    addSpec(set, FLAG_TABLE[tool]['']!.flags);
    if (path.length > 0) addSpec(set, FLAG_TABLE[tool][path.join(' ')]?.flags ?? '');
    sets.set(key, set);
  }
  return set;
}

/** The canonical name of sub-command `word` of `tool <path…>` (`helm del` → `uninstall`), or undefined. */
export function subcommand(tool: Tool, path: readonly string[], word: string): string | undefined {
  const prefix = path.length === 0 ? '' : `${path.join(' ')} `;
  const table = FLAG_TABLE[tool];
  if (!/^[a-z][a-z0-9-]*$/.test(word)) return undefined;
  if (table[`${prefix}${word}`] !== undefined) return word;
  for (const [name, entry] of Object.entries(table)) {
    if (!name.startsWith(prefix) || name.slice(prefix.length).includes(' ') || name === '') continue;
    if (entry.aliases?.includes(word)) return name.slice(prefix.length);
  }
  return undefined;
}

/** `words` with every leading sub-command alias replaced by its canonical name (for operation patterns). */
export function canonicalWords(tool: Tool, words: readonly string[]): string[] {
  const out: string[] = [];
  let inPath = true;
  for (const word of words) {
    const name = inPath ? subcommand(tool, out, word) : undefined;
    if (name === undefined) inPath = false;
    out.push(name ?? word);
  }
  return out;
}
