/** The parse cache reuses a parse only for the file exactly as it was read, and never after a watcher event named it. */
import { copyFileSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadedFile } from '../../src/kubeconfig/index.js';
import { loadKubeconfigFile, ParseCache } from '../../src/pipeline/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const config = (current: string): string =>
  `apiVersion: v1\nkind: Config\ncurrent-context: ${current}\ncontexts:\n- name: ${current}\n  context:\n    cluster: k\n    user: u\nclusters:\n- name: k\n  cluster:\n    server: https://k.example.invalid\nusers:\n- name: u\n  user: {}\n`;

function setup(): { file: string; reads: () => number; load: (cache: ParseCache) => string | undefined } {
  const dir = mkdtempSync(join(tmpdir(), 'kctx-parse-cache-'));
  dirs.push(dir);
  const file = join(dir, 'config');
  writeFileSync(file, config('alpha'));
  let count = 0;
  const read = (path: string): LoadedFile => {
    count++;
    return loadKubeconfigFile(path);
  };
  const load = (cache: ParseCache): string | undefined => {
    const loaded = cache.load(file, read);
    return loaded.status === 'ok' ? loaded.config.currentContext : undefined;
  };
  return { file, reads: () => count, load };
}

describe('ParseCache', () => {
  it('parses an unchanged file once, however many entries ask', () => {
    const { reads, load } = setup();
    const cache = new ParseCache();
    expect([load(cache), load(cache), load(cache)]).toEqual(['alpha', 'alpha', 'alpha']);
    expect(reads()).toBe(1);
  });

  it('reads again after cp -p of another version with the same size and mtime (the ctime differs)', () => {
    const { file, reads, load } = setup();
    const cache = new ParseCache();
    // A whole second, so setting it again gives back the very same mtime, to the nanosecond.
    const stamp = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    utimesSync(file, stamp, stamp);
    const before = statSync(file);
    const beforeNs = statSync(file, { bigint: true }).mtimeNs;
    load(cache);
    const other = `${file}.other`;
    writeFileSync(other, config('gamma'));
    copyFileSync(other, file);
    utimesSync(file, stamp, stamp);
    expect(statSync(file, { bigint: true }).mtimeNs).toBe(beforeNs);
    expect(statSync(file).size).toBe(before.size);
    expect(load(cache)).toBe('gamma');
    expect(reads()).toBe(2);
  });

  it('reads again once a watcher event named the file, whatever its stat says', () => {
    const { file, reads, load } = setup();
    const cache = new ParseCache();
    load(cache);
    cache.forget(file);
    load(cache);
    expect(reads()).toBe(2);
  });
});
