/**
 * A shell whose locale is not UTF-8 (`su - user` with no LANG, LANG=C) counts each byte of a
 * non-ASCII character as a column, so the line editor would put the cursor in the wrong place
 * after `⎈`. There the hooks fall back to an ASCII segment; in a UTF-8 locale the symbol stays.
 * Real interactive bash, zsh and fish in tmux.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kubeconfig } from '../helpers/cli.js';
import { cleanup, cli, ensureBuilt, makeEnv, type TestEnv } from '../helpers/daemon.js';
import { killSessions, SHELLS, ShellSession } from '../helpers/tmux.js';

beforeAll(ensureBuilt);
afterEach(async () => {
  await killSessions();
  await cleanup();
});

const NOT_UTF8 = { LANG: 'C', LC_ALL: '', LC_CTYPE: '' };

async function setup(namespace: string): Promise<TestEnv> {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(
    t.kubeconfig,
    kubeconfig('dev', [{ name: 'dev', cluster: 'kind-dev', namespace, server: 'https://127.0.0.1:6443' }]),
  );
  const started = await cli(t, ['daemon', 'start']);
  expect(started.code, started.stderr).toBe(0);
  return t;
}

/** The cursor's column on the prompt line, as tmux placed it after the shell drew the prompt. */
async function cursorColumn(sh: ShellSession): Promise<number> {
  return Number((await sh.tmux(['display-message', '-p', '-t', '=0:', '#{cursor_x}'])).trim());
}

describe.each(SHELLS)('%s: locale', (shell) => {
  it('keeps the segment ASCII where the locale is not UTF-8, and the cursor right after the prompt', async () => {
    const t = await setup('prüfung');
    const sh = await ShellSession.start(shell, t, { env: NOT_UTF8 });
    const p = await sh.run('true');
    expect(p.segment).toMatch(/^k8s dev\/kind-dev:pr\?+fung$|^k8s kind-dev\/dev:pr\?+fung$/);
    expect(p.line).toMatch(/^[\x20-\x7e]*$/);
    // The line editor put the cursor where the prompt ends: no column was miscounted.
    expect(await cursorColumn(sh)).toBe(p.line.length + 1);
  });

  it('keeps the symbol and the name in a UTF-8 locale', async () => {
    const t = await setup('prüfung');
    const sh = await ShellSession.start(shell, t, { env: { LANG: 'C.UTF-8' } });
    const p = await sh.run('true');
    expect(p.segment).toBe('⎈ kind-dev/dev:prüfung');
    expect(await cursorColumn(sh)).toBe([...p.line].length + 1);
  });
});
