/**
 * Invariant 5 (hostile names are inert) in real interactive bash, zsh and fish (tmux).
 *
 * Context, cluster and namespace names carry command substitutions, backticks, zsh and bash
 * prompt escapes, terminal escapes (real ESC/BEL bytes, written as YAML "\e"/"\a"), newlines,
 * CR, a bidi override, 500 characters and emoji. After switching to each (the test writes the
 * kubeconfig directly, rename-replace, then the shell draws prompts): no sentinel file exists,
 * the visible prompt shows the sanitized name, the segment stays on the prompt's line, the
 * colour is the level's all along, and the window title is untouched.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, cli, ensureBuilt, makeEnv } from '../helpers/daemon.js';
import { killSessions, SHELLS, ShellSession, type Prompt } from '../helpers/tmux.js';
import { DEFAULT_MAX_LENGTH } from '../../src/rules/display.js';

beforeAll(ensureBuilt);
afterEach(async () => {
  await killSessions();
  await cleanup();
});

/** A YAML double-quoted scalar; control characters as YAML escapes (\e, \a, \n, \r, \xHH, \u202E). */
function yamlString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (code === 0x1b) out += '\\e';
    else if (code === 0x07) out += '\\a';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code === 0x202e) out += '\\u202E';
    else out += ch;
  }
  return `${out}"`;
}

function kubeconfig(context: string, cluster: string, namespace: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${yamlString(context)}`,
    'contexts:',
    `- name: ${yamlString(context)}`,
    '  context:',
    `    cluster: ${yamlString(cluster)}`,
    '    user: u',
    `    namespace: ${yamlString(namespace)}`,
    'clusters:',
    `- name: ${yamlString(cluster)}`,
    '  cluster:',
    '    server: https://example.invalid:6443',
    'users:',
    '- name: u',
    '  user:',
    '    token: t',
    '',
  ].join('\n');
}

/** A display name as the segment shows it: the default maximum length, the middle cut out. */
function fitted(name: string): string {
  const chars = [...name];
  if (chars.length <= DEFAULT_MAX_LENGTH) return name;
  const head = Math.ceil((DEFAULT_MAX_LENGTH - 1) / 2);
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - (DEFAULT_MAX_LENGTH - 1 - head)).join('')}`;
}

/** What the prompt must show for a name, given the name with its controls already made visible by hand. */
function shown(visible: string): string {
  const chars = [...visible];
  return chars.length <= 64 ? visible : `${chars.slice(0, 63).join('')}…`;
}

interface Case {
  why: string;
  /** The raw name part; `tag` tells the fields apart (and names each field's sentinel). */
  raw: (tag: string) => string;
  /** The same with control and bidi characters made visible, as the prompt must show it. */
  visible: (tag: string) => string;
}

