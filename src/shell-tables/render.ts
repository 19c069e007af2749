/**
 * Renders the shell side from shell/templates: each output is a list of template files, joined,
 * with every `@NAME@` placeholder filled from the tables (tables.ts). `@NAME@` is a word or a list
 * of words, quoted for the shell; `@NAME|@` a list joined by `|` (a case pattern); `@NAME!@` a value
 * written as it is (digits and SGR parameters only). A placeholder without a table is an error, so
 * no template can hold a constant the tables lack. The program adds no shell syntax of its own.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quoteWord, type ShellName } from '../render/index.js';
import { minimumTables } from './minimum.js';
import { shellTables, type TableValue, type TemplateShell } from './tables.js';

export const TEMPLATE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shell', 'templates');

const EXTENSION: Record<ShellName, string> = { bash: 'bash', zsh: 'zsh', fish: 'fish' };

/** The files (in shell/templates/<shell>/) that make each output, in order. */
const HOOK_PARTS: Record<ShellName, string[]> = {
  bash: ['head', 'dirs', 'key', 'entry', 'lines', 'core', 'prompt', 'guard', 'command'],
  zsh: ['head', 'core', 'prompt', 'guard', 'command'],
  fish: ['head', 'core', 'prompt', 'guard', 'command'],
};

/** Standalone bash scripts (starship's custom module, the tmux segment) and the entry reader they source. */
export const SCRIPTS: Record<string, string[]> = {
  'kctx-guard-entry.bash': ['reader-head', 'dirs', 'key', 'entry', 'lines32', 'reader'],
  'kctx-guard-starship.bash': ['starship'],
  'tmux-status.sh': ['tmux-status'],
};

const PLACEHOLDER = /@([A-Z][A-Z0-9_]*)([|!]?)@/g;
const RAW = /^[A-Za-z0-9;%_.-]*$/;

function format(shell: TemplateShell, name: string, form: string, value: TableValue | undefined): string {
  if (value === undefined) throw new Error(`template placeholder @${name}${form}@ has no table`);
  if (form === '!') {
    const text = String(value);
    if (typeof value === 'object' || !RAW.test(text)) throw new Error(`@${name}!@ cannot be written unquoted`);
    return text;
  }
  if (typeof value === 'number') return String(value);
  const words = typeof value === 'string' ? [value] : value;
  if (form === '|' && words.length === 0) throw new Error(`@${name}|@ is an empty list`);
  return words.map((word) => quoteWord(shell, word)).join(form === '|' ? '|' : ' ');
}

/** Fills every placeholder in `text`. @throws Error for a placeholder no table fills. */
export function fillTemplate(shell: TemplateShell, text: string, extra: Record<string, TableValue> = {}): string {
  const tables = { ...shellTables(shell), ...extra };
  return text.replace(PLACEHOLDER, (_, name: string, form: string) => format(shell, name, form, tables[name]));
}

function readPart(shell: ShellName, part: string): string {
  return readFileSync(join(TEMPLATE_DIR, shell, `${part}.${EXTENSION[shell]}`), 'utf8');
}

/** The hook without the line naming the program: what the build writes to dist/shell. */
export function renderHookBody(shell: ShellName): string {
  return fillTemplate(shell, HOOK_PARTS[shell].map((part) => readPart(shell, part)).join('\n'));
}

/** The line that names the program (`init` appends it to the body). */
export function renderCommandLine(shell: ShellName, command: readonly string[]): string {
  return fillTemplate(shell, readPart(shell, 'cmd'), { KCTX_GUARD_CMD: command });
}

/** The hook, then the line naming `command`: what the init check loads in a shell new enough for it. */
export function renderHook(shell: ShellName, command: readonly string[]): string {
  return renderHookBody(shell) + renderCommandLine(shell, command);
}

/**
 * The init check (check.<shell>): it loads the hook only in a shell version the hook runs in, else
 * prints one line and installs nothing. `inline` holds the hook body as one quoted word (what node's
 * `init` prints); otherwise it sources the build's dist/shell/kctx-guard.<shell> (load.<shell>), which
 * the launcher serves as dist/shell/init.<shell>: a shell parses a quoted word of the hook's size about
 * as slowly as the hook itself, and the launcher is the path of every new shell.
 */
export function renderCheckedHook(shell: ShellName, load: 'inline' | 'file'): string {
  const hook = load === 'inline' ? renderHookBody(shell) : readPart(shell, 'load');
  return fillTemplate(shell, readPart(shell, 'check'), { ...minimumTables(shell), HOOK: hook });
}

/** What `kctx-guard init <shell>` prints: the line naming `command`, then the init check holding the hook. */
export function renderInit(shell: ShellName, command: readonly string[]): string {
  return renderCommandLine(shell, command) + renderCheckedHook(shell, 'inline');
}

/** One of SCRIPTS, rendered. */
export function renderScript(name: string): string {
  const parts = SCRIPTS[name];
  if (parts === undefined) throw new Error(`no shell script ${name}`);
  return fillTemplate('bash', parts.map((part) => readPart('bash', part)).join('\n'));
}

/** The tools the PATH shim stands in for. */
export const SHIM_TOOLS = ['kubectl', 'helm'] as const;
export type ShimTool = (typeof SHIM_TOOLS)[number];

/**
 * The PATH shim for `tool` (shell/templates/sh/shim.sh, POSIX sh), installed in `dir`, asking
 * `guard` (the kctx-guard launcher) before every command that is not read-only. sh quotes as bash does.
 */
export function renderShim(tool: ShimTool, dir: string, guard: string): string {
  const text = readFileSync(join(TEMPLATE_DIR, 'sh', 'shim.sh'), 'utf8');
  return fillTemplate('bash', text, { SHIM_TOOL: tool, SHIM_DIR: dir, SHIM_GUARD: guard, SHIM_US: '\u001f' });
}
