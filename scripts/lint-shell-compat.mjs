// Lint for the shell code we ship (part of `npm run lint`): the scripts meant to run in macOS's
// bash 3.2 (the standalone starship and tmux scripts, their entry reader, the init check, the bash
// completion, the PATH shim) use nothing newer, and no shipped script relies on a GNU-only tool or option (macOS
// has BSD tools). Silent when clean; otherwise one line per finding, `file:line: [rule] why`, and
// exit 1. A line may keep a flagged construct with a trailing `# compat: <why it is safe>`.
//
// Usage: node scripts/lint-shell-compat.mjs                      the shipped set (reads the list of
//                                                                 standalone scripts from dist/, so build first)
//        node scripts/lint-shell-compat.mjs [--bash32 F]… [--portable F]… [--old-fish F]…
//   --bash32 F: bash-4-only constructs and GNU-only forms; --portable F: GNU-only forms;
//   --old-fish F: syntax older fish cannot parse, and GNU-only forms.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TEMPLATES = join(ROOT, 'shell', 'templates');

/** Where a command starts: line start, after a separator or keyword, or after builtin/command/exec. */
const AT_COMMAND = String.raw`(?:^|[;&|({\x60!]|\$\(|\b(?:then|do|else|elif|if|while|until|builtin|command|exec|time)\s)\s*\\?`;

/** Each use of `name` as a command on `code`: its words up to the end of that command. */
function uses(code, name) {
  const found = [];
  const re = new RegExp(`${AT_COMMAND}${name}(?=\\s|$)([^;&|)\\x60]*)`, 'g');
  for (const match of code.matchAll(re)) found.push(match[1].trim().split(/\s+/).filter(Boolean));
  return found;
}

/** The options among `words` (up to `--` or the first operand; a value after an option is skipped only for known value-taking ones). */
const options = (words) => {
  const out = [];
  for (const word of words) {
    if (word === '--') break;
    if (/^-/.test(word)) out.push(word);
  }
  return out;
};
const hasShort = (words, letters) =>
  options(words).some((word) => /^-[A-Za-z]/.test(word) && [...word.slice(1)].some((c) => letters.includes(c)));
const hasLong = (words, names) => options(words).some((word) => names.some((name) => word.split('=')[0] === name));
const anyLong = (words) => options(words).some((word) => word.startsWith('--') && word !== '--');

/** A rule: which command or pattern, and why it breaks. `test(code)` is true when the code line breaks it. */
const command = (name, test, why) => ({ id: name, test: (code) => uses(code, name).some(test), why });
const pattern = (id, re, why) => ({ id, test: (code) => re.test(code), why });

