/**
 * One source for the shell side: every rendered hook (and the bash entry reader that starship and
 * tmux use) agrees with the TypeScript it was rendered from, checked by running it in its own
 * shell: keys and entry names for awkward HOME, XDG_CONFIG_HOME, KUBECONFIG and working
 * directories (src/cache/key.ts), the cache folder's order (src/locations.ts), an entry written by
 * src/cache/entry.ts read field by field and drawn as src/render draws it, every level name, and
 * the guard's ask levels against decide().
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRY_FIELDS } from '../../src/cache/entry.js';
import { entryFileName, keyForEnv, serializeEntry, type Entry } from '../../src/cache/index.js';
import { cacheDir } from '../../src/locations.js';
import { plainSegment, segmentParts, type DisplayLevel } from '../../src/render/index.js';
import { LEVELS } from '../../src/rules/index.js';
import { renderHook, renderScript } from '../../src/shell-tables/index.js';
import { emptyHome } from '../harness/home.mjs';

type Shell = 'bash' | 'zsh' | 'fish' | 'reader';
const SHELLS: Shell[] = ['bash', 'zsh', 'fish', 'reader'];
const RS = '\u001e';

let dir = '';
const files: Partial<Record<Shell, string>> = {};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kctx-tables-'));
  for (const shell of ['bash', 'zsh', 'fish'] as const) {
    files[shell] = join(dir, `hook.${shell}`);
    writeFileSync(files[shell]!, renderHook(shell, ['/nonexistent/kctx-guard']));
  }
  files.reader = join(dir, 'reader.bash');
  writeFileSync(files.reader, renderScript('kctx-guard-entry.bash'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Sources the rendered file in its shell, runs `body`, returns the fields it printed (each ended by RS). */
