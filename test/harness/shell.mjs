/**
 * The one way to drive a real interactive shell: each runs in its own tmux server (a private
 * socket, no tmux config) under `env -i` with exactly the environment given plus TERM and a
 * UTF-8 locale. Every byte the shell writes is recorded (`pipe-pane`, attached before the shell
 * runs) and the screen can be read with its colours (`capture-pane -e`). Keys go in with
 * `send-keys`, synchronously, so they arrive in the order they were sent.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from './daemon.mjs';
import { UTF8_LOCALE } from './env.mjs';

/** @typedef {'bash' | 'zsh' | 'fish'} ShellKind */

/** @type {readonly ShellKind[]} */
export const SHELL_KINDS = Object.freeze(['bash', 'zsh', 'fish']);

/** Each shell with no rc file at all, so nothing but what the caller types runs at the prompt. */
const NO_RC_ARGV = {
  bash: ['bash', '--norc', '--noprofile', '-i'],
  zsh: ['zsh', '-f', '-i'],
  fish: ['fish', '--no-config', '-i'],
};

/**
 * @typedef {object} Launch How to start a shell: its argv and what it needs added to its environment.
 * @property {ShellKind} kind
 * @property {string[]} argv
 * @property {Record<string, string>} env
 */

/**
 * @param {ShellKind} kind
 * @returns {Launch} the shell with no rc file.
 */
export function noRc(kind) {
  return { kind, argv: [...NO_RC_ARGV[kind]], env: {} };
}

/**
 * Writes `lines` as `kind`'s interactive rc file in `t` (bash: `<root>/bashrc`; zsh:
 * `<root>/zdotdir/.zshrc`; fish: `$XDG_CONFIG_HOME/fish/config.fish`; nothing inside HOME).
 * @param {{ root: string; env: Record<string, string> }} t
 * @param {ShellKind} kind
 * @param {string[]} lines
 * @returns {Launch}
 */
export function writeRc(t, kind, lines) {
  const text = `${lines.join('\n')}\n`;
  if (kind === 'bash') {
    const bashrc = join(t.root, 'bashrc');
    writeFileSync(bashrc, text);
    return { kind, argv: ['bash', '--noprofile', '--rcfile', bashrc, '-i'], env: {} };
  }
  if (kind === 'zsh') {
    const zdotdir = join(t.root, 'zdotdir');
    mkdirSync(zdotdir, { recursive: true });
    writeFileSync(join(zdotdir, '.zshrc'), text);
    return { kind, argv: ['zsh', '-i'], env: { ZDOTDIR: zdotdir } };
  }
  const configHome = t.env['XDG_CONFIG_HOME'];
  if (configHome === undefined) throw new Error('writeRc: the environment has no XDG_CONFIG_HOME for fish');
  mkdirSync(join(configHome, 'fish'), { recursive: true });
  writeFileSync(join(configHome, 'fish', 'config.fish'), text);
  return { kind, argv: ['fish', '-i'], env: {} };
}

/**
 * Quotes a word for sh, bash, zsh and fish alike.
 * @param {string} text
 */
export function shq(text) {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The tmux client's environment: tmux takes UTF-8 or not from the client's locale. */
const TMUX_ENV = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...UTF8_LOCALE };

/**
 * tmux treats an argument ending in `;` as a command separator; `\;` keeps it literal.
 * @param {string} text
 */
function literal(text) {
  return text.endsWith(';') ? `${text.slice(0, -1)}\\;` : text;
}

/**
 * @typedef {object} ScreenWait
 * @property {number} [timeoutMs] Default 15 s.
 * @property {number} [stableMs] Also wait until the screen has not changed for this long.
 * @property {boolean} [join] Join wrapped lines and keep trailing spaces (`capture-pane -J`; default true).
 */

/** @type {Set<Shell>} */
const open = new Set();