describe.each(SHELLS)('%s: hostile names are inert', (shell) => {
  it('runs nothing, shows sanitized names on one line in the level colour', { timeout: 180_000 }, async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    const sentinels = join(t.root, 's');
    mkdirSync(sentinels);
    const same = (f: (tag: string) => string): Pick<Case, 'raw' | 'visible'> => ({ raw: f, visible: f });
    const cases: Case[] = [
      { why: 'command substitution', ...same((tag) => `$(touch ${sentinels}/${tag}1)`) },
      { why: 'backticks', ...same((tag) => `\`touch ${sentinels}/${tag}2\``) },
      { why: 'parameter and arithmetic expansion', ...same((tag) => `\${HOME}$((6*7))$(touch ${sentinels}/${tag}3)`) },
      { why: 'zsh prompt escapes', ...same(() => '%F{red}x%f%B%~%#') },
      { why: 'zsh literal opener', ...same(() => '%{') },
      { why: 'bash prompt escapes', ...same(() => '\\[\\e[32m\\]\\u@\\h\\$') },
      { why: 'fish-ish and history', ...same(() => '(echo hi)!!{a,b}') },
      { why: 'OSC window title', raw: () => '\u001b]0;title\u0007', visible: () => '^[]0;title^G' },
      { why: 'clear screen', raw: () => '\u001b[2J\u001b[H', visible: () => '^[[2J^[[H' },
      { why: 'colour escape', raw: () => '\u001b[32mSAFE\u001b[0m', visible: () => '^[[32mSAFE^[[0m' },
      { why: 'newline', raw: () => 'dev\nprod', visible: () => 'dev^Jprod' },
      { why: 'carriage return', raw: () => 'a\rb', visible: () => 'a^Mb' },
      { why: 'right-to-left override', raw: () => 'dev\u202Edorp', visible: () => 'dev<U+202E>dorp' },
      { why: '500 characters', ...same(() => 'x'.repeat(500)) },
      { why: 'emoji', ...same(() => '🚀😀☸') },
    ];
    const started = await cli(t, ['daemon', 'start']);
    expect(started.code, started.stderr).toBe(0);
    writeFileSync(t.kubeconfig, kubeconfig('kind-start', 'kind-start', 'default'));
    const sh = await ShellSession.start(shell, t, { width: 500 });
    let p = await sh.run('true');
    expect(p.segment).toBe('⎈ kind-start:default');
    const titleBefore = await sh.title();

    const problems: string[] = [];
    let previous = 'kind-start:default';
    let n = 0;
    for (const c of cases) {
      n++;
      const context = `prod-${c.raw('c')}`;
      const cluster = `cl-${c.raw('k')}`;
      const namespace = `ns-${c.raw('n')}`;
      const temp = `${t.kubeconfig}.tmp-${n}`;
      writeFileSync(temp, kubeconfig(context, cluster, namespace));
      renameSync(temp, t.kubeconfig);
      const cl = shown(`cl-${c.visible('k')}`);
      const prod = shown(`prod-${c.visible('c')}`);
      const ns = shown(`ns-${c.visible('n')}`);
      // Cluster and context are display names, cut in the middle to the default maximum length.
      const want = `⎈ ${fitted(cl)}/${fitted(prod)}:${ns}`;
      const check = (prompt: Prompt, highlight: boolean): void => {
        const expected = highlight ? `${want} changed from ${previous}` : want;
        if (prompt.segment !== expected)
          problems.push(
            `${c.why}: expected ${JSON.stringify(expected)}, prompt showed ${JSON.stringify(prompt.segment)}`,
          );
        // The segment did not break the line: the line above is the command that was run.
        if (!/<P\d+>[$#%>] true$/.test(prompt.above))
          problems.push(`${c.why}: the line above the prompt is ${JSON.stringify(prompt.above)}`);
        // Danger colour all along the segment, highlight colour all along "changed from …".
        const split = highlight ? prompt.segment.indexOf(' changed from ') : prompt.segment.length;
        const seg = new Set(prompt.cells.slice(0, [...prompt.segment.slice(0, split)].length).map((cell) => cell.sgr));
        if (seg.size !== 1 || !seg.has('1;31'))
          problems.push(`${c.why}: segment colours ${JSON.stringify([...seg])}, want only 1;31`);
        if (highlight) {
          const hl = new Set(
            prompt.cells.slice([...prompt.segment.slice(0, split + 1)].length).map((cell) => cell.sgr),
          );
          if (hl.size !== 1 || !hl.has('1;7'))
            problems.push(`${c.why}: highlight colours ${JSON.stringify([...hl])}, want only 1;7`);
        }
      };
      check(await sh.run('true'), true);
      check(await sh.run('true'), false);
      const title = await sh.title();
      if (title !== titleBefore) problems.push(`${c.why}: the window title changed to ${JSON.stringify(title)}`);
      const ran = readdirSync(sentinels);
      if (ran.length > 0) problems.push(`${c.why}: sentinel files exist: ${ran.join(', ')}`);
      previous = want.slice(2);
      await sh.clearHistory();
    }
    // The plain variables carry the sanitized names, too.
    p = await sh.run('printenv KCTX_GUARD_LEVEL KCTX_GUARD_CONTEXT');
    const screen = await sh.capture();
    const at = screen.findLastIndex((line) => line.includes('printenv KCTX_GUARD_LEVEL'));
    expect(screen.slice(at + 1, at + 3)).toEqual(['danger', '🚀😀☸'.replace(/^/, 'prod-')]);
    expect(existsSync(join(t.home, '$(touch'))).toBe(false);
    console.log(`[hostile] ${shell}: ${cases.length} hostile names × 3 fields, ${problems.length} problems`);
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
