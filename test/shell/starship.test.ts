/**
 * Starship integration, both ways shell/starship.toml offers, invoked exactly as starship
 * documents (starship itself is not installed here):
 * (a) env_var modules read the one KCTX_GUARD_<LEVEL> variable the hook exports before each
 *     prompt, coloured per level;
 * (b) the custom module (`init starship --custom`) runs its `command` on stdin of its configured
 *     `shell` and prints "[level] segment" in the level's colour, or "⎈ ? unknown" in the danger
 *     colour (registering the KUBECONFIG), without starting node.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REGISTER_MAGIC } from '../../src/cache/index.js';
import { LEVEL_SGR, plainSegment } from '../../src/render/index.js';
import { levelVariables } from '../../src/shell-tables/index.js';
import {
  BIN,
  cleanup,
  cli,
  daemonPids,
  ensureBuilt,
  entryRef,
  kubeconfigText,
  makeEnv,
  spawnDaemon,
  waitForEntry,
  waitUntil,
  type FreshEntry,
  type TestEnv,
} from '../helpers/daemon.js';
import { closeAllShells, q, SHELL_KINDS, startShell, writeInit, type ShellKind } from '../helpers/pty-shell.js';

const LEVEL_VARS = levelVariables().map(({ variable }) => variable);
const MARK = '@P@';

interface StarshipToml {
  format: string;
  env_var: Record<string, { variable: string; format: string; style: string }>;
  custom: { kctx_guard: { command: string; shell: string[]; use_stdin: boolean; when: unknown; format: string } };
}

let toml: StarshipToml;
let scratch = '';
let traces = 0;

beforeAll(() => {
  ensureBuilt();
  scratch = mkdtempSync(join(tmpdir(), 'kctx-starship-'));
  const parse = (flags: string[]): { text: string; toml: Partial<StarshipToml> } => {
    const printed = spawnSync(process.execPath, [BIN, 'init', 'starship', ...flags], { encoding: 'utf8' });
    expect(printed.status).toBe(0);
    const parsed = spawnSync(
      'python3',
      ['-c', 'import sys, json, tomllib; print(json.dumps(tomllib.loads(sys.stdin.read())))'],
      { input: printed.stdout, encoding: 'utf8' },
    );
    expect(parsed.stderr).toBe('');
    return { text: printed.stdout, toml: JSON.parse(parsed.stdout) as Partial<StarshipToml> };
  };
  const levels = parse([]);
  // The format line to merge is a comment in the snippet (a top-level key appended after a table would land in it).
  const format = /^#\s+format = """(.*)"""$/m.exec(levels.text)?.[1] ?? '';
  toml = { ...levels.toml, ...parse(['--custom']).toml, format } as StarshipToml;
});
afterEach(async () => {
  await closeAllShells();
  await cleanup();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Starship style for an SGR code the renderer uses, so the env_var colours match the shell segments. */
const STYLE_OF_SGR: Record<string, string> = { '1;31': 'bold red', '33': 'yellow', '32': 'green' };

describe('starship.toml', () => {
  it('has one env_var module per level, reading its own variable, in the level’s colour, all in the format', () => {
    expect(Object.keys(toml.env_var).sort()).toEqual([...LEVEL_VARS].sort());
    const levelOf = (variable: string): string => variable.slice('KCTX_GUARD_'.length).toLowerCase();
    for (const [name, module] of Object.entries(toml.env_var)) {
      expect(module.variable).toBe(name);
      const level = levelOf(name);
      // "unknown" is drawn like an error: loud.
      const sgr = LEVEL_SGR[(level === 'unknown' ? 'error' : level) as keyof typeof LEVEL_SGR];
      expect(module.style, name).toBe(sgr === undefined ? '' : STYLE_OF_SGR[sgr]);
      expect(module.format).toContain('$env_value');
      expect(toml.format).toContain(`\${env_var.${name}}`);
    }
  });

  it('the custom module runs bash without rc files and the command on stdin', () => {
    expect(toml.custom.kctx_guard.shell).toEqual(['bash', '--noprofile', '--norc']);
    expect(toml.custom.kctx_guard.use_stdin).toBe(true);
    expect(toml.custom.kctx_guard.format).toContain('$output');
  });
});

