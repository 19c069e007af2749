/**
 * The prompt hooks survive real users: sourced twice they install once, they keep `$?`, the
 * user's aliases and shell options cannot break them, KCTX_GUARD_PROMPT=manual leaves the
 * prompt alone, and a relative KUBECONFIG follows `cd`. Each case runs in a real interactive
 * shell on a pty, against a running daemon, and is checked on the prompt the shell draws.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, ensureBuilt, kubeconfigText, makeEnv, spawnDaemon, type TestEnv } from '../helpers/daemon.js';
import {
  closeAllShells,
  count,
  q,
  SHELL_KINDS,
  startShell,
  writeInit,
  type PtyShell,
  type ShellKind,
} from '../helpers/pty-shell.js';

const MARK = '@P@';
/** Messages a shell prints when the hook breaks under the user's settings. */
const SHELL_ERRORS =
  /unbound variable|parameter not set|not found|no match|bad (substitution|pattern|math)|syntax error|parse error|invalid|unknown|cannot|failed|expected/i;

let t: TestEnv;
let files = 0;

beforeAll(async () => {
  ensureBuilt();
  t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, kubeconfigText('robust-default', [{ name: 'robust-default' }]));
  await spawnDaemon(t);
});
afterEach(() => closeAllShells());
afterAll(() => cleanup());

/** A kubeconfig of the test's own (absolute path), so one test's changes never reach another. */
function ownKubeconfig(context: string): { file: string; name: string } {
  const name = `kc-${++files}.yaml`;
  const file = join(t.root, name);
  writeFileSync(file, kubeconfigText(context, [{ name: context }]));
  return { file, name };
}

/** The segment as seen on screen; a KUBECONFIG other than the default is named in front. */
function segmentOf(context: string, kubeconfig?: string): string {
  return `${kubeconfig ? `[KUBECONFIG=${kubeconfig}] ` : ''}⎈ ${context}-cluster/${context}:default`;
}

/** The user's prompt shows the last status, the way users' prompts do. */
function userPrompt(kind: ShellKind): string {
  switch (kind) {
    case 'bash':
      return `PS1='[$?] ${MARK} '`;
    case 'zsh':
      return `PROMPT='[%?] ${MARK} '`;
    case 'fish':
      return `function fish_prompt; echo -n "[$status] ${MARK} "; end; function fish_title; end; set -g fish_greeting`;
  }
}

function exportLine(kind: ShellKind, name: string, value: string): string {
  return kind === 'fish' ? `set -gx ${name} ${q(value)}` : `export ${name}=${q(value)}`;
}

/** Strips colour, title and cursor sequences, leaving the text a user sees. */
function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\][^\u0007]*\u0007|\u001b\[[0-9;?]*[A-Za-z]|\u001b\(B|[\u0001\u0002]/g, '');
}

interface Step {
  /** What the command printed, and the prompt drawn after it, as seen on screen. */
  printed: string;
  prompt: string;
}

class Session {
  constructor(readonly shell: PtyShell) {}

  /**
   * Types a command line; resolves with its output and the next prompt once that prompt is drawn.
   * The prompt is looked for after the line's echo (up to the first newline): a typed line that holds
   * the marker (the user's prompt being set) must not pass for the prompt drawn after it.
   */
  async run(line: string): Promise<Step> {
    const start = this.shell.output().length;
    this.shell.line(line);
    // `out` is what the shell wrote since `start`: the echo of the line, then what ran.
    const afterEcho = (out: string): string | undefined => {
      const newline = out.indexOf('\n');
      return newline === -1 ? undefined : out.slice(newline + 1);
    };
    await this.shell.waitFor(
      (out) => afterEcho(out)?.includes(MARK) === true,
      `the prompt after ${JSON.stringify(line)}`,
      start,
    );
    const text = visible(afterEcho(this.shell.output().slice(start)) ?? '');
    const upto = text.lastIndexOf(MARK) + MARK.length;
    const lineStart = Math.max(text.lastIndexOf('\r', upto), text.lastIndexOf('\n', upto)) + 1;
    return { printed: text.slice(0, lineStart), prompt: text.slice(lineStart, upto) };
  }
}

/** A shell with the user's setup lines run first, then the hook sourced (`times` times). */
async function open(
  kind: ShellKind,
  setup: string[],
  options: { times?: number; cwd?: string } = {},
): Promise<{ session: Session; sourced: Step }> {
  const shell = await startShell(kind, t.env, options.cwd ?? t.home);
  const session = new Session(shell);
  const init = writeInit(t.root, kind, t.env);
  for (const line of [userPrompt(kind), ...setup]) await session.run(line);
  let printed = '';
  for (let i = 0; i < (options.times ?? 1); i++) printed += (await session.run(`source ${q(init)}`)).printed;
  // The first prompt may wait for the daemon to serve a new KUBECONFIG; draw one more.
  const next = await session.run('');
  return { session, sourced: { printed: printed + next.printed, prompt: next.prompt } };
}

