/**
 * Timed unlocks (src/guard/unlock.ts): durations, and the file the guard trusts only for a live
 * ancestor shell, that cluster and server, before its expiry, with the shell's own start time.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDuration, readUnlock, unlockFile, unlockFor, writeUnlock } from '../../src/guard/unlock.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function env(shell: number): Record<string, string> {
  const root = mkdtempSync(join(tmpdir(), 'kctx-unlock-'));
  dirs.push(root);
  return { HOME: root, KCTX_GUARD_DIR: join(root, 'cache'), __KCTX_GUARD_SHELL: String(shell) };
}

const TARGET = { cluster: 'prod-eu-1', server: 'https://api.prod.example:6443' };

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h30m', 5_400_000],
    ['8h', 28_800_000],
    ['0m', undefined],
    ['9h', undefined],
    ['10', undefined],
    ['', undefined],
    ['-5m', undefined],
    ['10 m', undefined],
  ])('%s → %s', (text, ms) => expect(parseDuration(text)).toBe(ms));
});

describe('the unlock file', () => {
  it('covers only that cluster and server, for the ancestor shell it names, until it expires', () => {
    const shell = process.ppid;
    const e = env(shell);
    const { file } = writeUnlock(e, { pid: shell, ...TARGET, display: 'prod-eu-1', expires: Date.now() + 60_000 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Its mtime is the expiry: fish reads the time left from it without a fork.
    expect(Math.abs(statSync(file).mtimeMs - JSON.parse(readFileSync(file, 'utf8')).expires)).toBeLessThan(1000);
    expect(unlockFor(e, TARGET)?.cluster).toBe('prod-eu-1');
    expect(unlockFor(e, { ...TARGET, server: 'https://elsewhere:6443' })).toBeUndefined();
    expect(unlockFor(e, { ...TARGET, cluster: 'prod-us-1' })).toBeUndefined();
    expect(unlockFor({ ...e, __KCTX_GUARD_SHELL: '' }, TARGET)).toBeUndefined();
    // Expired: not honoured, and removed.
    expect(unlockFor(e, TARGET, Date.now() + 61_000)).toBeUndefined();
    expect(existsSync(file)).toBe(false);
  });

  it('is not honoured for a shell that is not an ancestor, nor after its pid was reused', async () => {
    const other = spawn('sleep', ['30']);
    try {
      const e = env(other.pid!);
      // Written for a process that is not this one's ancestor (another terminal's shell).
      writeUnlock(e, { pid: other.pid!, ...TARGET, display: 'prod-eu-1', expires: Date.now() + 60_000 });
      expect(readUnlock(e, other.pid!)).toBeDefined();
      expect(unlockFor(e, TARGET)).toBeUndefined();
    } finally {
      other.kill();
    }
    // The right shell, but the file records another start: a reused pid is another process.
    const e = env(process.ppid);
    const { file } = writeUnlock(e, {
      pid: process.ppid,
      ...TARGET,
      display: 'prod-eu-1',
      expires: Date.now() + 60_000,
    });
    const record = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...record, start: `${record.start}1` }));
    expect(unlockFor(e, TARGET)).toBeUndefined();
    expect(existsSync(unlockFile(e, process.ppid))).toBe(false);
  });
});
