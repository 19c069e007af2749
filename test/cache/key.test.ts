/** Cache keys and entry file names: one per (KUBECONFIG value, working directory when it matters), reversible, file-name safe. */
import { describe, expect, it } from 'vitest';
import { decodeEntryKey, entryFileName, entryKey, isEntryFileName, SHORT_KEY_LENGTH } from '../../src/cache/index.js';

const bytes = (text: string): number => Buffer.byteLength(text);

describe('entryKey', () => {
  it.each([
    ['unset', undefined, '/w', ''],
    ['empty, same as unset', '', '/w', ''],
    ['an absolute file', '/home/a/.kube/dev.yaml', '/w', '%2Fhome%2Fa%2F.kube%2Fdev.yaml'],
    ['a relative file, with the working directory', './k.yaml', '/w', '.%2Fk.yaml%00%2Fw'],
    ['percent signs are escaped first', '/a%2Fb', '/w', '%2Fa%252Fb'],
    ['a newline', '/a\nb', '/w', '%2Fa%0Ab'],
    ['a list', '/a:/b', '/w', '%2Fa:%2Fb'],
  ])('%s: %j → %j', (_why, kubeconfig, cwd, key) => {
    expect(entryKey(kubeconfig, cwd)).toBe(key);
  });

  it('ignores the working directory when every entry is absolute', () => {
    expect(entryKey('/a:/b', '/one')).toBe(entryKey('/a:/b', '/two'));
  });

  it('depends on the working directory when an entry is relative', () => {
    expect(entryKey('/a:k.yaml', '/one')).not.toBe(entryKey('/a:k.yaml', '/two'));
  });

  const roundTrips: [why: string, kubeconfig: string, cwd: string][] = [
    ['plain absolute', '/home/a/.kube/config', '/w'],
    ['percent', '/tmp/100%/k.yaml', '/w'],
    ['literal escape-looking text', '/a/%25/%2F/%0A/%00/x', '/w'],
    ['newline', '/tmp/a\nb/config', '/w'],
    ['carriage return and tab', '/tmp/a\rb\tc', '/w'],
    ['unicode', '/home/ü/☸/😀.yaml', '/w'],
    ['a list', '/a:/b:/c', '/w'],
    ['empty list entries', '/a::/b:', '/w'],
    ['only colons', ':::', '/w'],
    ['a relative entry', 'k.yaml', '/work/dir'],
    ['relative and absolute mixed', '/etc/k:./k.yaml:../x', '/home/üser/proj'],
    ['home-looking but relative (kubectl does not expand ~)', '~/k.yaml', '/w'],
    ['a working directory with odd characters', './k', '/dir with %00 and\nnewline/%2F/😀'],
    ['a working directory that is the root', 'k', '/'],
  ];

  it.each(roundTrips)('decodes back: %s', (_why, kubeconfig, cwd) => {
    const key = entryKey(kubeconfig, cwd);
    expect(key).not.toMatch(/[/\n]/);
    const relative = kubeconfig.split(':').some((entry) => entry !== '' && !entry.startsWith('/'));
    expect(decodeEntryKey(key)).toEqual({ kubeconfig, cwd: relative ? cwd : undefined });
  });

  it('gives different values different keys, even where a naive encoding would collide', () => {
    const pairs: [string, string][] = [
      ...roundTrips.map(([, kubeconfig, cwd]): [string, string] => [kubeconfig, cwd]),
      ['/a/b', '/w'],
      ['/a%2Fb', '/w'],
      ['/a%252Fb', '/w'],
      ['/a\nb', '/w'],
      ['/a%0Ab', '/w'],
      ['k', '/x'],
      ['k%00/x', '/w'],
      ['k%00%2Fx', '/w'],
    ];
    const keys = pairs.map(([kubeconfig, cwd]) => entryKey(kubeconfig, cwd));
    expect(new Set(keys).size).toBe(pairs.length);
  });

  it('decodes the empty key as unset', () => {
    expect(decodeEntryKey('')).toEqual({ kubeconfig: undefined, cwd: undefined });
  });

  it.each([
    ['a stray percent', '%2Fa%'],
    ['an unknown escape', '%41'],
    ['lower-case escape', '%2fa'],
    ['a raw slash', '/a'],
    ['a raw newline', 'a\nb'],
    ['a working directory for an absolute value', '%2Fa%00%2Fw'],
    ['a relative value without a working directory', 'k.yaml'],
    ['a relative working directory', 'k.yaml%00w'],
    ['two working directories', 'k.yaml%00%2Fw%00%2Fv'],
  ])('refuses %s: %j', (_why, key) => {
    expect(() => decodeEntryKey(key)).toThrow(/malformed cache key/);
  });
});