/** Lines (bash/zsh/fish) that print the plain API variables. */
const PROBE = 'echo "ctx=[$KCTX_GUARD_CONTEXT] ns=[$KCTX_GUARD_NAMESPACE] level=[$KCTX_GUARD_LEVEL]"';

describe.each(SHELL_KINDS)('%s hook', (kind) => {
  it('sourced twice, installs itself once and draws the segment once', async () => {
    const kc = ownKubeconfig('twice');
    const userHook: Record<ShellKind, string[]> = {
      bash: ['__user_a() { :; }', 'PROMPT_COMMAND=__user_a'],
      zsh: ['__user_a() { :; }', '__user_b() { :; }', 'precmd_functions=(__user_a __user_b)'],
      fish: [],
    };
    const { session, sourced } = await open(kind, [exportLine(kind, 'KUBECONFIG', kc.file), ...userHook[kind]], {
      times: 2,
    });
    expect(sourced.prompt.startsWith(`${segmentOf('twice', kc.name)} [0] ${MARK}`), sourced.prompt).toBe(true);
    expect(count(sourced.prompt, 'twice-cluster')).toBe(1);
    const listing: Record<ShellKind, string> = {
      bash: 'echo "hooks=[${PROMPT_COMMAND[*]}]"',
      zsh: 'echo "hooks=[${precmd_functions[*]}]"',
      // With the marker spelled otherwise: the listing holds it, and the prompt wait would stop there.
      fish: 'functions __kctx_guard_user_prompt | string replace -a @ %',
    };
    const { printed } = await session.run(listing[kind]);
    if (kind === 'fish') {
      // The wrapped prompt is the user's own, not the wrapper (which would draw the segment twice).
      expect(printed).toContain(`echo -n "[$status] ${MARK.replaceAll('@', '%')} "`);
      expect(printed).not.toContain('KCTX_GUARD');
    } else {
      expect(count(printed, '__kctx_guard_precmd')).toBe(1);
      expect(count(printed, '__user_a')).toBe(1);
      if (kind === 'bash') expect(count(printed, '__kctx_guard_prompt')).toBe(1);
      if (kind === 'zsh') expect(count(printed, '__user_b')).toBe(1);
    }
  });

  it('keeps $? for the prompt, for the next command and for the user’s own hooks', async () => {
    const kc = ownKubeconfig('status');
    const userHook: Record<ShellKind, string[]> = {
      bash: ['__user_pc() { __user_seen=$?; }', 'PROMPT_COMMAND=__user_pc'],
      zsh: ['__user_pc() { __user_seen=$?; }', 'precmd_functions=(__user_pc)'],
      fish: ['function __user_pc --on-event fish_prompt; set -g __user_seen $status; end'],
    };
    const { session } = await open(kind, [exportLine(kind, 'KUBECONFIG', kc.file), ...userHook[kind]]);
    expect((await session.run('false')).prompt).toBe(`${segmentOf('status', kc.name)} [1] ${MARK}`);
    const status = kind === 'fish' ? '$status' : '$?';
    expect((await session.run(`echo "st=[${status}] seen=[$__user_seen]"`)).printed).toContain('st=[1] seen=[1]');
    const seven = kind === 'fish' ? 'fish -N -c "exit 7"' : '(exit 7)';
    expect((await session.run(seven)).prompt).toBe(`${segmentOf('status', kc.name)} [7] ${MARK}`);
    expect((await session.run(`echo "st=[${status}] seen=[$__user_seen]"`)).printed).toContain('st=[7] seen=[7]');
    expect((await session.run('true')).prompt).toBe(`${segmentOf('status', kc.name)} [0] ${MARK}`);
  });

  it('works with hostile aliases, options and IFS set before it is sourced', async () => {
    const kc = ownKubeconfig('hostile');
    const hostile: Record<ShellKind, string[]> = {
      bash: [
        'set -u',
        'shopt -s failglob nullglob extglob',
        'IFS=:',
        'alias read=false printf=false kill=false builtin=false export=false local=false unset=false mapfile=false command=false return=false shopt=false test=false declare=false typeset=false set=false',
      ],
      zsh: [
        '__user_a() { :; }; __user_b() { :; }; precmd_functions=(__user_a __user_b)',
        'setopt nounset ksh_arrays sh_word_split',
        'IFS=:',
        'alias read=false printf=false kill=false builtin=false export=false local=false unset=false command=false return=false setopt=false emulate=false typeset=false test=false',
      ],
      fish: [
        'alias printf=false',
        'alias kill=false',
        'alias functions=false',
        'alias math=false',
        'alias disown=false',
        'set -g IFS :',
      ],
    };
    const { session, sourced } = await open(kind, [exportLine(kind, 'KUBECONFIG', kc.file), ...hostile[kind]]);
    expect(sourced.printed).not.toMatch(SHELL_ERRORS);
    expect(sourced.prompt).toBe(`${segmentOf('hostile', kc.name)} [0] ${MARK}`);
    expect((await session.run(PROBE)).printed).toContain('ctx=[hostile] ns=[default] level=[unclassified]');
    expect((await session.run('false')).prompt).toBe(`${segmentOf('hostile', kc.name)} [1] ${MARK}`);
    // A real change still reaches the prompt: the hook computes, it does not just repeat itself.
    writeFileSync(kc.file, kubeconfigText('hostile-next', [{ name: 'hostile-next' }]));
    if (kind === 'zsh') {
      // ksh_arrays makes `$precmd_functions` its first element only: the user's other hooks must survive.
      const { printed } = await session.run('echo "hooks=[${precmd_functions[*]}]"');
      expect(printed).toContain('hooks=[__user_a:__user_b:__kctx_guard_precmd]');
    }
    const next = await session.run('');
    expect(next.printed + next.prompt).not.toMatch(SHELL_ERRORS);
    expect(next.prompt.startsWith(`${segmentOf('hostile-next', kc.name)} `), next.prompt).toBe(true);
  });

  it('KCTX_GUARD_PROMPT=manual leaves the prompt alone but still sets the variables', async () => {
    const kc = ownKubeconfig('manual');
    const { session, sourced } = await open(kind, [
      exportLine(kind, 'KUBECONFIG', kc.file),
      exportLine(kind, 'KCTX_GUARD_PROMPT', 'manual'),
    ]);
    expect(sourced.prompt).toBe(`[0] ${MARK}`);
    // Printed with the marker's @ as %: output that held the marker would pass for the next prompt.
    const show: Record<ShellKind, string> = {
      bash: 'echo "prompt=[${PS1//@/%}]"',
      zsh: 'echo -E "prompt=[${PROMPT//@/%}]"',
      fish: 'functions fish_prompt | string replace -a @ %; functions -q __kctx_guard_user_prompt; echo "wrapped=[$status]"',
    };
    const { printed } = await session.run(show[kind]);
    if (kind === 'fish') {
      expect(printed).toContain(`echo -n "[$status] ${MARK.replaceAll('@', '%')} "`);
      expect(printed).not.toContain('KCTX_GUARD_SEGMENT');
      expect(printed).toContain('wrapped=[1]');
    } else {
      const mark = MARK.replaceAll('@', '%');
      expect(printed).toContain(kind === 'bash' ? `prompt=[[$?] ${mark} ]` : `prompt=[[%?] ${mark} ]`);
    }
    // zsh's copy holds its `%{ %}` colour wrappers; what is inside them is the same everywhere.
    const seg = (await session.run('echo "seg=[$KCTX_GUARD_SEGMENT]"')).printed.replaceAll('%{%}', '');
    expect(seg).toContain(`seg=[${segmentOf('manual', kc.name)}]`);
    expect((await session.run(PROBE)).printed).toContain('ctx=[manual] ns=[default] level=[unclassified]');
  });

  it('a relative KUBECONFIG follows cd', async () => {
    const a = join(t.root, `rel-${kind}`, 'a');
    const b = join(t.root, `rel-${kind}`, 'b');
    mkdirSync(a, { recursive: true });
    mkdirSync(b, { recursive: true });
    writeFileSync(join(a, 'k.yaml'), kubeconfigText('rel-a', [{ name: 'rel-a' }]));
    writeFileSync(join(b, 'k.yaml'), kubeconfigText('rel-b', [{ name: 'rel-b' }]));
    const { session, sourced } = await open(kind, [exportLine(kind, 'KUBECONFIG', 'k.yaml')], { cwd: a });
    expect(sourced.prompt.startsWith(`${segmentOf('rel-a', 'k.yaml')} `), sourced.prompt).toBe(true);
    const inB = await session.run(`cd ${q(b)}`);
    expect(inB.prompt.startsWith(`${segmentOf('rel-b', 'k.yaml')} `), inB.printed + inB.prompt).toBe(true);
    expect((await session.run(PROBE)).printed).toContain('ctx=[rel-b]');
    const inA = await session.run('cd ../a');
    expect(inA.prompt.startsWith(`${segmentOf('rel-a', 'k.yaml')} `), inA.printed + inA.prompt).toBe(true);
    expect((await session.run(PROBE)).printed).toContain('ctx=[rel-a]');
  });
});
