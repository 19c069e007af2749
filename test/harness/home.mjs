/**
 * An empty HOME of the calling test file's own, removed when the worker exits. Never a shared path
 * such as /nonexistent: a shell run as root creates its folders there (fish makes ~/.config/fish),
 * and a later run as another user then meets a folder it cannot read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** @returns {string} */
export function emptyHome() {
  const dir = mkdtempSync(join(tmpdir(), 'kctx-home-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
