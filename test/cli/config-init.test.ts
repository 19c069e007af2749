/** `kctx-guard config init` as a user runs it: the starter file is valid, lands where the daemon reads it, and is never clobbered by accident. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseGuardConfig } from '../../src/guard/config.js';
import { defaultRules, parseRuleConfig } from '../../src/rules/index.js';
import { makeSandbox, runCli } from '../helpers/cli.js';
import { ensureBuilt } from '../helpers/daemon.js';

beforeAll(ensureBuilt);

/** Removes the `#` in front of the example rules and of the guard section, as the file's comments tell a user to. */
function uncommentExamples(text: string): string {
  let section: 'rules' | 'guard' | undefined;
  return text
    .split('\n')
    .map((line) => {
      if (line === 'rules:') section = 'rules';
      else if (line === '# guard:') section = 'guard';
      else if (line === '') section = undefined;
      if (section === 'rules' && line.startsWith('#')) return line.slice(1);
      if (section === 'guard') return line.slice(2);
      return line;
    })
    .join('\n');
}

describe('kctx-guard config init', () => {
  it('writes a commented starter file to $XDG_CONFIG_HOME/kctx-guard/config.yaml that parses cleanly and changes nothing', () => {
    const box = makeSandbox();
    const result = runCli(['config', 'init'], box.env);
    const file = join(box.env['XDG_CONFIG_HOME']!, 'kctx-guard', 'config.yaml');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`wrote ${file}`);
    const text = readFileSync(file, 'utf8');
    const rules = parseRuleConfig(text, file);
    expect(rules.problems).toEqual([]);
    expect(rules.rules.map((rule) => rule.origin)).toEqual(defaultRules().map((rule) => rule.origin));
    expect(parseGuardConfig(text, file).problems).toEqual([]);
    expect(text).toMatch(/^# guard:/m);
    expect(text).toMatch(/^# {2}- cluster: /m);
  });

  it('holds examples that are valid once uncommented: four rules and the full guard section', () => {
    const box = makeSandbox();
    expect(runCli(['config', 'init'], box.env).status).toBe(0);
    const file = join(box.env['XDG_CONFIG_HOME']!, 'kctx-guard', 'config.yaml');
    const text = uncommentExamples(readFileSync(file, 'utf8'));
    const rules = parseRuleConfig(text, file);
    expect(rules.problems).toEqual([]);
    expect(rules.rules.length).toBe(4 + defaultRules().length);
    expect(rules.rules[1]!.match.server!.test('https://api.prod.acme.internal:6443')).toBe(true);
    const guard = parseGuardConfig(text, file);
    expect(guard.problems).toEqual([]);
    expect(guard.destructive.length).toBe(11);
  });

  it('defaults to ~/.config/kctx-guard/config.yaml when XDG_CONFIG_HOME is unset', () => {
    const box = makeSandbox();
    const env = { ...box.env };
    delete env['XDG_CONFIG_HOME'];
    const result = runCli(['config', 'init'], env);
    expect(result.status).toBe(0);
    expect(existsSync(join(box.home, '.config', 'kctx-guard', 'config.yaml'))).toBe(true);
  });

  it('refuses to overwrite an existing file, naming it and --force; --force replaces it', () => {
    const box = makeSandbox();
    const file = box.write('config/kctx-guard/config.yaml', 'rules: []\n# mine\n');
    const refused = runCli(['config', 'init'], box.env);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(file);
    expect(refused.stderr).toContain('already exists');
    expect(refused.stderr).toContain('kctx-guard config init --force');
    expect(readFileSync(file, 'utf8')).toBe('rules: []\n# mine\n');
    const forced = runCli(['config', 'init', '--force'], box.env);
    expect(forced.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('Rules are tried in order');
  });

  it('names the file and the fix when the folder cannot be created', () => {
    const box = makeSandbox();
    const blocker = box.write('not-a-dir', 'a file where a folder should be\n');
    const result = runCli(['config', 'init'], { ...box.env, XDG_CONFIG_HOME: blocker });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(join(blocker, 'kctx-guard', 'config.yaml'));
    expect(result.stderr).toContain('set XDG_CONFIG_HOME to a folder you own');
  });

  it('rejects an unknown flag and an extra argument with oclif usage errors', () => {
    const box = makeSandbox();
    const flag = runCli(['config', 'init', '--overwrite'], box.env);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain('Nonexistent flag: --overwrite');
    const extra = runCli(['config', 'init', 'somewhere.yaml'], box.env);
    expect(extra.status).toBe(2);
    expect(extra.stderr).toContain('somewhere.yaml not found');
    expect(existsSync(join(box.env['XDG_CONFIG_HOME']!, 'kctx-guard', 'config.yaml'))).toBe(false);
  });
});