async function envAfterPrompt(session: {
  line(text: string): void;
  output(): string;
  waitFor: (test: (since: string) => boolean, what: string, from?: number) => Promise<void>;
}): Promise<Map<string, string>> {
  const from = session.output().length;
  // `env` is a child process: it sees exactly what the shell exports (what starship would see).
  session.line('env; echo "END""OF""ENV"');
  await session.waitFor(
    (out) => out.includes('ENDOFENV') && out.lastIndexOf(MARK) > out.indexOf('ENDOFENV'),
    'env output and the next prompt',
    from,
  );
  // eslint-disable-next-line no-control-regex
  const text = session
    .output()
    .slice(from)
    .replace(/\u001b\][^\u0007]*\u0007|\u001b\[[0-9;?]*[A-Za-z]|\u001b\(B/g, '');
  const vars = new Map<string, string>();
  for (const line of text.slice(0, text.indexOf('ENDOFENV')).split(/\r?\n/)) {
    const match = /^(KCTX_GUARD_[A-Z_]+)=(.*)$/.exec(line.replace(/\r/g, ''));
    if (match) vars.set(match[1]!, match[2]!);
  }
  return vars;
}

function userPrompt(kind: ShellKind): string {
  if (kind === 'fish')
    return `function fish_prompt; echo -n '${MARK} '; end; function fish_title; end; set -g fish_greeting`;
  return kind === 'bash' ? `PS1='${MARK} '` : `PROMPT='${MARK} '`;
}

describe.each(SHELL_KINDS)('(a) env_var modules after a real %s prompt', (kind) => {
  it('exactly one level variable is exported, holding the plain segment, and it follows the level', async () => {
    const t = makeEnv();
    await spawnDaemon(t);
    const kc = join(t.root, 'levels.yaml');
    const ref = entryRef(t, kc);
    const contexts = [
      { context: 'dev-box', level: 'unclassified' },
      { context: 'prod-eu', level: 'danger' },
      { context: 'staging-eu', level: 'warn' },
      { context: 'kind-local', level: 'safe' },
      { context: 'no-such-context', level: 'error' },
    ];
    const write = (current: string): void =>
      writeFileSync(
        kc,
        kubeconfigText(
          current,
          contexts.filter((c) => c.level !== 'error').map((c) => ({ name: c.context })),
        ),
      );
    write('dev-box');
    const shell = await startShell(kind, { ...t.env, KUBECONFIG: kc, KCTX_GUARD_PROMPT: 'manual' }, t.home);
    shell.line(`${userPrompt(kind)}; source ${q(writeInit(t.root, kind, t.env))}`);
    await shell.waitFor((out) => out.includes(MARK), 'the first prompt');
    for (const { context, level } of contexts) {
      write(context);
      const entry: FreshEntry = await waitForEntry(t, (read) => read.entry.level === level, { ref });
      // A prompt drawn after the change: the hook exports before each prompt.
      const before = shell.output().length;
      shell.line('');
      await shell.waitFor((out) => out.includes(MARK), 'a prompt after the change', before);
      const vars = await envAfterPrompt(shell);
      const set = LEVEL_VARS.filter((name) => vars.has(name));
      expect(set, `${context}: ${JSON.stringify([...vars])}`).toEqual([`KCTX_GUARD_${level.toUpperCase()}`]);
      expect(vars.get(set[0]!)).toBe(plainSegment(entry.entry.segment));
      expect(vars.get('KCTX_GUARD_LEVEL')).toBe(level);
      if (level !== 'error') expect(vars.get('KCTX_GUARD_CONTEXT')).toBe(context);
    }
  });
});

describe('(b) the custom module', () => {
  interface ModuleRun {
    output: string;
    status: number | null;
    /** Process-creating syscalls seen under strace -f, other than bash's own start. */
    processCalls: string[];
    execs: string[];
  }

  /** Runs the module as starship does: `shell[0] shell[1..]` with `command` on stdin, under strace -f. */
  function runModule(t: TestEnv, env: Record<string, string>, cwd = t.home): ModuleRun {
    const { shell, command } = toml.custom.kctx_guard;
    // Not in t.root: a new file there changes the folder's mtime, which is a freshness path.
    const traceFile = join(scratch, `module-strace-${++traces}.txt`);
    const result = spawnSync(
      'strace',
      ['-f', '-qq', '-s', '4096', '-e', 'trace=fork,vfork,clone,clone3,execve', '-o', traceFile, ...shell],
      { input: command, env, cwd, encoding: 'utf8' },
    );
    const lines = readFileSync(traceFile, 'utf8').split('\n').filter(Boolean);
    const execs = lines.filter((line) => /^\d+\s+execve\(/.test(line));
    const processCalls = lines.filter(
      (line) => /^\d+\s+(fork|vfork|clone|clone3)\(/.test(line) && !line.includes('CLONE_THREAD'),
    );
    expect(result.stderr).toBe('');
    return { output: result.stdout, status: result.status, processCalls, execs };
  }

  /** The module never starts anything: the one execve is bash itself. */
  function expectOnlyBash(run: ModuleRun): void {
    expect(run.processCalls).toEqual([]);
    expect(run.execs).toHaveLength(1);
    expect(run.execs[0]).toMatch(/execve\("[^"]*\/bash", \["bash", "--noprofile", "--norc"\]/);
  }

  /** The environment of a shell, without any kctx-guard hook. */
  function shellEnv(t: TestEnv, kubeconfig?: string): Record<string, string> {
    const env: Record<string, string> = {
      PATH: t.env['PATH']!,
      HOME: t.home,
      // Part of the key: the shell has the daemon's config.yaml.
      XDG_CONFIG_HOME: t.env['XDG_CONFIG_HOME']!,
      KCTX_GUARD_DIR: t.cacheDir,
      LANG: 'C.UTF-8',
    };
    if (kubeconfig !== undefined) env['KUBECONFIG'] = kubeconfig;
    return env;
  }

  it('prints "[level] segment" in the level’s colour for a fresh entry, KUBECONFIG unset or set', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('prod-main', [{ name: 'prod-main' }]));
    await spawnDaemon(t);
    const fresh = await waitForEntry(t, (read) => read.entry.details.context === 'prod-main');
    const run = runModule(t, shellEnv(t));
    expect(run.status).toBe(0);
    expect(run.output).toBe(`\u001b[1;31m[danger] ${plainSegment(fresh.entry.segment)}\u001b[0m`);
    expect(run.output).toContain('prod-main');
    expectOnlyBash(run);

    const other = join(t.root, 'other.yaml');
    writeFileSync(other, kubeconfigText('kind-dev', [{ name: 'kind-dev' }]));
    // The shell hook (or an earlier module run) registered it; the daemon serves it.
    const ref = entryRef(t, other);
    const first = runModule(t, shellEnv(t, other));
    expect(first.output).toBe('\u001b[1;31m⎈ ? unknown (no cache entry yet)\u001b[0m');
    const served = await waitForEntry(t, (read) => read.entry.details.context === 'kind-dev', { ref });
    const second = runModule(t, shellEnv(t, other));
    expect(second.output).toBe(`\u001b[32m[safe] ${plainSegment(served.entry.segment)}\u001b[0m`);
    expectOnlyBash(second);
  });

  it('prints "⎈ ? unknown" and registers the KUBECONFIG when there is no entry, without starting node', () => {
    const t = makeEnv();
    mkdirSync(join(t.cacheDir, 'reg'), { recursive: true, mode: 0o700 });
    const kc = join(t.root, 'new.yaml');
    writeFileSync(kc, kubeconfigText('fresh-one', [{ name: 'fresh-one' }]));
    const run = runModule(t, shellEnv(t, kc));
    expect(run.output).toMatch(/^\u001b\[1;31m⎈ \? unknown/);
    expectOnlyBash(run);
    const ref = entryRef(t, kc);
    const registration = join(t.cacheDir, 'reg', ref.name);
    expect(existsSync(registration)).toBe(true);
    expect(readFileSync(registration, 'utf8')).toBe(`${REGISTER_MAGIC}\n${ref.key}\n`);
  });

  it('prints "⎈ ? unknown" for a stale entry, never the old data, without starting node', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('old-ctx', [{ name: 'old-ctx' }]));
    await spawnDaemon(t);
    await waitForEntry(t, (read) => read.entry.details.context === 'old-ctx');
    expect((await cli(t, ['daemon', 'stop'])).code).toBe(0);
    await waitUntil(() => daemonPids(t).length === 0, 'the daemon stopped');
    writeFileSync(t.kubeconfig, kubeconfigText('new-ctx', [{ name: 'new-ctx' }]));
    const later = new Date(Date.now() + 2000);
    utimesSync(t.kubeconfig, later, later);
    const run = runModule(t, shellEnv(t));
    expect(run.output).toMatch(/^\u001b\[1;31m⎈ \? unknown/);
    expect(run.output).not.toContain('old-ctx');
    expectOnlyBash(run);
  });
});