export class Shell {
  /**
   * @param {ShellKind} kind
   * @param {string} dir The shell's own temp folder (socket and output log).
   * @param {number} pid
   */
  constructor(kind, dir, pid) {
    /** @readonly */
    this.kind = kind;
    /** @readonly */
    this.dir = dir;
    /** @readonly The shell's own pid (tmux runs `env`, which execs the shell). */
    this.pid = pid;
    /** @readonly */
    this.socket = join(dir, 'tmux.sock');
    /** @private */
    this.log = join(dir, 'output');
  }

  /**
   * Starts the shell in a new tmux server and returns at once (wait for its prompt yourself).
   * @param {Launch} launch
   * @param {{ env: Record<string, string>; cwd: string; width?: number; height?: number }} options
   *   `env`: the shell's whole environment (TERM defaults to xterm-256color, the locale to C.UTF-8).
   * @returns {Shell}
   * @throws {Error} when tmux cannot start it.
   */
  static start(launch, options) {
    const dir = mkdtempSync(join(tmpdir(), `kctx-${launch.kind}-`));
    const env = { TERM: 'xterm-256color', ...UTF8_LOCALE, ...options.env, ...launch.env };
    const socket = join(dir, 'tmux.sock');
    const log = join(dir, 'output');
    writeFileSync(log, '');
    // An interactive fish with no generated completions starts a background job that writes them
    // from man pages into HOME, outliving the shell and racing the test's cleanup: say they exist.
    if (launch.kind === 'fish' && env.HOME) {
      const data = env.XDG_DATA_HOME || join(env.HOME, '.local', 'share');
      mkdirSync(join(data, 'fish', 'generated_completions'), { recursive: true });
    }
    // One tmux command list: the pipe is attached before tmux reads the shell's first byte.
    const pid = execFileSync(
      'tmux',
      [
        ...['-u', '-S', socket, '-f', '/dev/null', 'new-session', '-d', '-P', '-F', '#{pane_pid}'],
        ...['-x', String(options.width ?? 400), '-y', String(options.height ?? 50), '-c', options.cwd],
        ...['--', 'env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...launch.argv],
        ...[';', 'pipe-pane', '-o', '-t', '=0:', `cat >> ${shq(log)}`],
      ],
      { encoding: 'utf8', env: TMUX_ENV, timeout: 10_000 },
    );
    const shell = new Shell(launch.kind, dir, Number(pid.trim()));
    open.add(shell);
    return shell;
  }

  /**
   * Runs a tmux command against this shell's server.
   * @param {string[]} args
   * @returns {Promise<string>} its stdout.
   */
  tmux(args) {
    return new Promise((done, fail) => {
      execFile(
        'tmux',
        ['-u', '-S', this.socket, '-f', '/dev/null', ...args],
        { encoding: 'utf8', env: TMUX_ENV, maxBuffer: 16 * 1024 * 1024, timeout: 10_000 },
        (error, stdout, stderr) => {
          if (error) fail(new Error(`tmux ${args.join(' ')}: ${stderr || error.message}`));
          else done(stdout);
        },
      );
    });
  }

  /**
   * @private
   * @param {string[]} args
   */
  sendKeys(args) {
    execFileSync('tmux', ['-u', '-S', this.socket, '-f', '/dev/null', 'send-keys', '-t', '=0:', ...args], {
      env: TMUX_ENV,
      timeout: 10_000,
    });
  }

  /**
   * Types text literally (`\r` is Enter).
   * @param {string} text
   */
  type(text) {
    if (text !== '') this.sendKeys(['-l', '--', literal(text)]);
  }

  enter() {
    this.sendKeys(['Enter']);
  }

  /**
   * Types a command line and presses Enter.
   * @param {string} text
   */
  line(text) {
    // One send, as a user's typing arrives: the line editor gets the line and Enter together.
    this.type(`${text}\r`);
  }

  /** Every byte the shell wrote to its terminal so far, as text. */
  output() {
    return readFileSync(this.log, 'utf8');
  }

  /**
   * Waits until the output after `from` satisfies `test`.
   * @param {(since: string) => boolean} test
   * @param {string} what Said in the error.
   * @param {number} [from]
   * @param {number} [timeoutMs]
   * @throws {Error} on timeout, with the output's tail.
   */
  async waitFor(test, what, from = 0, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (!test(this.output().slice(from))) {
      if (Date.now() > deadline)
        throw new Error(
          `${this.kind}: timed out after ${timeoutMs} ms waiting for ${what}; output:\n${JSON.stringify(this.output().slice(from).slice(-1500))}`,
        );
      await sleep(10);
    }
  }

  /**
   * Waits until the shell has written something and then nothing for `quietMs`: typeahead sent
   * before a line editor is up can be dropped (zsh), so wait for the first prompt to settle.
   * @param {number} [quietMs]
   * @param {number} [timeoutMs]
   */
  async waitForQuiet(quietMs = 300, timeoutMs = 10_000) {
    let seen = -1;
    let quietSince = Date.now();
    await this.waitFor(
      (out) => {
        if (out.length !== seen) [seen, quietSince] = [out.length, Date.now()];
        return out.length > 0 && Date.now() - quietSince > quietMs;
      },
      'the first prompt to settle',
      0,
      timeoutMs,
    );
  }

  /**
   * The visible screen, one string per line, with SGR sequences (`capture-pane -e`).
   * @param {{ join?: boolean }} [options]
   */
  async captureRaw(options = {}) {
    const out = await this.tmux(['capture-pane', '-p', '-e', ...(options.join === false ? [] : ['-J']), '-t', '=0:']);
    return out.replace(/\n$/, '').split('\n');
  }

  /**
   * Polls the screen until `check` returns a value (and, with `stableMs`, the screen stayed the same that long).
   * @template T
   * @param {(raw: string[], seenAt: number) => T | undefined} check Gets the screen and when it was read.
   * @param {string} what Said in the error.
   * @param {ScreenWait} [options]
   * @returns {Promise<T>}
   * @throws {Error} on timeout, with the screen.
   */
  async waitForScreen(check, what, options = {}) {
    const timeoutMs = options.timeoutMs ?? 15_000;
    const deadline = Date.now() + timeoutMs;
    let last = '';
    let stableSince = 0;
    for (;;) {
      const raw = await this.captureRaw({ join: options.join });
      const value = check(raw, Date.now());
      if (value !== undefined) {
        const text = raw.join('\n');
        if (!options.stableMs) return value;
        if (text !== last) [last, stableSince] = [text, Date.now()];
        // fish redraws its prompt asynchronously: a screen that holds still is finished.
        else if (Date.now() - stableSince > options.stableMs) return value;
      }
      if (Date.now() > deadline)
        throw new Error(
          `${this.kind}: no ${what} within ${timeoutMs} ms; screen:\n${raw.map(stripSgr).join('\n').trimEnd()}`,
        );
      await sleep(20);
    }
  }

  /** Empties the scrollback and the screen (tmux side only; the shell is not told). */
  async clearHistory() {
    await this.tmux(['clear-history', '-t', '=0:']);
  }

  /** The terminal title the shell set. */
  async title() {
    return (await this.tmux(['display-message', '-p', '-t', '=0:', '#{pane_title}'])).trimEnd();
  }

  /** Ends the shell (SIGKILL, by pid) and its tmux server, and removes its temp folder. */
  async close() {
    if (!open.delete(this)) return;
    try {
      process.kill(this.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    await this.tmux(['kill-server']).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Closes every shell still open (in afterEach, before the environment is removed). */
export async function closeAllShells() {
  await Promise.all([...open].map((shell) => shell.close()));
}

/**
 * @param {string} raw
 */
export function stripSgr(raw) {
  return raw.replace(/\x1b\[[0-9;:]*m/g, '');
}
