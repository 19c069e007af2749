/**
 * scripts/lint-shell-compat.mjs (part of `npm run lint`): silent on the shipped scripts, and each
 * bash-4-only construct planted in a copy of a bash 3.2 script, each GNU-only form planted in any
 * shipped script, and each newer-fish form planted in fish's init check is reported with its line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt, REPO } from '../helpers/daemon.js';

const LINT = join(REPO, 'scripts', 'lint-shell-compat.mjs');
const dir = mkdtempSync(join(tmpdir(), 'kctx-compat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lint(args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [LINT, ...args], { cwd: REPO, encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

/** A copy of a shipped template with `line` appended; returns the copy's path and the planted line's number. */
function planted(template: string, line: string): { file: string; at: number } {
  const text = readFileSync(join(REPO, template), 'utf8');
  const file = join(dir, `${Math.random().toString(36).slice(2)}-${template.split('/').pop()}`);
  writeFileSync(file, `${text}${line}\n`);
  return { file, at: text.split('\n').length };
}

describe('the shipped scripts', () => {
  it('pass: no output, exit 0', () => {
    ensureBuilt();
    expect(lint([])).toEqual({ status: 0, output: '' });
  });
});

const BASH4: [string, string][] = [
  ['mapfile', 'mapfile -t lines < "$f"'],
  ['mapfile', '  \\builtin readarray -t lines < "$f"'],
  ['case-modification', 'up=${name^^}'],
  ['case-modification', 'low=${name,,}'],
  ['declare-attr', 'declare -A seen=()'],
  ['declare-attr', 'local -n ref=$1'],
  ['fd-variable', 'exec {fd}<"$f"'],
  ['case-fallthrough', 'case $x in a) echo a ;& b) echo b ;; esac'],
  ['case-fallthrough', 'case $x in a) echo a ;;& b) echo b ;; esac'],
  ['pipe-stderr', 'make |& tee log'],
  ['append-both', 'echo hi &>> log'],
  ['printf-time', "printf '%(%s)T' -1"],
  ['new-variable', 'now=$EPOCHSECONDS'],
  ['new-variable', 'pid=$BASHPID'],
  ['read', 'read -t 0.5 -r line'],
  ['read', 'read -r -N 3 chunk'],
  ['wait', 'wait -n'],
  ['negative-subscript', 'last=${arr[-1]}'],
  ['negative-length', 'cut=${word:0:-1}'],
  ['test-v', 'if [[ -v KUBECONFIG ]]; then :; fi'],
  ['transformation', 'q=${value@Q}'],
  ['local-dash', 'local -'],
  ['shopt', 'shopt -s globstar'],
  ['nounset', 'set -eu'],
  ['compopt', 'compopt -o filenames'],
  ['complete', 'complete -D -F _f'],
  ['printf', 'printf -v "out[1]" %s x'],
  ['coproc', 'coproc cat'],
];

const GNU: [string, string][] = [
  ['sed', "sed -i 's/a/b/' file"],
  ['sed', "sed -ni '/x/p' file"],
  ['sed', "sed -r 's/(a)+/b/' file"],
  ['stat', 'owner=$(stat -c %U "$dir")'],
  ['stat', 'x=$(command stat --format=%Y "$f")'],
  ['date', 'date -d yesterday +%s'],
  ['date', 'date +%s%N'],
  ['readlink', 'self=$(readlink -f "$0")'],
  ['realpath', 'here=$(realpath .)'],
  ['grep', "grep -P '\\d+' file"],
  ['ls', 'ls --color=never "$dir"'],
  ['xargs', 'xargs -r rm < list'],
  ['find', "find . -printf '%p\\n'"],
  ['head', 'head -n -1 file'],
  ['tac', 'tac file'],
  ['timeout', 'timeout 5 kubectl get pods'],
  ['base64', 'base64 -w0 file'],
  ['gawk-function', 'awk \'{ print gensub(/a/, "b", "g") }\''],
];

describe('a bash-4 construct in a bash 3.2 script is reported, with its line', () => {
  it.each(BASH4)('[%s] %s', (rule, line) => {
    const { file, at } = planted('shell/templates/bash/reader.bash', line);
    const result = lint(['--bash32', file]);
    expect(result.status).toBe(1);
    expect(result.output).toContain(`${file.split('/').pop()}:${at}: [${rule}]`);
  });

  it('but not in the bash hook’s own parts, which need bash 4.4 (GNU forms only there)', () => {
    const { file } = planted('shell/templates/bash/reader.bash', 'mapfile -t lines < "$f"');
    expect(lint(['--portable', file])).toEqual({ status: 0, output: '' });
  });

  it('a line may keep one with a reason: `# compat: …`', () => {
    const { file } = planted('shell/templates/bash/reader.bash', 'compopt -o filenames 2>/dev/null # compat: guarded');
    expect(lint(['--bash32', file])).toEqual({ status: 0, output: '' });
  });

  it('a comment is not code', () => {
    const { file } = planted('shell/templates/bash/reader.bash', '# mapfile would be simpler, ${x^^} too');
    expect(lint(['--bash32', file])).toEqual({ status: 0, output: '' });
  });
});

describe('a GNU-only form in any shipped script is reported, with its line', () => {
  it.each(GNU)('[%s] %s', (rule, line) => {
    for (const template of ['shell/templates/zsh/command.zsh', 'shell/templates/bash/tmux-status.bash']) {
      const { file, at } = planted(template, line);
      const result = lint(['--portable', file]);
      expect(result.status).toBe(1);
      expect(result.output).toContain(`${file.split('/').pop()}:${at}: [${rule}]`);
    }
  });

  it('the portable spellings pass', () => {
    for (const line of [
      "sed -i.bak 's/a/b/' file",
      "sed -E 's/(a)+/b/' file",
      'ls -ldn -- "$dir"',
      'readlink -- "$self"',
      "grep -E '[0-9]+' file",
      'date +%s',
    ]) {
      const { file } = planted('shell/templates/bash/tmux-status.bash', line);
      expect({ line, ...lint(['--portable', file]) }).toEqual({ line, status: 0, output: '' });
    }
  });
});

describe("fish's init check stays parseable by older fish", () => {
  it.each([
    ['fish-and-or', 'test -n x && echo y'],
    ['fish-dollar-paren', 'set -l v $(echo x)'],
    ['fish-string', 'set -l v (string split . $FISH_VERSION)'],
  ])('[%s] %s', (rule, line) => {
    const { file, at } = planted('shell/templates/fish/check.fish', line);
    const result = lint(['--old-fish', file]);
    expect(result.status).toBe(1);
    expect(result.output).toContain(`:${at}: [${rule}]`);
  });
});
