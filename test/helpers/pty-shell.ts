/**
 * Real interactive shells with no rc file, driven through the harness's shell driver, so the
 * prompt hooks run exactly as they do for a user and every byte the shell writes is captured.
 * Also: the hook files as `init` prints them, and strace attached to a running shell.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeAllShells, noRc, Shell, SHELL_KINDS, type ShellKind } from '../harness/shell.mjs';
import { BIN, waitUntil } from './daemon.js';

export { closeAllShells, SHELL_KINDS, type ShellKind };

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

export type PtyShell = Shell;

/** Starts `kind` interactively with no rc file, with exactly `env` (TERM=xterm unless given), in `cwd`. */
export async function startShell(kind: ShellKind, env: Record<string, string>, cwd: string): Promise<PtyShell> {
  // A wide terminal, so no shell shortens a long prompt (fish cuts it with `…`).
  const shell = Shell.start(noRc(kind), { env: { TERM: 'xterm', ...env }, cwd, width: 400, height: 50 });
  await shell.waitForQuiet();
  return shell;
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
