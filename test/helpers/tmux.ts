/**
 * Prompt tests' view of a real interactive shell (the harness's shell driver, one tmux server
 * each), killed by `killSessions()` (call it in afterEach, before the daemon helpers' `cleanup()`).
 * The shell starts with only PATH, HOME, TERM, the locale and the kctx-guard folders of a
 * `TestEnv`, so nothing leaks in from the test runner or the user's rc files.
 *
 * The user's own prompt is `<TAG N>` plus `$`/`#`/`>`, where N counts prompts (incremented by the
 * user's own prompt code before every prompt, empty lines included) and TAG is `$KG_TAG` (default
 * `P`; nested shells get another tag). "The prompt drawn right after command N" is then the last
 * screen line ending in `<P m>$` with m greater than the counter seen before the command; the
 * kctx-guard segment is the text in front of it. Per-shell differences live here only.
 */
import { type Launch, Shell, shq, stripSgr, writeRc } from '../harness/shell.mjs';
import { BIN, type TestEnv } from './daemon.js';
import { parseStyledLines, type Style } from '../harness/sgr.mjs';

export { stripSgr };

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type ShellName = (typeof SHELLS)[number];

/** The SGR state of one character cell, as a short canonical string (`1;31`, `1;7`, `` for none). */
export interface Cell {
  ch: string;
  sgr: string;
}

/** The canonical SGR string of a style, as the tests write it (`1;31`, `1;7`, `` for none). */
function canonicalSgr(style: Style): string {
  const { bold, underline, reverse, fg, bg } = style;
  return [bold ? '1' : '', underline ? '4' : '', reverse ? '7' : '', fg, bg ? `bg${bg}` : ''].filter(Boolean).join(';');
}

/** `capture-pane -e` lines as cells with their canonical SGR (see test/harness/sgr.mjs). */
export function parseSgrLines(lines: string[]): Cell[][] {
  return parseStyledLines(lines).map((cells) => cells.map(({ ch, style }) => ({ ch, sgr: canonicalSgr(style) })));
}

export interface Prompt {
  /** The user's prompt counter. */
  counter: number;
  /** The whole visible line (plain text). */
  line: string;
  /** The visible text in front of the user's prompt: the kctx-guard segment (no trailing space). */
  segment: string;
  /** The segment's cells with their SGR attributes (from `capture-pane -e`). */
  cells: Cell[];
  /** The visible line just above the prompt line (to check that the segment did not break). */
  above: string;
  /** Milliseconds from the last key sent to the moment the prompt was seen. */
  elapsedMs: number;
}

export interface StartOptions {
  /** Extra environment for the shell (for example KUBECONFIG). */
  env?: Record<string, string>;
  width?: number;
  height?: number;
  /** How long to wait for the first prompt. */
  timeoutMs?: number;
}

const sessions = new Set<ShellSession>();

/** The user's own prompt and the init line a user adds, as each shell's rc file. */
function writeUserRc(t: TestEnv, shell: ShellName): Launch {
  const node = shq(process.execPath);
  const bin = shq(BIN);
  switch (shell) {
    case 'bash':
      return writeRc(t, 'bash', [
        '__kg_n=0',
        "PROMPT_COMMAND='__kg_n=$((__kg_n+1))'",
        "PS1='<${KG_TAG:-P}${__kg_n}>\\$ '",
        `eval "$(${node} ${bin} init bash)"`,
      ]);
    case 'zsh':
      return writeRc(t, 'zsh', [
        'typeset -gi __kg_n=0',
        'precmd() { (( __kg_n++ )) }',
        'setopt prompt_subst',
        "PROMPT='<${KG_TAG:-P}${__kg_n}>%# '",
        `eval "$(${node} ${bin} init zsh)"`,
      ]);
    case 'fish':
      return writeRc(t, 'fish', [
        "set -g fish_greeting ''",
        'set -g __kg_n 0',
        // The user's prompt, defined before the init line (the hook wraps it).
        'function fish_prompt',
        '    set -g __kg_n (math $__kg_n + 1)',
        '    set -l tag P',
        '    set -q KG_TAG; and set tag $KG_TAG',
        "    printf '<%s%s>> ' $tag $__kg_n",
        'end',
        `${node} ${bin} init fish | source`,
      ]);
  }
}

/** The environment a shell starts with: the TestEnv's folders, TERM, nothing from the runner. */
export function shellEnv(t: TestEnv, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: t.env['PATH']!,
    HOME: t.home,
    TERM: 'xterm-256color',
    KCTX_GUARD_DIR: t.env['KCTX_GUARD_DIR']!,
    XDG_STATE_HOME: t.env['XDG_STATE_HOME']!,
    XDG_CONFIG_HOME: t.env['XDG_CONFIG_HOME']!,
    // The macos-path project's switch (test/harness/env.mjs), for the hook and what it starts.
    ...Object.fromEntries(
      ['KCTX_GUARD_TEST_PLATFORM', 'NODE_ENV'].flatMap((name) => (t.env[name] ? [[name, t.env[name]]] : [])),
    ),
    ...extra,
  };
}

export class ShellSession {
  /** The counter of the last prompt seen. */
  counter = 0;
  private sentAt = Date.now();

