/**
 * The opt-in PATH shim (`kctx-guard shim install|uninstall|status`): a private folder holding
 * `kubectl` and `helm` scripts (shell/templates/sh/shim.sh) that ask the guard and exec the real
 * binary found after the folder on PATH. Install writes only that folder; uninstall removes only
 * files it wrote (they carry the template's marker line). Never touches rc files: it prints the
 * line that puts the folder first on PATH.
 */
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { homeDir, type Env } from '../locations.js';
import { renderShim, SHIM_TOOLS } from '../shell-tables/index.js';
import { BIN_SCRIPT } from './lifecycle.js';

/** A line every shim file holds: uninstall removes only files that do. */
export const SHIM_MARKER = "kctx-guard's PATH shim for";

/** `$XDG_DATA_HOME/kctx-guard/shim` (default `~/.local/share/kctx-guard/shim`). */
export function shimDir(env: Env): string {
  return join(env['XDG_DATA_HOME'] || join(homeDir(env), '.local', 'share'), 'kctx-guard', 'shim');
}

/** The sh launcher next to the node entry: what the shim runs for `__guard`. */
export const GUARD_LAUNCHER = BIN_SCRIPT.replace(/\.js$/, '');

export type ShimFileState = 'current' | 'outdated' | 'missing' | 'foreign';

export interface ShimStatus {
  dir: string;
  files: { tool: string; path: string; state: ShimFileState }[];
  /** Where the folder is on PATH: -1 when it is not. */
  pathIndex: number;
  /** PATH entries before the folder that hold a kubectl or helm (they win over the shim). */
  shadowedBy: string[];
}

function isShimFile(path: string): boolean {
  try {
    return lstatSync(path).isFile() && readFileSync(path, 'utf8').includes(SHIM_MARKER);
  } catch {
    return false;
  }
}

/** The rc line per shell that puts the folder first on PATH. */
export function pathLines(dir: string): { shell: string; file: string; line: string }[] {
  return [
    { shell: 'bash', file: '~/.bashrc', line: `export PATH="${dir}:$PATH"` },
    { shell: 'zsh', file: '~/.zshrc', line: `export PATH="${dir}:$PATH"` },
    { shell: 'fish', file: '~/.config/fish/config.fish', line: `fish_add_path --prepend --move ${dir}` },
  ];
}

export function shimStatus(env: Env): ShimStatus {
  const dir = shimDir(env);
  const files = SHIM_TOOLS.map((tool) => {
    const path = join(dir, tool);
    let state: ShimFileState = 'missing';
    if (existsSync(path)) {
      if (!isShimFile(path)) state = 'foreign';
      else state = readFileSync(path, 'utf8') === renderShim(tool, dir, GUARD_LAUNCHER) ? 'current' : 'outdated';
    }
    return { tool, path, state };
  });
  const entries = (env['PATH'] ?? '').split(delimiter).map((entry) => resolve(entry || '.'));
  const pathIndex = entries.indexOf(resolve(dir));
  const before = pathIndex === -1 ? [] : entries.slice(0, pathIndex);
  const shadowedBy = [...new Set(before.filter((entry) => SHIM_TOOLS.some((tool) => existsSync(join(entry, tool)))))];
  return { dir, files, pathIndex, shadowedBy };
}

/** Writes both scripts (mode 0755) into the folder (mode 0700). @throws Error when a file there is not ours. */
export function installShim(env: Env): string[] {
  const dir = shimDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const written: string[] = [];
  for (const tool of SHIM_TOOLS) {
    const path = join(dir, tool);
    if (existsSync(path) && !isShimFile(path))
      throw new Error(`${path} exists and is not a kctx-guard shim; move it away first`);
    const temp = `${path}.tmp-${process.pid}`;
    writeFileSync(temp, renderShim(tool, dir, GUARD_LAUNCHER), { mode: 0o755 });
    chmodSync(temp, 0o755);
    renameSync(temp, path);
    written.push(path);
  }
  return written;
}

/** Removes the scripts it wrote and the folder when that leaves it empty; returns what it removed. */
export function uninstallShim(env: Env, dryRun = false): { removed: string[]; kept: string[] } {
  const dir = shimDir(env);
  const removed: string[] = [];
  const kept: string[] = [];
  if (!existsSync(dir)) return { removed, kept };
  for (const tool of SHIM_TOOLS) {
    const path = join(dir, tool);
    if (!existsSync(path)) continue;
    if (!isShimFile(path)) {
      kept.push(path);
      continue;
    }
    if (!dryRun) rmSync(path);
    removed.push(path);
  }
  const left = readdirSync(dir).filter((name) => !(dryRun && removed.includes(join(dir, name))));
  if (left.length === 0) {
    if (!dryRun) rmdirSync(dir);
    removed.push(dir);
  }
  return { removed, kept };
}

/** What `shim status` (and doctor) says, one line each. */
export function describeShim(status: ShimStatus): string[] {
  const lines: string[] = [];
  const installed = status.files.filter((file) => file.state !== 'missing');
  if (installed.length === 0) return [`not installed (kctx-guard shim install puts kubectl and helm in ${status.dir})`];
  for (const file of status.files) lines.push(`${file.path}: ${file.state}`);
  if (status.pathIndex === -1) lines.push(`${status.dir} is not on PATH: scripts run the real tools unguarded`);
  else if (status.shadowedBy.length > 0)
    lines.push(`on PATH after ${status.shadowedBy.join(', ')}, which hold kubectl or helm: put it first`);
  else lines.push(`first on PATH for kubectl and helm`);
  return lines;
}

/** `doctor`'s line for the shim: fine when absent (it is opt-in), a warning when installed but not in force. */
export function checkShim(env: Env): { name: string; status: 'ok' | 'warn'; detail: string; fix: string | null } {
  const status = shimStatus(env);
  const detail = describeShim(status).join('\n');
  if (status.files.every((file) => file.state === 'missing'))
    return { name: 'PATH shim', status: 'ok', detail, fix: null };
  if (status.files.some((file) => file.state !== 'current'))
    return { name: 'PATH shim', status: 'warn', detail, fix: 'kctx-guard shim install' };
  if (status.pathIndex === -1 || status.shadowedBy.length > 0)
    return { name: 'PATH shim', status: 'warn', detail, fix: pathLines(status.dir)[0]!.line };
  return { name: 'PATH shim', status: 'ok', detail, fix: null };
}
