/**
 * `kctx-guard init starship --write` merges into a user's real starship.toml without breaking it:
 * read back with Python's tomllib (a parser independent of the one the program uses), the file is
 * the user's document plus kctx-guard's tables with its modules first in `format`, comments and
 * layout kept byte for byte outside the format value; a file that is not TOML, or already holds the
 * tables, is left untouched. The snippet printed without --write can be appended to any file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { starshipFormatPrefix } from '../../src/shell-tables/index.js';
import { BIN, ensureBuilt } from '../helpers/daemon.js';

ensureBuilt();

function parseToml(text: string): Record<string, unknown> {
  const result = spawnSync(
    'python3',
    ['-c', 'import sys, json, tomllib; print(json.dumps(tomllib.loads(sys.stdin.read())))'],
    {
      input: text,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`not TOML: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

function initStarship(config: string, ...flags: string[]) {
  const home = mkdtempSync(join(tmpdir(), 'kctx-starship-home-'));
  return spawnSync(process.execPath, [BIN, 'init', 'starship', ...flags], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, STARSHIP_CONFIG: config },
  });
}

const USER_FILE = `# my prompt
"$schema" = 'https://starship.rs/config-schema.json'
add_newline = false
format = """
[┌](bold green)$directory\\
$git_branch
$character""" # keep this comment

[kubernetes]
disabled = false
format = 'on [$context]($style) '

[character]
success_symbol = "[➜](bold green)"
`;

const PREFIX = starshipFormatPrefix();

describe('init starship --write', () => {
  const dir = (): string => mkdtempSync(join(tmpdir(), 'kctx-starship-'));

  it('puts the modules first in the format, adds the tables, keeps everything else and a copy', () => {
    const file = join(dir(), 'starship.toml');
    writeFileSync(file, USER_FILE);
    const before = parseToml(USER_FILE);
    const run = initStarship(file, '--write');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`added kctx-guard's level modules to ${file}`);
    const text = readFileSync(file, 'utf8');
    const after = parseToml(text);
    expect(after['format']).toBe(`${PREFIX}${before['format']}`);
    expect(after['kubernetes']).toEqual(before['kubernetes']);
    expect(after['character']).toEqual(before['character']);
    expect(Object.keys(after['env_var'] as object)).toContain('KCTX_GUARD_DANGER');
    // The user's quoting and line layout of the format stay; byte for byte outside the format value.
    expect(text).toContain(`format = """\n${PREFIX}[┌](bold green)$directory\\\n$git_branch\n`);
    expect(text.startsWith('# my prompt\n"$schema"')).toBe(true);
    expect(text).toContain(
      "# keep this comment\n\n[kubernetes]\ndisabled = false\nformat = 'on [$context]($style) '\n",
    );
    expect(readFileSync(`${file}.kctx-guard.bak`, 'utf8')).toBe(USER_FILE);

    // Again: it is there already; nothing changes.
    const again = initStarship(file, '--write');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already has [env_var.KCTX_GUARD_DANGER]');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('creates a missing file with format = "<modules>$all"; --custom adds the custom module', () => {
    const file = join(dir(), 'starship.toml');
    expect(initStarship(file, '--write').status).toBe(0);
    expect(parseToml(readFileSync(file, 'utf8'))['format']).toBe(`${PREFIX}$all`);
    expect(existsSync(`${file}.kctx-guard.bak`)).toBe(false);

    const other = join(dir(), 'starship.toml');
    writeFileSync(other, '[kubernetes]\ndisabled = true\n');
    expect(initStarship(other, '--custom', '--write').status).toBe(0);
    const toml = parseToml(readFileSync(other, 'utf8')) as { format: string; custom: object; kubernetes: object };
    expect(toml.format).toBe('${custom.kctx_guard}$all');
    expect(Object.keys(toml.custom)).toEqual(['kctx_guard']);
    expect(toml.kubernetes).toEqual({ disabled: true });
  });

  it('leaves a file that is not TOML untouched and says where it is broken', () => {
    const file = join(dir(), 'starship.toml');
    const broken = 'format = "$all"\n[kubernetes\n';
    writeFileSync(file, broken);
    const run = initStarship(file, '--write');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/is not valid TOML \(line 2\); nothing was changed/);
    expect(readFileSync(file, 'utf8')).toBe(broken);
    expect(existsSync(`${file}.kctx-guard.bak`)).toBe(false);
  });
});

describe('init starship, appended by hand', () => {
  it('stays valid after a user’s last table and leaves that table alone (once, appending made it [kubernetes].format)', () => {
    const printed = initStarship('/nonexistent/starship.toml');
    expect(printed.status).toBe(0);
    const toml = parseToml(USER_FILE + printed.stdout);
    expect(toml['character']).toEqual(parseToml(USER_FILE)['character']);
    expect(toml['format']).toBe(parseToml(USER_FILE)['format']);
  });
});
