/**
 * shell/starship.toml's level modules are rendered from the level table (src/shell-tables), so the
 * file in the repository (what `init starship` prints and the README links to) names every level
 * variable the hooks export, in its level's colour; a level added to the table shows up in it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEVEL_SGR } from '../../src/render/index.js';
import { LEVELS } from '../../src/rules/index.js';
import {
  levelVariables,
  renderStarship,
  shellTables,
  STARSHIP_BEGIN,
  STARSHIP_END,
  starshipStyle,
} from '../../src/shell-tables/index.js';
import { REPO } from '../helpers/daemon.js';

const FILE = join(REPO, 'shell', 'starship.toml');

describe('shell/starship.toml', () => {
  it('holds the level modules the table renders (run `npm run build` after changing a level)', () => {
    const text = readFileSync(FILE, 'utf8');
    expect(text).toContain(STARSHIP_BEGIN);
    expect(text).toContain(STARSHIP_END);
    expect(renderStarship(text)).toBe(text);
  });

  it('has a module for every variable the hooks unset and set, and only those', () => {
    const text = readFileSync(FILE, 'utf8');
    const modules = [...text.matchAll(/^\[env_var\.([A-Z_]+)\]$/gm)].map((match) => match[1]);
    expect(modules).toEqual(shellTables('bash')['LEVEL_VARS']);
    expect(modules).toEqual([...LEVELS, 'error', 'unknown'].map((level) => `KCTX_GUARD_${level.toUpperCase()}`));
  });

  it('colours each module as the prompt colours its level; unknown as loud as danger', () => {
    const text = readFileSync(FILE, 'utf8');
    const styleOf = (variable: string): string | undefined =>
      new RegExp(`^\\[env_var\\.${variable}\\]\\n(?:.*\\n)*?style = "([^"]*)"`, 'm').exec(text)?.[1];
    for (const level of [...LEVELS, 'error'] as const)
      expect(styleOf(`KCTX_GUARD_${level.toUpperCase()}`), level).toBe(starshipStyle(LEVEL_SGR[level]));
    expect(styleOf('KCTX_GUARD_UNKNOWN')).toBe(starshipStyle(LEVEL_SGR.danger));
    expect(styleOf('KCTX_GUARD_DANGER')).toBe('bold red');
  });

  it('names SGR colours as starship does, and refuses what it cannot name', () => {
    expect(starshipStyle('1;31')).toBe('bold red');
    expect(starshipStyle('33')).toBe('yellow');
    expect(starshipStyle('35')).toBe('purple');
    expect(starshipStyle(undefined)).toBe('');
    expect(starshipStyle('')).toBe('');
    expect(() => starshipStyle('38;5;208')).toThrow('no starship style');
  });

  it('gains a module, in the format too, when the table gains a level', () => {
    const text = readFileSync(FILE, 'utf8');
    const more = [...levelVariables(), { level: 'critical', variable: 'KCTX_GUARD_CRITICAL', sgr: '1;35' }];
    const rendered = renderStarship(text, more);
    expect(rendered).not.toBe(text);
    expect(rendered).toContain('[env_var.KCTX_GUARD_CRITICAL]\nvariable = "KCTX_GUARD_CRITICAL"');
    expect(rendered).toContain('style = "bold purple"');
    expect(rendered).toMatch(/format = """[\s\S]*\$\{env_var\.KCTX_GUARD_CRITICAL\}[\s\S]*\$all"""/);
    // Everything outside the marked part is kept as written.
    const outside = (toml: string): string =>
      toml.slice(0, toml.indexOf(STARSHIP_BEGIN)) + toml.slice(toml.indexOf(STARSHIP_END));
    expect(outside(rendered)).toBe(outside(text));
  });
});
