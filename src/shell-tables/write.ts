/**
 * Writes the pre-rendered shell side into dist/shell at build time, for the launcher's `init`
 * (bin/kctx-guard), and renders the level modules of shell/starship.toml in place.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHELLS } from '../render/index.js';
import { renderCheckedHook, renderHookBody, renderScript, SCRIPTS } from './render.js';
import { renderStarship } from './starship.js';

function writeAtomically(file: string, text: string, mode: number): void {
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, text, { mode });
  chmodSync(temp, mode);
  renameSync(temp, file);
}

/** Renders every hook body and script into `dir`; returns the files written. */
export function writeRenderedShell(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const shell of SHELLS) {
    const file = join(dir, `kctx-guard.${shell}`);
    writeAtomically(file, renderHookBody(shell), 0o644);
    const checked = join(dir, `init.${shell}`);
    writeAtomically(checked, renderCheckedHook(shell, 'file'), 0o644);
    written.push(file, checked);
  }
  for (const name of Object.keys(SCRIPTS)) {
    const file = join(dir, name);
    writeAtomically(file, renderScript(name), name.endsWith('.sh') ? 0o755 : 0o644);
    written.push(file);
  }
  // Written last: the launcher serves dist/shell only while this is newer than every template.
  const stamp = join(dir, 'stamp');
  writeAtomically(stamp, `${written.map((file) => file.slice(dir.length + 1)).join('\n')}\n`, 0o644);
  return [...written, stamp];
}

/**
 * Renders the level modules of the starship configuration at `file` (shell/starship.toml, which
 * `init starship` prints and the README links to) in place; writes only when they changed.
 * Returns whether it wrote.
 */
export function writeStarshipModules(file: string): boolean {
  const text = readFileSync(file, 'utf8');
  const rendered = renderStarship(text);
  if (rendered === text) return false;
  writeAtomically(file, rendered, 0o644);
  return true;
}
