/** The completion table from oclif-shaped commands: hidden things left out, summaries made safe, and hostile help text inert in every script. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completionScript, completionTable, summaryOf, type CommandInfo } from '../../src/completion/index.js';

const commands: CommandInfo[] = [
  {
    id: 'zap',
    hidden: false,
    description: `it's | "$(touch /tmp/pwned)" \`x\` \\ %F{red}\nsecond line`,
    flags: {
      all: { name: 'all', type: 'boolean', char: 'a', summary: "don't ask" },
      secret: { name: 'secret', type: 'boolean', hidden: true },
    },
    args: {},
  },
  {
    id: 'top:sub',
    hidden: false,
    summary: 'a sub',
    flags: { mode: { name: 'mode', type: 'option', options: ['x', 'y z', 'ok'] } },
    args: { what: { options: ['one', 'two'] } },
  },
  { id: '__internal', hidden: true, flags: {}, args: {} },
];

describe('summaryOf', () => {
  it.each([
    ['Show the cluster.\nMore.', 'Show the cluster'],
    ['Print the hook. Add the line:', 'Print the hook'],
    ['a|b\tc', 'a b c'],
    [undefined, ''],
    ['word '.repeat(30), `${'word '.repeat(14).trim()}…`],
  ])('%j → %j', (text, expected) => expect(summaryOf(text)).toBe(expected));
});

describe('completionTable', () => {
  const table = completionTable(commands, [{ name: 'top', description: 'the top topic' }]);

  it('lists visible commands, topics, flags, short flags, flag values and argument values; drops hidden ones and unsafe words', () => {
    expect(table.split('\n')).toEqual(
      expect.arrayContaining([
        'child||top||the top topic',
        'child|top|sub||a sub',
        'option|top sub|--mode|x ok|',
        'arg|top sub|0|one two|',
        "flag|zap|--all||don't ask",
        "flag|zap|-a||don't ask",
      ]),
    );
    expect(table).not.toMatch(/secret|__internal|y z/);
  });

  it.each([
    ['bash', ['bash', '-n']],
    ['zsh', ['zsh', '-n']],
    ['fish', ['fish', '--no-execute']],
  ] as const)('hostile help text leaves the %s script parsable', (shell, [command, ...args]) => {
    const file = join(mkdtempSync(join(tmpdir(), 'kctx-table-')), `completion.${shell}`);
    writeFileSync(file, completionScript(shell, 'kctx-guard', table));
    const result = spawnSync(command, [...args, file], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('shows the hostile description in fish as plain text, running nothing', () => {
    const script = completionScript('fish', 'kctx-guard', table);
    const result = spawnSync('fish', ['--no-config', '-c', `${script}\ncomplete -C 'kctx-guard z'`], {
      encoding: 'utf8',
    });
    expect(result.stdout).toContain('zap\tit\'s   "$(touch /tmp/pwned)" `x` \\ %F{red}');
  });

  it('refuses a command name that is not a plain word, naming the fix', () => {
    expect(() => completionScript('bash', 'kctx guard', table)).toThrow(/use a name of letters, digits/);
  });
});
