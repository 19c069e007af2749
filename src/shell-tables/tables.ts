/**
 * Every constant and table the shell side needs, taken from where TypeScript defines it: the cache
 * folder's order, the key's encoding and limits, the entry's fields, the levels and colours, and
 * the guard's flag and verb tables that the kubectl/helm wrappers mirror. The templates in
 * shell/templates name these by placeholder; nothing here is shell syntax. Pure.
 */
import { ENTRY_FIELDS, ENTRY_MAGIC, ENTRY_VERSION, PATH_SEPARATOR, type EntryField } from '../cache/entry.js';
import { KEY_ESCAPES, KEY_SEPARATOR, LONG_KEY_HEAD, LONG_KEY_TAIL, SHORT_KEY_LENGTH } from '../cache/key.js';
import { PANE_MAGIC } from '../cache/pane.js';
import { REGISTER_MAGIC } from '../cache/register.js';
import { HEARTBEAT } from '../cache/heartbeat.js';
import { CACHE_DIR_CANDIDATES, CACHE_FILES } from '../locations.js';
import { DEFAULT_SYMBOL, LEVEL_SGR, MARKER_SGR, NOTE_SGR } from '../render/index.js';
import { LEVELS } from '../rules/index.js';
import { OVERLAY_REPLY_MAGIC } from '../overlay/reply.js';
import { guardTables } from './guard-tables.js';
import { promptTables } from './prompt-tables.js';

/** A placeholder's value: one word, a list of words, or a number written as digits. */
export type TableValue = string | readonly string[] | number;

/** How a shell counts array elements: bash from 0, zsh and fish from 1. */
const INDEX_BASE = { bash: 0, zsh: 1, fish: 1 } as const;
export type TemplateShell = keyof typeof INDEX_BASE;

function checkKeyEscapes(): { pct: string; slash: string; newline: string } {
  const [pct, slash, newline] = KEY_ESCAPES;
  // The templates spell the characters replaced (a pattern is shell syntax); only the codes are filled in.
  if (KEY_ESCAPES.length !== 3 || pct?.[0] !== '%' || slash?.[0] !== '/' || newline?.[0] !== '\n')
    throw new Error('KEY_ESCAPES changed: teach shell/templates/*/ the new character (docs/recipes.md)');
  return { pct: pct[1], slash: slash[1], newline: newline[1] };
}

/** The tables for one shell (field positions depend on its array base). */
export function shellTables(shell: TemplateShell): Record<string, TableValue> {
  const codes = checkKeyEscapes();
  const fields: Record<string, number> = {};
  for (const field of ENTRY_FIELDS) fields[`I_${fieldName(field)}`] = ENTRY_FIELDS.indexOf(field) + INDEX_BASE[shell];
  const levels = [...LEVELS, 'error'];
  if (PATH_SEPARATOR.length !== 1) throw new Error('PATH_SEPARATOR must be one character');
  const lines = ENTRY_FIELDS.indexOf('details');
  return {
    ENTRY_HEADER: `${ENTRY_MAGIC} ${ENTRY_VERSION}`,
    ENTRY_MAGIC,
    ENTRY_VERSION,
    REGISTER_HEADER: REGISTER_MAGIC,
    // The hooks read every line before the details (JSON for status, never shown).
    ENTRY_LINES: lines,
    I_LAST: lines - 1 + INDEX_BASE[shell],
    ...fields,
    PATH_SEP_HEX: PATH_SEPARATOR.charCodeAt(0).toString(16).padStart(2, '0'),
    KEY_SEP: KEY_SEPARATOR,
    KEY_PCT: codes.pct,
    KEY_SLASH: codes.slash,
    KEY_NEWLINE: codes.newline,
    SHORT_KEY: SHORT_KEY_LENGTH,
    LONG_HEAD: LONG_KEY_HEAD,
    LONG_TAIL: LONG_KEY_TAIL,
    // Each candidate: its alternatives `VARIABLE/suffix`, joined by `|` (variable names hold neither).
    CACHE_DIRS: CACHE_DIR_CANDIDATES.map((alternatives) =>
      alternatives.map(([variable, suffix]) => `${variable}${suffix}`).join('|'),
    ),
    REG_DIR: CACHE_FILES.registrations,
    PANES_DIR: CACHE_FILES.panes,
    PANE_HEADER: PANE_MAGIC,
    PID_FILE: CACHE_FILES.pidFile,
    HEARTBEAT_FILE: CACHE_FILES.heartbeat,
    HEARTBEAT_STALE_S: HEARTBEAT.staleS,
    PROMPT_OFF: CACHE_FILES.promptOff,
    OVERLAY_REPLY: OVERLAY_REPLY_MAGIC,
    WAIT_FIFO: CACHE_FILES.waitFifo,
    ...waitSteps(),
    LEVELS: levels,
    LEVEL_VARS: levelVariables().map(({ variable }) => variable),
    DANGER_SGR: LEVEL_SGR.danger ?? '1;31',
    MARKER_SGR,
    NOTE_SGR,
    SYMBOL: DEFAULT_SYMBOL,
    TMUX_UNKNOWN_STYLE: tmuxStyle(LEVEL_SGR.danger),
    TMUX_STYLES: levels.map((level) => `${level}=${tmuxStyle(LEVEL_SGR[level as keyof typeof LEVEL_SGR])}`),
    ...guardTables(),
    ...promptTables(),
  };
}