  private constructor(
    readonly shell: ShellName,
    readonly t: TestEnv,
    private readonly driver: Shell,
    private readonly launch: Launch,
  ) {}

  /** Starts `shell` interactively in a private tmux server and waits for its first prompt. */
  static async start(shell: ShellName, t: TestEnv, options: StartOptions = {}): Promise<ShellSession> {
    const launch = writeUserRc(t, shell);
    const driver = Shell.start(launch, {
      env: shellEnv(t, options.env),
      cwd: t.home,
      width: options.width ?? 400,
      height: options.height ?? 40,
    });
    const session = new ShellSession(shell, t, driver, launch);
    sessions.add(session);
    session.sentAt = Date.now();
    await session.waitForPrompt({ timeoutMs: options.timeoutMs ?? 30_000 });
    return session;
  }

  tmux(args: string[]): Promise<string> {
    return this.driver.tmux(args);
  }

  /** Types text literally (no Enter). */
  async type(text: string): Promise<void> {
    this.driver.type(text);
  }

  async enter(): Promise<void> {
    this.sentAt = Date.now();
    this.driver.enter();
  }

  /** Types a command, presses Enter and returns the prompt drawn right after it. */
  async run(command: string, options: { timeoutMs?: number; tag?: string } = {}): Promise<Prompt> {
    const before = this.counter;
    await this.type(command);
    await this.enter();
    return this.waitForPrompt({
      after: options.tag === undefined ? before : -1,
      tag: options.tag,
      timeoutMs: options.timeoutMs,
    });
  }

  /** Every byte the shell wrote to its terminal so far (as text), before tmux interprets any of it. */
  output(): string {
    return this.driver.output();
  }

  /** The visible screen, one string per line, with SGR sequences (`capture-pane -e -J`). */
  captureRaw(): Promise<string[]> {
    return this.driver.captureRaw();
  }

  async capture(): Promise<string[]> {
    return (await this.captureRaw()).map(stripSgr);
  }

  /**
   * Waits for the last prompt line on screen whose counter is greater than `after` (default: the
   * last counter seen) and whose tag is `tag` (default `P`); a tag other than P does not move the
   * session's counter.
   */
  async waitForPrompt(options: { after?: number; tag?: string; timeoutMs?: number } = {}): Promise<Prompt> {
    const tag = options.tag ?? 'P';
    const after = options.after ?? this.counter;
    const re = new RegExp(`<${tag}(\\d+)>[$#%>]$`);
    const found = (raw: string[], seenAt: number): Prompt | undefined => {
      for (let i = raw.length - 1; i >= 0; i--) {
        const line = stripSgr(raw[i]!).trimEnd();
        const m = re.exec(line);
        if (!m) continue;
        const counter = Number(m[1]);
        if (counter <= after) return undefined;
        const cellsAll = parseSgrLines(raw.slice(0, i + 1))[i]!;
        const prefixLength = [...line.slice(0, m.index)].length;
        const cells = cellsAll.slice(0, prefixLength);
        while (cells.length > 0 && cells[cells.length - 1]!.ch === ' ') cells.pop();
        return {
          counter,
          line,
          segment: line.slice(0, m.index).replace(/ $/, ''),
          cells,
          above: i > 0 ? stripSgr(raw[i - 1]!).trimEnd() : '',
          elapsedMs: seenAt - this.sentAt,
        };
      }
      return undefined;
    };
    const prompt = await this.driver.waitForScreen(found, `prompt <${tag}n> with n > ${after}`, {
      timeoutMs: options.timeoutMs ?? 15_000,
    });
    if (tag === 'P') this.counter = prompt.counter;
    return prompt;
  }

  /** Empties the scrollback and the screen (tmux side only; the shell is not told). */
  clearHistory(): Promise<void> {
    return this.driver.clearHistory();
  }

  /** The command that sets (or, with undefined, removes) an exported variable in this shell. */
  exportCommand(name: string, value: string | undefined): string {
    if (this.shell === 'fish') return value === undefined ? `set -e ${name}` : `set -gx ${name} ${shq(value)}`;
    return value === undefined ? `unset ${name}` : `export ${name}=${shq(value)}`;
  }

  /**
   * The command that starts the same kind of shell nested inside this one, with `env` added and
   * prompt tag `tag` (wait for it with `waitForPrompt({ tag, after: 0 })`).
   */
  nestedShellCommand(env: Record<string, string>, tag: string): string {
    const assignments = Object.entries({ KG_TAG: tag, ...env })
      .map(([k, v]) => `${k}=${shq(v)}`)
      .join(' ');
    return `${assignments} ${this.launch.argv.map(shq).join(' ')}`;
  }

  title(): Promise<string> {
    return this.driver.title();
  }

  async kill(): Promise<void> {
    sessions.delete(this);
    await this.driver.close();
  }
}

/** Kills every tmux server this worker started (afterEach). */
export async function killSessions(): Promise<void> {
  await Promise.all([...sessions].map((session) => session.kill()));
}

/** The SGR attributes that the level's colour gives the segment (as `parseSgrLine` writes them). */
export const LEVEL_CELL_SGR: Record<string, string> = {
  danger: '1;31',
  warn: '33',
  safe: '32',
  unclassified: '',
  error: '1;31',
};
