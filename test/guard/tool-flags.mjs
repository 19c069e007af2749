/**
 * Reads the flag tables of the real kubectl and helm from their own help output: every command
 * path, its aliases, and each flag's short letter and arity (boolean, value, or a value that may
 * only be attached with `=`). The guard's table (src/guard/flags.ts) must equal what this prints.
 */
import { execFile } from 'node:child_process';
import { emptyHome } from '../harness/home.mjs';

/** helm reads its config under HOME: one of this process's own (test/harness/home.mjs). */
const HOME = emptyHome();

/**
 * @param {string} tool
 * @param {string[]} args
 * @returns {Promise<{ status: number; out: string }>}
 */
function run(tool, args) {
  return new Promise((done) => {
    execFile(
      tool,
      args,
      { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME } },
      (error, stdout, stderr) => done({ status: error ? Number(error.code ?? 1) || 1 : 0, out: `${stdout}${stderr}` }),
    );
  });
}

/**
 * Runs `jobs` two at a time (the test machines have two cores).
 * @template T
 * @param {(() => Promise<T>)[]} jobs
 * @returns {Promise<T[]>}
 */
async function twoAtATime(jobs) {
  /** @type {T[]} */
  const results = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await /** @type {() => Promise<T>} */ (jobs[index])();
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

/**
 * @typedef {object} FlagRow
 * @property {string} name long name without dashes
 * @property {string | undefined} short
 * @property {'bool' | 'value' | 'optional'} arity optional: the value must be attached with `=`
 */

/**
 * One flag table as the guard writes it: `-n,--namespace=` (value), `--dry-run?` (optional value),
 * `--all` (boolean), sorted by long name.
 * @param {FlagRow[]} rows
 */
export function flagSpec(rows) {
  return [...rows]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(
      (row) =>
        `${row.short ? `-${row.short},` : ''}--${row.name}${row.arity === 'value' ? '=' : row.arity === 'optional' ? '?' : ''}`,
    )
    .join(' ');
}

/** Command names listed in a help text (kubectl's grouped root list, or `Available Commands:`). */
function subcommands(help, root) {
  const lines = help.split('\n');
  const start = root
    ? lines.findIndex((line) => /^\S.*:$/.test(line) && !line.startsWith(' '))
    : lines.indexOf('Available Commands:');
  if (start === -1) return [];
  const names = [];
  for (const line of lines.slice(start)) {
    if (/^(Usage|Flags|Options|Global Flags):?/.test(line)) break;
    const match = /^ {2}([a-z][a-z0-9-]*)\s{2,}\S/.exec(line);
    if (match) names.push(/** @type {string} */ (match[1]));
  }
  return names.filter((name) => name !== 'help');
}

/** @param {string} help */
function aliases(help) {
  const match = /^Aliases:\n\s+(.+)$/m.exec(help);
  return match
    ? /** @type {string} */ (match[1])
        .split(',')
        .map((word) => word.trim())
        .slice(1)
    : [];
}

/**
 * kubectl prints `    -n, --namespace='':`; booleans show a bare true/false default.
 * @param {string} text
 * @returns {{ name: string; short: string | undefined; bool: boolean }[]}
 */
function kubectlOptions(text) {
  const rows = [];
  for (const match of text.matchAll(/^ {4}(?:-(\w), )?--([\w-]+)=(.*):$/gm))
    rows.push({
      name: /** @type {string} */ (match[2]),
      short: match[1],
      bool: match[3] === 'false' || match[3] === 'true',
    });
  return rows;
}

/**
 * Every kubectl command path (`''` for the global flags) → its aliases and flag spec.
 * @param {string} kubectl
 * @returns {Promise<Record<string, { aliases: string[]; flags: string }>>}
 */
export async function kubectlTable(kubectl) {
  /** @type {{ path: string[]; aliases: string[]; options: ReturnType<typeof kubectlOptions> }[]} */
  const commands = [];
  /** @param {string[][]} paths */
  const visit = async (paths) => {
    const helps = await twoAtATime(paths.map((path) => async () => (await run(kubectl, [...path, '--help'])).out));
    const children = [];
    for (const [index, path] of paths.entries()) {
      const help = /** @type {string} */ (helps[index]);
      const options = kubectlOptions(help.split(/^Options:$/m)[1]?.split(/^Usage:$/m)[0] ?? '');
      commands.push({ path, aliases: aliases(help), options });
      children.push(...subcommands(help, path.length === 0).map((name) => [...path, name]));
    }
    if (children.length > 0) await visit(children);
  };
  await visit([[]]);
  /** @type {(typeof commands)[number]} */ (commands[0]).options = kubectlOptions(
    (await run(kubectl, ['options'])).out,
  );
  // pflag takes the next word as the value unless the flag has a default for a bare `--flag`; the
  // help text does not say which, but `<command> --help --flag` fails only when the value is
  // missing. kubectl sets such defaults in shared helpers (--dry-run, --validate, --cascade), so
  // one command per flag name is asked, then every command whose flag of that name was optional.
  /** @param {(c: (typeof commands)[number], o: ReturnType<typeof kubectlOptions>[number]) => boolean} pick */
  const probe = async (pick) => {
    const checks = commands.flatMap((command) =>
      command.options.filter((option) => !option.bool && pick(command, option)).map((option) => ({ command, option })),
    );
    const answers = await twoAtATime(
      checks.map(
        ({ command, option }) =>
          async () =>
            (await run(kubectl, [...command.path, '--help', `--${option.name}`])).status === 0,
      ),
    );
    return new Map(
      checks.map((check, index) => [`${check.command.path.join(' ')}\0${check.option.name}`, answers[index]]),
    );
  };
  const sampled = new Set();
  const first = await probe((_command, option) => {
    if (sampled.has(option.name)) return false;
    sampled.add(option.name);
    return true;
  });
  const optionalNames = new Set([...first].filter(([, optional]) => optional).map(([key]) => key.split('\0')[1]));
  const second = await probe((_, option) => optionalNames.has(option.name));
  const optional = new Map([...first, ...second]);
  /** @type {Record<string, { aliases: string[]; flags: string }>} */
  const table = {};
  for (const command of commands) {
    const rows = command.options.map((option) => {
      /** @type {FlagRow['arity']} */
      const arity = option.bool
        ? 'bool'
        : optional.get(`${command.path.join(' ')}\0${option.name}`)
          ? 'optional'
          : 'value';
      return { name: option.name, short: option.short, arity };
    });
    table[command.path.join(' ')] = { aliases: command.aliases, flags: flagSpec(rows) };
  }
  return table;
}

/**
 * helm prints `  -n, --namespace string   …`, `      --dry-run string[="client"]   …`, or no type
 * for a boolean.
 * @param {string} text
 * @returns {FlagRow[]}
 */
function helmFlags(text) {
  const rows = [];
  for (const match of text.matchAll(/^ {2}(?:-(\w), | {4})--([\w-]+)(?: (\S+))?(?: {2,}|$)/gm)) {
    const type = match[3];
    /** @type {FlagRow['arity']} */
    const arity = type === undefined ? 'bool' : type.includes('[=') ? 'optional' : 'value';
    rows.push({ name: /** @type {string} */ (match[2]), short: match[1], arity });
  }
  return rows;
}

/**
 * Every helm command path (`''` for the global flags) → its aliases and local flag spec.
 * @param {string} helm
 * @returns {Promise<Record<string, { aliases: string[]; flags: string }>>}
 */
export async function helmTable(helm) {
  /** @type {Record<string, { aliases: string[]; flags: string }>} */
  const table = {};
  const visit = async (path) => {
    const help = (await run(helm, [...path, '--help'])).out;
    const local = help.split(/^Flags:$/m)[1]?.split(/^(Global Flags:|Use ")/m)[0] ?? '';
    const rows = helmFlags(local).filter((row) => row.name !== 'help');
    table[path.join(' ')] = {
      aliases: aliases(help),
      flags: flagSpec(path.length === 0 ? [...rows, { name: 'help', short: 'h', arity: 'bool' }] : rows),
    };
    for (const name of subcommands(help, false)) await visit([...path, name]);
  };
  await visit([]);
  return table;
}