const BASH4 = [
  pattern(
    'mapfile',
    /(?:^|[\s;&|({\\])(?:mapfile|readarray)\b/,
    'mapfile/readarray are bash 4.0+: read lines in a `while read` loop',
  ),
  pattern('coproc', /(?:^|[\s;&|({])coproc\b/, 'coproc is bash 4.0+'),
  pattern(
    'declare-attr',
    /\b(?:declare|local|typeset|readonly)\s+(?:-[a-zA-Z]+\s+)*-[a-zA-Z]*[AnluLcg]/,
    'declare/local -A (associative), -n (nameref), -l/-u (case), -g (global) are bash 4.0+',
  ),
  pattern('local-dash', /\blocal\s+-(?:\s|;|$)/, '`local -` is bash 4.4+'),
  pattern(
    'case-modification',
    /\$\{[#!]?[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?(?:\^|,|~)/,
    '${x^^} ${x,,} ${x~} are bash 4.0+',
  ),
  pattern(
    'transformation',
    /\$\{[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?@[QEPAaKkUuL]\}/,
    '${x@Q} and other @ transformations are bash 4.4+',
  ),
  pattern(
    'fd-variable',
    /(?<!\$)\{[A-Za-z_][A-Za-z0-9_]*\}\s*(?:[<>]|&>)/,
    '{fd}< / {fd}> (allocated file descriptors) are bash 4.1+',
  ),
  pattern('case-fallthrough', /;;&|(?:^|[^;&]);&(?:\s|$)/, 'case terminators ;& and ;;& are bash 4.0+'),
  pattern('pipe-stderr', /\|&/, '|& is bash 4.0+: write 2>&1 |'),
  pattern('append-both', /&>>/, '&>> is bash 4.0+: write >>file 2>&1'),
  pattern('printf-time', /%\([^)]*\)T/, "printf '%(…)T' is bash 4.2+"),
  pattern(
    'new-variable',
    /\$\{?(?:EPOCHSECONDS|EPOCHREALTIME|BASHPID|SRANDOM|BASH_ARGV0|BASH_XTRACEFD)\b/,
    '$EPOCHSECONDS, $EPOCHREALTIME, $SRANDOM, $BASH_ARGV0 (5.x), $BASHPID (4.0), $BASH_XTRACEFD (4.1) do not exist in 3.2',
  ),
  command(
    'read',
    (words) =>
      hasShort(words, 'iNE') ||
      words.some(
        (word, i) => (word === '-t' && /\./.test(words[i + 1] ?? '')) || /^-[A-Za-z]*t[0-9]*\.[0-9]/.test(word),
      ),
    'read -i, -N, -E and a fractional -t timeout are bash 4.0+',
  ),
  command('wait', (words) => hasShort(words, 'nfp'), 'wait -n/-f/-p are bash 4.3+'),
  command(
    'complete',
    (words) => hasShort(words, 'DEI'),
    'complete -D/-E/-I (default, empty, initial word) are bash 4.0+',
  ),
  pattern('compopt', /(?:^|[\s;&|({\\])compopt\b/, 'compopt is bash 4.0+'),
  pattern('negative-subscript', /\$\{[A-Za-z_][A-Za-z0-9_]*\[\s*-[0-9]/, '${a[-1]} (negative subscripts) is bash 4.3+'),
  pattern('negative-length', /\$\{[A-Za-z_][A-Za-z0-9_]*:[^}:]*:\s*-[0-9]/, '${x:0:-1} (negative length) is bash 4.2+'),
  pattern('test-v', /(?:\[\[|\btest|\[)\s+(?:!\s+)?-v\s/, '[[ -v name ]] is bash 4.2+: use ${name+set}'),
  pattern(
    'shopt',
    /\bshopt\s+-[su]\s+.*\b(?:globstar|autocd|lastpipe|direxpand|dirspell|checkjobs|globasciiranges|inherit_errexit|localvar_inherit|localvar_unset|assoc_expand_once|progcomp_alias|complete_fullquote|compat3[12]|compat4[0-4]|patsub_replacement|noexpand_translation|varredir_close|globskipdots)\b/,
    'this shopt option does not exist in bash 3.2',
  ),
  pattern('unicode-escape', /\$'[^']*\\[uU][0-9a-fA-F]/, "$'\\u…' (Unicode escapes) is bash 4.2+"),
  pattern(
    'nounset',
    /\bset\s+(?:-[a-zA-Z]*u|-o\s+nounset)/,
    'with set -u, bash before 4.4 calls "${a[@]}" of an empty array unbound',
  ),
  command(
    'printf',
    (words) => words.some((word, i) => word === '-v' && /\[/.test(words[i + 1] ?? '')),
    'printf -v into an array element is bash 4.1+: read into it, or assign',
  ),
];

/** Option lists coreutils/findutils share: long options are GNU's; BSD tools have (almost) none. */
const NO_LONG_OPTIONS = [
  'ls',
  'cp',
  'mv',
  'rm',
  'ln',
  'mkdir',
  'chmod',
  'chown',
  'stat',
  'date',
  'readlink',
  'sort',
  'uniq',
  'cut',
  'head',
  'tail',
  'wc',
  'tr',
  'touch',
  'du',
  'df',
  'ps',
  'xargs',
  'sed',
  'mktemp',
  'base64',
  'install',
  'tee',
  'cat',
  'env',
  'id',
  'basename',
  'dirname',
  'find',
  'kill',
];

const GNU = [
  command(
    'sed',
    (words) =>
      // -i with no suffix attached (BSD would take the next word as the suffix), or -r / -z in any cluster before it.
      options(words).some((word) => /^-[a-hj-zA-Z]*i$/.test(word) || /^-[a-hj-zA-Z]*[rz]/.test(word)) ||
      hasLong(words, ['--in-place', '--regexp-extended', '--null-data']),
    'sed -i without a suffix, -r and -z are GNU: BSD sed -i takes a suffix (write to a temp file and mv), use -E',
  ),
  command(
    'stat',
    (words) => hasShort(words, 'c') || hasLong(words, ['--format', '--printf']),
    'stat -c/--format is GNU: BSD stat uses -f (or avoid stat: test -O, -nt, ls -ldn)',
  ),
  command(
    'date',
    (words) =>
      hasShort(words, 'd') ||
      hasLong(words, ['--date', '--iso-8601', '--rfc-3339']) ||
      words.some((word) => /%N/.test(word)),
    'date -d/--date and %N are GNU: BSD date uses -j -f / -r and has no nanoseconds',
  ),
  command(
    'readlink',
    (words) => hasShort(words, 'fem'),
    'readlink -f/-e/-m are GNU (macOS before 12.3 lacks -f): follow links one at a time',
  ),
  command('realpath', () => true, 'realpath is missing on macOS before 13'),
  command('grep', (words) => hasShort(words, 'P') || hasLong(words, ['--perl-regexp']), 'grep -P is GNU: use -E'),
  command(
    'xargs',
    (words) => hasShort(words, 'rda') || hasLong(words, ['--no-run-if-empty', '--delimiter', '--arg-file']),
    'xargs -r/-d/-a are GNU',
  ),
  command(
    'find',
    (words) =>
      words.some((word) =>
        ['-printf', '-fprintf', '-regextype', '-readable', '-writable', '-executable'].includes(word),
      ),
    'find -printf/-regextype/-readable/-writable/-executable are GNU',
  ),
  command(
    'head',
    (words) =>
      words.some((word, i) => /^-[nc]$/.test(word) && /^-[0-9]/.test(words[i + 1] ?? '')) ||
      words.some((word) => /^-[nc]-[0-9]/.test(word)),
    'head with a negative count is GNU',
  ),
  command('base64', (words) => hasShort(words, 'w') || hasLong(words, ['--wrap']), 'base64 -w is GNU'),
  command('du', (words) => hasShort(words, 'b'), 'du -b is GNU'),
  command('cp', (words) => hasShort(words, 'Tdt'), 'cp -T/-d/-t are GNU'),
  command('mv', (words) => hasShort(words, 'Tt'), 'mv -T/-t are GNU'),
  command('ln', (words) => hasShort(words, 'Trt'), 'ln -T/-r/-t are GNU'),
  command('install', (words) => hasShort(words, 'D'), 'install -D is GNU'),
  command('getopt', () => true, 'getopt with long options is GNU (util-linux): use getopts'),
  ...['tac', 'nproc', 'timeout', 'sha256sum', 'sha1sum', 'md5sum', 'gawk', 'gsed', 'numfmt', 'shuf'].map((name) =>
    command(name, () => true, `${name} is not on macOS (GNU coreutils/gawk only)`),
  ),
  pattern(
    'gawk-function',
    /\b(?:gensub|asorti?|strftime|systime|PROCINFO)\b/,
    'gensub/asort/strftime/systime/PROCINFO are gawk-only',
  ),
  ...NO_LONG_OPTIONS.map((name) =>
    command(
      name,
      (words) => anyLong(words),
      `${name} with a --long option is GNU: BSD ${name} takes short options only`,
    ),
  ),
];

/** fish before 3.0 (and the `string` builtin before 2.3) cannot parse or run these: the init check must. */
const OLD_FISH = [
  pattern('fish-and-or', /&&|\|\|/, '&& and || are fish 3.0+: use `; and` / `; or`'),
  pattern('fish-dollar-paren', /\$\(/, '$(…) is fish 3.4+: use (…)'),
  pattern('fish-string', /(?:^|[\s;(])string\s/, 'string is fish 2.3+'),
];

/** The code on a line: comments dropped (a `#` at the start of a word). Returns undefined for a comment line. */
function codeOf(line) {
  if (/^\s*#/.test(line)) return undefined;
  const hash = line.search(/\s#(?!\{)/);
  return hash === -1 ? line : line.slice(0, hash);
}

/** Lints one file with `rules`; returns its findings. */
function lintFile(file, rules) {
  const findings = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, index) => {
    if (/\s#\s*compat:\s*\S/.test(line)) return;
    const code = codeOf(line);
    if (code === undefined) return;
    for (const rule of rules) {
      if (rule.test(code))
        findings.push(
          `${relative(process.cwd(), file) || file}:${index + 1}: [${rule.id}] ${rule.why}\n    ${line.trim()}`,
        );
    }
  });
  return findings;
}

/** The shipped set: which files get which rules. */
async function shippedSet() {
  const tables = join(ROOT, 'dist', 'shell-tables', 'index.js');
  if (!existsSync(tables)) {
    console.error(
      'lint-shell-compat: dist/shell-tables is missing; run `npm run build` first (it lists the standalone scripts)',
    );
    process.exit(2);
  }
  const { SCRIPTS } = await import(tables);
  const bash32 = new Set([
    ...Object.values(SCRIPTS)
      .flat()
      .map((part) => join(TEMPLATES, 'bash', `${part}.bash`)),
    join(TEMPLATES, 'bash', 'check.bash'),
    join(ROOT, 'shell', 'completion.bash'),
    // The PATH shim runs in /bin/sh: dash on Debian, bash 3.2 on macOS.
    join(TEMPLATES, 'sh', 'shim.sh'),
  ]);
  const oldFish = new Set([join(TEMPLATES, 'fish', 'check.fish')]);
  const portable = new Set([
    join(ROOT, 'bin', 'kctx-guard'),
    join(ROOT, 'shell', 'completion.zsh'),
    join(ROOT, 'shell', 'completion.fish'),
  ]);
  for (const shell of readdirSync(TEMPLATES, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    for (const file of readdirSync(join(TEMPLATES, shell.name))) {
      const path = join(TEMPLATES, shell.name, file);
      if (!bash32.has(path) && !oldFish.has(path)) portable.add(path);
    }
  }
  return { bash32: [...bash32], portable: [...portable], oldFish: [...oldFish] };
}

function parseArgs(argv) {
  const set = { bash32: [], portable: [], oldFish: [] };
  const flags = { '--bash32': 'bash32', '--portable': 'portable', '--old-fish': 'oldFish' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = flags[argv[i]];
    if (key === undefined || argv[i + 1] === undefined) {
      console.error(
        `lint-shell-compat: usage: [--bash32 FILE]… [--portable FILE]… [--old-fish FILE]… (got ${argv[i]})`,
      );
      process.exit(2);
    }
    set[key].push(argv[i + 1]);
  }
  return set;
}

const set = process.argv.length > 2 ? parseArgs(process.argv.slice(2)) : await shippedSet();
const findings = [
  ...set.bash32.flatMap((file) => lintFile(file, [...BASH4, ...GNU])),
  ...set.portable.flatMap((file) => lintFile(file, GNU)),
  ...set.oldFish.flatMap((file) => lintFile(file, [...OLD_FISH, ...GNU])),
];
if (findings.length > 0) {
  console.error(findings.join('\n'));
  console.error(
    `lint-shell-compat: ${findings.length} finding(s): these scripts must run on macOS (bash 3.2, BSD tools); see docs/recipes.md`,
  );
  process.exit(1);
}
