/** readRegularFile: only regular files are read, and never more than the cap, whatever `stat` says. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileRefusedError, isPerProcessPath, readRegularFile } from '../../src/pipeline/read-file.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function tempDir(): string {
  dir = mkdtempSync(join(tmpdir(), 'kctx-read-'));
  return dir;
}

function refusal(path: string, maxBytes = 1024): FileRefusedError {
  try {
    readRegularFile(path, maxBytes);
  } catch (error) {
    if (error instanceof FileRefusedError) return error;
    throw error;
  }
  throw new Error(`${path} was read`);
}

describe('readRegularFile', () => {
  it('reads a regular file whole', () => {
    const file = join(tempDir(), 'config');
    writeFileSync(file, 'apiVersion: v1\n');
    expect(readRegularFile(file, 1024)).toBe('apiVersion: v1\n');
  });

  it('caps what is read, not what stat says: /proc/cpuinfo has size 0 and more than 64 bytes', () => {
    const error = refusal('/proc/cpuinfo', 64);
    expect(error.tooLarge).toBe(true);
  });

  it('refuses a larger file by its size without reading it', () => {
    const file = join(tempDir(), 'big');
    writeFileSync(file, 'x'.repeat(2048));
    expect(refusal(file).tooLarge).toBe(true);
  });

  it('refuses a named pipe without opening it, and a character device', () => {
    const fifo = join(tempDir(), 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(refusal(fifo).message).toMatch(/not a regular file \(a named pipe\)/);
    expect(refusal('/dev/zero').message).toMatch(/not a regular file \(a character device\)/);
  });

  it('refuses per-process paths, as written and through links', () => {
    const link = join(tempDir(), 'link');
    symlinkSync('/proc/self/fd', join(dir!, 'fds'));
    symlinkSync('/dev/stdin', link);
    for (const path of [
      '/dev/fd/0',
      '/dev/stdin',
      '/proc/self/environ',
      '/proc/thread-self/comm',
      link,
      join(dir!, 'fds', '0'),
    ])
      expect([path, isPerProcessPath(path)]).toEqual([path, true]);
    expect(refusal('/proc/self/environ').message).toMatch(/different file in every process/);
    expect(isPerProcessPath(`/proc/${process.ppid}/environ`)).toBe(false);
    expect(isPerProcessPath('/etc/hostname')).toBe(false);
  });
});
