/**
 * One read-only table, one answer: every row of test/guard/read-only-rows.ts (the hand-written
 * list and every row the read-only and flag tables generate) goes through each rendered hook's
 * pre-check (`__kctx_guard_needs` in bash, zsh and fish), through the PATH shim in /bin/sh (the
 * real script, with a recording guard command), and through TypeScript's readOnlyCommand(), which
 * the guard's decide() uses; all must agree on which command lines skip the guard.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOnlyCommand } from '../../src/guard/read-only.js';
import { quoteWord } from '../../src/render/index.js';
import { renderHook, renderShim, SHIM_TOOLS } from '../../src/shell-tables/index.js';
import { generatedRows, handRows, type Row } from '../guard/read-only-rows.js';

const ROWS: Row[] = [...handRows().map(([row]) => row), ...generatedRows()];
const EXPECTED = ROWS.map(([tool, argv]) => (readOnlyCommand(tool, argv) ? 'read-only' : 'guard'));

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kctx-allowlist-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENV = (): Record<string, string> => ({
  PATH: process.env['PATH'] ?? '/usr/bin:/bin',
  HOME: dir,
  LC_ALL: 'C.UTF-8',
  LANG: 'C.UTF-8',
});

/** The rows on which `answers` differs from TypeScript's, as readable lines. */
function disagreements(answers: string[]): string[] {
  expect(answers).toHaveLength(ROWS.length);
  return ROWS.flatMap(([tool, argv], i) =>
    answers[i] === EXPECTED[i] ? [] : [`${tool} ${JSON.stringify(argv)}: ${answers[i]}, TypeScript: ${EXPECTED[i]}`],
  );
}

const SHELLS = {
  bash: { command: ['bash', '--norc', '--noprofile'], status: '$?' },
  zsh: { command: ['zsh', '-f'], status: '$?' },
  fish: { command: ['fish', '--no-config'], status: '$status' },
} as const;

describe.each(Object.keys(SHELLS) as (keyof typeof SHELLS)[])('%s: the wrappers’ pre-check', (shell) => {
  it(`gives TypeScript's answer on every row`, { timeout: 120_000 }, () => {
    const hook = join(dir, `hook.${shell}`);
    writeFileSync(hook, renderHook(shell, ['/nonexistent/kctx-guard']));
    const calls = ROWS.map(
      ([tool, argv]) =>
        `__kctx_guard_needs ${[tool, ...argv].map((word) => quoteWord(shell, word)).join(' ')}; echo ${SHELLS[shell].status}`,
    );
    const script = join(dir, `rows.${shell}`);
    writeFileSync(script, `source ${quoteWord(shell, hook)}\n${calls.join('\n')}\n`);
    const [program, ...args] = SHELLS[shell].command;
    const result = spawnSync(program, [...args, script], { env: ENV(), cwd: dir, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const answers = result.stdout
      .trim()
      .split('\n')
      .map((status) => (status === '1' ? 'read-only' : status === '0' ? 'guard' : `status ${status}`));
    expect(disagreements(answers)).toEqual([]);
  });
});

describe('the PATH shim in /bin/sh', () => {
  it(`gives TypeScript's answer on every row`, { timeout: 300_000 }, () => {
    const shim = join(dir, 'shim');
    const bin = join(dir, 'bin');
    mkdirSync(shim, { mode: 0o700 });
    mkdirSync(bin);
    const log = join(dir, 'calls.log');
    const guard = join(dir, 'guard');
    writeFileSync(guard, `#!/bin/sh\necho guard >> ${quoteWord('bash', log)}\n`);
    chmodSync(guard, 0o755);
    for (const tool of SHIM_TOOLS) {
      writeFileSync(join(shim, tool), renderShim(tool, shim, guard), { mode: 0o755 });
      writeFileSync(join(bin, tool), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    }
    // One sh runs every row: a marker, then the shim, which logs `guard` when it asks the guard.
    const lines = ROWS.map(
      ([tool, argv], i) =>
        `echo row${i} >> "$log"; ${[tool, ...argv].map((word) => quoteWord('bash', word)).join(' ')} </dev/null >/dev/null 2>&1`,
    );
    const script = join(dir, 'rows.sh');
    writeFileSync(script, `log=${quoteWord('bash', log)}\n${lines.join('\n')}\n`);
    const result = spawnSync('/bin/sh', [script], {
      env: { ...ENV(), PATH: `${shim}:${bin}:/usr/bin:/bin` },
      cwd: dir,
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    const answers: string[] = [];
    for (const entry of readFileSync(log, 'utf8').split('\n')) {
      if (entry.startsWith('row')) answers.push('read-only');
      else if (entry === 'guard') answers[answers.length - 1] = 'guard';
    }
    expect(disagreements(answers)).toEqual([]);
  });
});
