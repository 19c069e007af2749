/** The daemon log stays bounded: past its cap it rotates to daemon.log.1 instead of growing. */
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileLogger, MAX_LOG_BYTES } from '../../src/daemon/log.js';

describe('daemon log', () => {
  it('rotates to daemon.log.1 once it passes the cap, keeping the newest lines in daemon.log', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kctx-log-'));
    const log = fileLogger(dir);
    const line = 'x'.repeat(200);
    const count = Math.ceil((MAX_LOG_BYTES * 2.5) / 250);
    for (let i = 0; i < count; i++) log.info(`${i} ${line}`);
    log.error('the last line');
    const current = statSync(log.file).size;
    const rotated = statSync(`${log.file}.1`).size;
    expect(current).toBeLessThanOrEqual(MAX_LOG_BYTES + 1024);
    expect(rotated).toBeLessThanOrEqual(MAX_LOG_BYTES + 1024);
    expect(readFileSync(log.file, 'utf8')).toMatch(/error \[\d+\] the last line\n$/);
    expect(existsSync(`${log.file}.2`)).toBe(false);
  });

  it('writes one line per message, newlines in messages escaped, file mode 0600', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kctx-log-'));
    const log = fileLogger(dir);
    log.info('two\nlines');
    const text = readFileSync(log.file, 'utf8');
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(text).toContain('two\\nlines');
    expect(statSync(log.file).mode & 0o777).toBe(0o600);
  });
});
