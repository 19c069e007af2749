/** The node a service names: the one on PATH that is this node, so an upgrade of node does not strand the service. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stableNodePath } from '../../src/service/node-path.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('stableNodePath', () => {
  it('prefers a node on PATH that links to this node (Homebrew, nvm), in PATH order', () => {
    const root = mkdtempSync(join(tmpdir(), 'kctx-node-'));
    roots.push(root);
    for (const dir of ['other', 'brew']) mkdirSync(join(root, dir));
    symlinkSync('/bin/sh', join(root, 'other', 'node'));
    symlinkSync(process.execPath, join(root, 'brew', 'node'));
    const path = [join(root, 'missing'), 'relative/bin', join(root, 'other'), join(root, 'brew')].join(':');
    expect(stableNodePath(process.execPath, path)).toBe(join(root, 'brew', 'node'));
  });

  it('keeps the running node when no PATH entry is the same file', () => {
    expect(stableNodePath(process.execPath, '/nonexistent')).toBe(process.execPath);
    expect(stableNodePath(process.execPath, undefined)).toBe(process.execPath);
    expect(realpathSync(stableNodePath(process.execPath, process.env['PATH']))).toBe(realpathSync(process.execPath));
  });
});