describe('entryFileName', () => {
  it.each([
    ['unset KUBECONFIG', '', 'e'],
    ['a short key', '%2Fhome%2Fa%2F.kube%2Fdev.yaml', 'e%2Fhome%2Fa%2F.kube%2Fdev.yaml'],
    ['exactly 60 characters', 'k'.repeat(60), `e${'k'.repeat(60)}`],
    ['61 characters', `${'a'.repeat(30)}b${'c'.repeat(30)}`, `l${'a'.repeat(30)}~${'c'.repeat(25)}~61`],
    ['60 four-byte characters count as 60', '😀'.repeat(60), `e${'😀'.repeat(60)}`],
    ['61 four-byte characters', '😀'.repeat(61), `l${'😀'.repeat(30)}~${'😀'.repeat(25)}~61`],
  ])('%s', (_why, key, name) => {
    expect(entryFileName(key)).toBe(name);
  });

  it.each([
    ['ASCII', 'a'],
    ['two-byte', 'ü'],
    ['three-byte', '☸'],
    ['four-byte', '😀'],
    ['mixed, so a four-byte character straddles every cut', 'a😀'],
  ])('stays a valid name under 255 bytes for any length (%s)', (_why, unit) => {
    for (let length = 1; length <= 400; length++) {
      const key = [...unit.repeat(length)].slice(0, length).join('');
      const name = entryFileName(key);
      expect(bytes(name), `${length}`).toBeLessThanOrEqual(255);
      // A cut surrogate pair would make a name the file system cannot store as written.
      expect(name, `${length}`).toBe(name.toWellFormed());
      expect(isEntryFileName(name), `${length}`).toBe(true);
      if ([...key].length > SHORT_KEY_LENGTH) expect(name.endsWith(`~${[...key].length}`), `${length}`).toBe(true);
      else expect(name).toBe(`e${key}`);
    }
  });

  it('names real long keys by head, tail and length', () => {
    const key = entryKey(`/home/someone/projects/${'very-long-folder-name/'.repeat(5)}kubeconfig.yaml`, '/w');
    expect(entryFileName(key)).toBe(`l${key.slice(0, 30)}~${key.slice(-25)}~${key.length}`);
  });
});

describe('isEntryFileName', () => {
  it.each([
    ['the default entry', 'e', true],
    ['a short entry', 'e%2Fa%2Fb', true],
    ['a long entry', 'l%2Fhome~yaml~99', true],
    ['255 bytes', `e${'x'.repeat(254)}`, true],
    ['256 bytes', `e${'x'.repeat(255)}`, false],
    ['a slash', 'e/../../etc/passwd', false],
    ['a slash in a long name', 'l/x', false],
    ['the parent folder', '..', false],
    ['the folder itself', '.', false],
    ['a temp file', '.tmp-123-1', false],
    ['a dot file', '.e', false],
    ['the pid file', 'daemon.pid', false],
    ['the registration folder', 'reg', false],
    ['empty', '', false],
  ])('%s: %j → %s', (_why, name, expected) => {
    expect(isEntryFileName(name)).toBe(expected);
  });
});