function run(shell: Shell, body: string, env: Record<string, string>, cwd = dir): string[] {
  const [command, args] =
    shell === 'zsh'
      ? ['zsh', ['-f', '-c']]
      : shell === 'fish'
        ? ['fish', ['--no-config', '-c']]
        : ['bash', ['--norc', '--noprofile', '-c']];
  const result = spawnSync(command, [...args, `source '${files[shell]}'\n${body}`], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', ...env },
    cwd,
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  return result.stdout.split(RS).slice(0, -1);
}

const print = (shell: Shell, ...vars: string[]): string =>
  shell === 'fish'
    ? `printf '%s\\x1e' ${vars.map((v) => `"$${v}"`).join(' ')}`
    : `printf '%s\\036' ${vars.map((v) => `"$${v}"`).join(' ')}`;

const makeKey = (shell: Shell): string =>
  shell === 'fish' ? '__kctx_guard_kubeconfig; __kctx_guard_make_key "$__kctx_guard_v"' : '__kctx_guard_make_key';

describe.each(SHELLS)('%s agrees with src/cache/key.ts', (shell) => {
  const cwd = (): string => {
    const path = join(dir, 'wd %41 é');
    mkdirSync(path, { recursive: true });
    return path;
  };
  const cases: Record<string, string>[] = [
    { HOME: '/h' },
    { HOME: '/h', KUBECONFIG: '/h/dev.yaml' },
    { HOME: '/h', KUBECONFIG: './k.yaml' },
    { HOME: '/h', KUBECONFIG: '/a.yaml:rel/b.yaml' },
    { HOME: '/home/100%/x', XDG_CONFIG_HOME: '/cfg/%2F/é' },
    { HOME: '/h/line\nbreak', KUBECONFIG: '/k/a\nb.yaml' },
    { HOME: '/home/ünïcödé-user', KUBECONFIG: `/${'é'.repeat(40)}/${'⎈'.repeat(30)}.yaml` },
    { HOME: '/h', KUBECONFIG: `/very/long/${'x'.repeat(80)}/config:/second/${'y'.repeat(20)}` },
    { HOME: '/h', KUBECONFIG: `${'z'.repeat(70)}.yaml` },
    // fish sets HOME itself when it is empty: its key then names that HOME, as kubectl in it would.
    ...(shell === 'fish' ? [] : [{ HOME: '', KUBECONFIG: '' }]),
  ];
  it.each(cases.map((env) => [JSON.stringify(env), env] as const))('key and entry name for %s', (_, env) => {
    const wd = cwd();
    const key = keyForEnv(env, wd);
    expect(run(shell, `${makeKey(shell)}\n${print(shell, '__kctx_guard_key', '__kctx_guard_name')}`, env, wd)).toEqual([
      key,
      entryFileName(key),
    ]);
  });
});

describe.each(['bash', 'zsh', 'fish'] as const)('%s agrees with src/locations.ts on the cache folder', (shell) => {
  // Folders that do not exist, inside a private temp folder (fish creates ~/.config under HOME).
  const none = join(emptyHome(), 'none');
  const cases: Record<string, string>[] = [
    { HOME: `${none}-h` },
    { HOME: `${none}-h`, XDG_CACHE_HOME: `${none}-c` },
    { HOME: `${none}-h`, XDG_CACHE_HOME: `${none}-c`, XDG_RUNTIME_DIR: `${none}-r` },
    { HOME: `${none}-h`, XDG_RUNTIME_DIR: `${none}-r`, KCTX_GUARD_DIR: `${none}-k` },
  ];
  it.each(cases.map((env) => [JSON.stringify(env), env] as const))('for %s', (_, env) => {
    expect(run(shell, `__kctx_guard_cache_dir\n${print(shell, '__kctx_guard_dir')}`, env)).toEqual([cacheDir(env)]);
  });
});

/** An entry as the daemon writes it, fresh against one existing, older file. */
function writeEntry(name: string, level: DisplayLevel | 'bogus', key: string): { file: string; entry: Entry } {
  mkdirSync(join(dir, 'src'), { recursive: true });
  const source = join(dir, 'src', 'source.yaml');
  writeFileSync(source, 'x');
  const past = new Date(Date.now() - 60_000);
  utimesSync(source, past, past);
  const shown: DisplayLevel = level === 'bogus' ? 'danger' : level;
  const entry: Entry = {
    key,
    freshnessPaths: [source],
    level: shown,
    segment: segmentParts({
      level: shown,
      context: 'ctx %s $(x)',
      cluster: 'cl-1',
      namespace: 'ns-100%',
      label: shown === 'danger' ? 'PROD' : undefined,
      symbol: undefined,
      color: undefined,
      error: shown === 'error' ? 'no such context' : undefined,
      kubeconfigMarker: 'dev.yaml',
      configBroken: true,
    }),
    plain: { context: 'ctx %s $(x)', cluster: 'cl-1', namespace: 'ns-100%' },
    details: {} as Entry['details'],
  };
  let text = serializeEntry(entry);
  if (level === 'bogus') text = text.replace('\ndanger\n', '\nbogus\n');
  const file = join(dir, name);
  writeFileSync(file, text);
  return { file, entry };
}

describe.each(SHELLS)('%s reads an entry written by src/cache/entry.ts', (shell) => {
  const load = (file: string, key: string): string =>
    shell === 'fish'
      ? `set -g __kctx_guard_key '${key}'\n__kctx_guard_load '${file}'\nprintf '%s\\x1e' $status\nprintf '%s\\x1e' $__kctx_guard_fields[1..${ENTRY_FIELDS.indexOf('details')}]`
      : `__kctx_guard_key='${key}'\n__kctx_guard_load '${file}'\nprintf '%s\\036' $?\nprintf '%s\\036' "\${__kctx_guard_fields[@]:0:${ENTRY_FIELDS.indexOf('details')}}"`;

  it.each([...LEVELS, 'error' as const])(
    'every field of a %s entry, and the plain segment as src/render draws it',
    (level) => {
      const key = `%2Fh%00%00${level}`;
      const { file, entry } = writeEntry(`e-${shell}-${level}`, level, key);
      const lines = serializeEntry(entry).split('\n').slice(0, ENTRY_FIELDS.indexOf('details'));
      const draw = shell === 'zsh' ? '__kctx_guard_segment "${(@)__kctx_guard_fields[5,9]}"' : '__kctx_guard_draw';
      const body =
        shell === 'zsh'
          ? `${load(file, key).replace('"${__kctx_guard_fields[@]:0:12}"', '"${(@)__kctx_guard_fields[1,12]}"')}\n${draw}\n${print(shell, '__kctx_guard_p')}`
          : shell === 'fish'
            ? `${load(file, key)}\n__kctx_guard_segment $__kctx_guard_fields[5..9]\n${print(shell, '__kctx_guard_p')}`
            : `${load(file, key)}\n${draw}\n${print(shell, '__kctx_guard_p')}`;
      expect(run(shell, body, { HOME: dir })).toEqual(['0', ...lines, plainSegment(entry.segment)]);
    },
  );

  it('an unknown level, or another key, is a missing entry (2)', () => {
    const key = '%2Fh%00%00bogus';
    const { file } = writeEntry(`e-${shell}-bogus`, 'bogus', key);
    expect(run(shell, load(file, key), { HOME: dir })[0]).toBe('2');
    const { file: other } = writeEntry(`e-${shell}-other`, 'safe', key);
    expect(run(shell, load(other, `${key}x`), { HOME: dir })[0]).toBe('2');
  });
});
