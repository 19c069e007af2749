/**
 * Cache keys and entry file names: one per (HOME, XDG_CONFIG_HOME, KUBECONFIG value, working
 * directory when it matters), reversible, file-name safe.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeEntryKey,
  entryFileName,
  entryKey as entryKeyOf,
  isEntryFileName,
  keyForEnv,
  SHORT_KEY_LENGTH,
} from '../../src/cache/index.js';

const bytes = (text: string): number => Buffer.byteLength(text);

/** The key with HOME /h and XDG_CONFIG_HOME unset, as most cases below use. */
const entryKey = (kubeconfig: string | undefined, cwd: string): string =>
  entryKeyOf({ home: '/h', configHome: '', kubeconfig, cwd });
/** What HOME /h with XDG_CONFIG_HOME unset puts in front of the KUBECONFIG part. */
const H = '%2Fh%00%00';

describe('entryKey', () => {
  it.each([
    ['unset', undefined, '/w', H],
    ['empty, same as unset', '', '/w', H],
    ['an absolute file', '/home/a/.kube/dev.yaml', '/w', `${H}%2Fhome%2Fa%2F.kube%2Fdev.yaml`],
    ['a relative file, with the working directory', './k.yaml', '/w', `${H}.%2Fk.yaml%00%2Fw`],
    ['percent signs are escaped first', '/a%2Fb', '/w', `${H}%2Fa%252Fb`],
    ['a newline', '/a\nb', '/w', `${H}%2Fa%0Ab`],
    ['a list', '/a:/b', '/w', `${H}%2Fa:%2Fb`],
  ])('%s: %j → %j', (_why, kubeconfig, cwd, key) => {
    expect(entryKey(kubeconfig, cwd)).toBe(key);
  });

  it.each([
    ['HOME', { home: '/home/b', configHome: '' }, '%2Fhome%2Fb%00%00'],
    ['XDG_CONFIG_HOME', { home: '/h', configHome: '/etc/kg%' }, '%2Fh%00%2Fetc%2Fkg%25%00'],
  ])('%s is part of the key: another value is another entry', (_why, where, key) => {
    expect(entryKeyOf({ ...where, kubeconfig: undefined, cwd: '/w' })).toBe(key);
    expect(key).not.toBe(entryKey(undefined, '/w'));
    expect(decodeEntryKey(key)).toEqual({ ...where, kubeconfig: undefined, cwd: undefined });
  });

  it('keyForEnv reads HOME, XDG_CONFIG_HOME and KUBECONFIG (empty as unset) from the environment', () => {
    expect(keyForEnv({ HOME: '/h', KUBECONFIG: '' }, '/w')).toBe(H);
    expect(keyForEnv({ HOME: '/h', XDG_CONFIG_HOME: '/c', KUBECONFIG: 'k' }, '/w')).toBe('%2Fh%00%2Fc%00k%00%2Fw');
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
    expect(decodeEntryKey(key)).toEqual({ home: '/h', configHome: '', kubeconfig, cwd: relative ? cwd : undefined });
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

  it('decodes the key of KUBECONFIG unset', () => {
    expect(decodeEntryKey(H)).toEqual({ home: '/h', configHome: '', kubeconfig: undefined, cwd: undefined });
  });

  it.each([
    ['a stray percent', `${H}%2Fa%`],
    ['an unknown escape', `${H}%41`],
    ['lower-case escape', `${H}%2fa`],
    ['a raw slash', `${H}/a`],
    ['a raw newline', `${H}a\nb`],
    ['a working directory for an absolute value', `${H}%2Fa%00%2Fw`],
    ['a relative value without a working directory', `${H}k.yaml`],
    ['a relative working directory', `${H}k.yaml%00w`],
    ['two working directories', `${H}k.yaml%00%2Fw%00%2Fv`],
    ['a version-1 key (no HOME)', '%2Fa'],
    ['the empty version-1 key', ''],
    ['no HOME', '%00%00%2Fa'],
    ['a relative HOME', 'h%00%00%2Fa'],
    ['a relative XDG_CONFIG_HOME', '%2Fh%00c%00%2Fa'],
  ])('refuses %s: %j', (_why, key) => {
    expect(() => decodeEntryKey(key)).toThrow(/malformed cache key/);
  });
});

describe('entryFileName', () => {
  it.each([
    ['the empty key', '', 'e'],
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
