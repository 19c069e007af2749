/**
 * Real interactive shells on a pseudo-terminal (util-linux `script`), so the prompt hooks run
 * exactly as they do for a user: the shell draws real prompts, and every byte it writes is
 * captured. Also: the hook files as `init` prints them, and strace attached to a running shell.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, waitUntil } from './daemon.js';

export type ShellKind = 'bash' | 'zsh' | 'fish';
export const SHELL_KINDS: ShellKind[] = ['bash', 'zsh', 'fish'];

/** Each shell without any rc file, so nothing but the test's own lines runs at the prompt. */
const SHELL_ARGV: Record<ShellKind, string> = {
  bash: 'bash --norc --noprofile -i',
  zsh: 'zsh -f -i',
  fish: 'fish --no-config -i',
};

/** `kctx-guard init <shell>` written to `<dir>/init.<shell>`, for sourcing from a shell. */
export function writeInit(dir: string, shell: ShellKind, env: Record<string, string>): string {
  const file = join(dir, `init.${shell}`);
  if (!existsSync(file))
    writeFileSync(file, execFileSync(process.execPath, [BIN, 'init', shell], { env, encoding: 'utf8' }));
  return file;
}

/** Quotes a word for any of bash, zsh and fish (single quotes; the words used here hold no `'` or `\`). */
export function q(word: string): string {
  if (/['\\]/.test(word)) throw new Error(`cannot quote ${word} for all three shells`);
  return `'${word}'`;
}

export interface PtyShell {
  kind: ShellKind;
  /** The shell's own pid (the child of `script`). */
  pid: number;
  /** Everything the shell wrote to its terminal so far. */
  output(): string;
  /** Types text into the terminal. */
  type(text: string): void;
  /** Types a command line and presses Enter. */
  line(text: string): void;
  /** Waits until the output after `from` satisfies `test`. */
  waitFor(test: (since: string) => boolean, what: string, from?: number, timeoutMs?: number): Promise<void>;
  /** Ends the shell and `script` (by pid). */
  close(): Promise<void>;
}

const shells = new Set<ChildProcess>();

function childPid(parent: number): number | undefined {
  for (const task of readdirSafe(`/proc/${parent}/task`)) {
    let children = '';
    try {
      children = readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8').trim();
    } catch {
      // The task ended while we looked.
    }
    if (children) return Number(children.split(' ')[0]);
  }
  return undefined;
}

function shellPid(scriptPid: number, kind: ShellKind): number | undefined {
  for (let pid = childPid(scriptPid); pid !== undefined; pid = childPid(pid)) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === kind) return pid;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Starts `kind` interactively on a pty with exactly `env`, in `cwd`. */
export async function startShell(kind: ShellKind, env: Record<string, string>, cwd: string): Promise<PtyShell> {
  // A wide terminal, so no shell shortens a long prompt (fish cuts it with `…`).
  const proc = spawn('script', ['-qfec', `stty cols 400 rows 50; exec ${SHELL_ARGV[kind]}`, '/dev/null'], {
    cwd,
    env: { TERM: 'xterm', LANG: 'C.UTF-8', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  shells.add(proc);
  let out = '';
  proc.stdout!.setEncoding('utf8');
  proc.stdout!.on('data', (chunk: string) => (out += chunk));
  proc.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const exited = new Promise<void>((done) => proc.on('exit', () => done()));
  let pid: number | undefined;
  // script runs the command through `$SHELL -c`, which may stay as a parent: find the shell itself.
  await waitUntil(() => (pid = shellPid(proc.pid!, kind)) !== undefined, `${kind} started under script`);
  // Typeahead sent before the line editor is up can be dropped (zsh): wait for the first prompt to settle.
  let seen = -1;
  let quietSince = Date.now();
  await waitUntil(() => {
    if (out.length !== seen) {
      seen = out.length;
      quietSince = Date.now();
    }
    return out.length > 0 && Date.now() - quietSince > 300;
  }, `${kind} drew its first prompt`);
  const shell: PtyShell = {
    kind,
    pid: pid!,
    output: () => out,
    type: (text) => void proc.stdin!.write(text),
    line: (text) => void proc.stdin!.write(`${text}\r`),
    waitFor: async (test, what, from = 0, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!test(out.slice(from))) {
        if (Date.now() > deadline)
          throw new Error(
            `${kind}: timed out after ${timeoutMs} ms waiting for ${what}; output:\n${JSON.stringify(out.slice(from).slice(-1500))}`,
          );
        await new Promise((done) => setTimeout(done, 10));
      }
    },
    close: async () => {
      if (proc.exitCode === null) {
        try {
          process.kill(shell.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
        proc.kill('SIGKILL');
      }
      await exited;
      shells.delete(proc);
    },
  };
  return shell;
}

/** Kills every shell still open (by pid). */
export async function closeAllShells(): Promise<void> {
  for (const proc of [...shells]) {
    const pid = SHELL_KINDS.map((kind) => shellPid(proc.pid!, kind)).find((found) => found !== undefined);
    if (pid !== undefined) process.kill(pid, 'SIGKILL');
    proc.kill('SIGKILL');
  }
  shells.clear();
}

export function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

export interface StraceRun {
  /** The syscall lines strace wrote, one per call (`<pid> name(args) = result`). */
  lines: string[];
  stop(): Promise<void>;
}

/** Attaches `strace -f` to a running process, tracing `syscalls`; resolves once attached. */
export async function attachStrace(pid: number, syscalls: string[], outFile: string): Promise<StraceRun> {
  const proc = spawn(
    'strace',
    ['-f', '-qq', '-s', '4096', '-e', `trace=${syscalls.join(',')}`, '-o', outFile, '-p', String(pid)],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((done) => proc.on('exit', () => done()));
  // strace writes the output file once it has attached (it is created at start, so wait for the tracer state instead).
  await waitUntil(
    () => readFileSync(`/proc/${pid}/status`, 'utf8').match(/^TracerPid:\s+(\d+)/m)?.[1] === String(proc.pid),
    `strace attached to ${pid} (${stderr})`,
  );
  const run: StraceRun = {
    lines: [],
    stop: async () => {
      proc.kill('SIGINT');
      await exited;
      run.lines = readFileSync(outFile, 'utf8').split('\n').filter(Boolean);
    },
  };
  return run;
}