/** A variable the hooks export for starship: set, to the plain segment, only while its level is current. */
export interface LevelVariable {
  level: string;
  variable: string;
  /** The level's colour as SGR parameters; undefined for the terminal's own. */
  sgr: string | undefined;
}

/** One per level, then `error`, then `unknown` (drawn as loud as danger): the hooks and starship.toml share it. */
export function levelVariables(): LevelVariable[] {
  const sgr = (level: string): string | undefined =>
    LEVEL_SGR[(level === 'unknown' ? 'danger' : level) as keyof typeof LEVEL_SGR];
  return [...LEVELS, 'error', 'unknown'].map((level) => ({
    level,
    variable: `KCTX_GUARD_${level.toUpperCase()}`,
    sgr: sgr(level),
  }));
}

/**
 * How long a prompt waits for the daemon to write a missing or stale entry before it computes the
 * entry itself (`__refresh`, a node start): the daemon answers within a few milliseconds (bench/RESULTS.md).
 */
export const DAEMON_WAIT_MS = 160;

/** The wait in each shell's steps: bash `read -t` 2 ms, zsh `zselect -t` in hundredths, fish forks `sleep` (few, growing). */
function waitSteps(): Record<string, TableValue> {
  const fish: string[] = [];
  for (let ms = 10, left = DAEMON_WAIT_MS; left > 0; left -= ms, ms *= 2) fish.push(String(Math.min(ms, left) / 1000));
  return { WAIT_STEPS_BASH: DAEMON_WAIT_MS / 2, WAIT_STEPS_ZSH: DAEMON_WAIT_MS / 10, WAIT_SLEEPS_FISH: fish };
}

/** `freshnessPaths` → `FRESHNESS_PATHS`. */
function fieldName(field: EntryField): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();
}

const TMUX_COLOURS = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

/** A level's SGR colour as a tmux style (`1;31` → `fg=red,bold`); `default` for none. */
export function tmuxStyle(sgr: string | undefined): string {
  if (!sgr) return 'default';
  const parts = sgr.split(';');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const code = Number(parts[i]);
    if (code === 1) out.push('bold');
    else if (code >= 30 && code <= 37) out.unshift(`fg=${TMUX_COLOURS[code - 30]}`);
    else if (code === 38 && parts[i + 1] === '5') {
      out.unshift(`fg=colour${parts[i + 2]}`);
      i += 2;
    }
  }
  return out.length > 0 ? out.join(',') : 'default';
}
