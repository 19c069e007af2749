/**
 * For the guard's real-shell tests: recording stand-ins for `kubectl` and `helm` (put first on
 * PATH, so they are what the shell wrappers run), an optional recording stand-in for the guard
 * command itself (to test the wrappers' own decisions apart from the Node side), and a way to
 * run one command line in a pty shell and get its exit status back.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderHook } from '../../src/shell-tables/index.js';
import { shq, stripSgr } from '../harness/shell.mjs';
import { BIN, cleanup, makeEnv, spawnDaemon, waitForContext, type TestEnv } from './daemon.js';
import { closeAllShells, q, startShell, writeInit, type PtyShell, type ShellKind } from './pty-shell.js';

export interface StandIns {
  /** Holds the logs and the stand-ins; not inside the TestEnv (its folders can be freshness paths). */
  dir: string;
  /** Put this first on PATH. */
  binDir: string;
  /** The guard stand-in: logs `__guard …` calls and exits with guardStatus(); runs the real CLI for anything else. */
  guardCommand: string;
  /** Each run of a stand-in kubectl/helm: `kubectl [arg] [arg]…`, then `stdin:<bytes>` when stdin was not a terminal. */
  toolLog(): string;
  /** Each `__guard` call the guard stand-in saw: `guard [__guard] [kubectl] [--] […] stdin=<fd 0 target>`. */
  guardLog(): string;
  clearLogs(): void;
  /** The exit status of the next stand-in kubectl/helm runs. */
  toolStatus(status: number): void;
  /** The exit status of the next guard stand-in runs. */
  guardStatus(status: number): void;
}

export function makeStandIns(): StandIns {
  const dir = mkdtempSync(join(tmpdir(), 'kctx-guard-standin-'));
  const binDir = join(dir, 'bin');
  mkdirSync(binDir);
  const d = shq(dir);
  const tool = [
    '#!/bin/sh',
    `d=${d}`,
    `{ printf '%s' "\${0##*/}"; for a in "$@"; do printf ' [%s]' "$a"; done; printf '\\n'; } >> "$d/tool.log"`,
    `if [ ! -t 0 ]; then printf 'stdin:' >> "$d/tool.log"; cat >> "$d/tool.log"; printf '\\n' >> "$d/tool.log"; fi`,
    'echo "standin stdout"',
    'echo "standin stderr" >&2',
    's=0; [ -r "$d/tool-status" ] && read -r s < "$d/tool-status"',
    'exit "$s"',
    '',
  ].join('\n');
  for (const name of ['kubectl', 'helm']) {
    writeFileSync(join(binDir, name), tool);
    chmodSync(join(binDir, name), 0o755);
  }
  const guardCommand = join(dir, 'guard-standin');
  writeFileSync(
    guardCommand,
    [
      '#!/bin/sh',
      `d=${d}`,
      'if [ "$1" = __guard ]; then',
      `  { printf 'guard'; for a in "$@"; do printf ' [%s]' "$a"; done; printf ' stdin=%s\\n' "$(readlink /proc/$$/fd/0)"; } >> "$d/guard.log"`,
      '  echo "guard stdout"',
      '  s=0; [ -r "$d/guard-status" ] && read -r s < "$d/guard-status"',
      '  exit "$s"',
      'fi',
      `exec ${shq(process.execPath)} ${shq(BIN)} "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(guardCommand, 0o755);
  const readLog = (name: string): string => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : '');
  return {
    dir,
    binDir,
    guardCommand,
    toolLog: () => readLog('tool.log'),
    guardLog: () => readLog('guard.log'),
    clearLogs: () => {
      writeFileSync(join(dir, 'tool.log'), '');
      writeFileSync(join(dir, 'guard.log'), '');
    },
    toolStatus: (status) => writeFileSync(join(dir, 'tool-status'), `${status}\n`),
    guardStatus: (status) => writeFileSync(join(dir, 'guard-status'), `${status}\n`),
  };
}

/** The hook file for `kind` with `command` as the kctx-guard command (what `init` prints, another path filled in). */
export function writeHookWithCommand(dir: string, kind: ShellKind, command: string[]): string {
  const file = join(dir, `hook-standin.${kind}`);
  writeFileSync(file, renderHook(kind, command));
  return file;
}

/** The test environment with the stand-ins first on PATH. */
export function envWithStandIns(t: TestEnv, s: StandIns, extra: Record<string, string> = {}): Record<string, string> {
  return { ...t.env, PATH: `${s.binDir}:${t.env['PATH']}`, ...extra };
}

let runs = 0;

export interface CommandResult {
  status: number;
  /** What the terminal showed from the command line (echo included) to the status marker. */
  output: string;
}

/** Runs one command line in the shell and returns its exit status and what appeared on the terminal. */
export async function runLine(shell: PtyShell, command: string, timeoutMs = 15_000): Promise<CommandResult> {
  const id = ++runs;
  const from = shell.output().length;
  const status = shell.kind === 'fish' ? '$status' : '$?';
  shell.line(`${command}; echo "@${id}=${status}@"`);
  const re = new RegExp(`@${id}=(\\d+)@`);
  await shell.waitFor((out) => re.test(out), `the status of: ${command}`, from, timeoutMs);
  const output = shell.output().slice(from);
  return { status: Number(re.exec(output)![1]), output: output.slice(0, output.search(re)) };
}

/** Runs a command line and returns once `marker` appears (for a command that then waits for typed input). */
export async function startLine(
  shell: PtyShell,
  command: string,
  marker: RegExp,
  timeoutMs = 15_000,
): Promise<{ id: number; from: number }> {
  const id = ++runs;
  const from = shell.output().length;
  const status = shell.kind === 'fish' ? '$status' : '$?';
  shell.line(`${command}; echo "@${id}=${status}@"`);
  await shell.waitFor((out) => marker.test(out), `${marker} after: ${command}`, from, timeoutMs);
  return { id, from };
}

/** Waits for the status marker of a line begun with startLine. */
export async function finishLine(
  shell: PtyShell,
  started: { id: number; from: number },
  timeoutMs = 15_000,
): Promise<CommandResult> {
  const re = new RegExp(`@${started.id}=(\\d+)@`);
  await shell.waitFor((out) => re.test(out), `the status of command ${started.id}`, started.from, timeoutMs);
  const output = shell.output().slice(started.from);
  return { status: Number(re.exec(output)![1]), output: output.slice(0, output.search(re)) };
}

/** The guard's question on the terminal. */
export const QUESTION = /Type the cluster name/;

/** The user's own prompt (`mark` then a space) and the hook, for a shell started without rc files. */
export function setupLine(kind: ShellKind, mark: string, hook: string): string {
  switch (kind) {
    case 'bash':
      return `PS1='${mark} '; source ${q(hook)}`;
    case 'zsh':
      return `PROMPT='${mark} '; source ${q(hook)}`;
    case 'fish':
      return `function fish_prompt; echo -n '${mark} '; end; function fish_title; end; set -g fish_greeting; source ${q(hook)}`;
  }
}

/**
 * A nested shell of the same kind with exactly one extra variable, like a deploy tool's subshell.
 * Its first prompt reads `NESTED> ` (split in the command line, so the echoed input never matches).
 */
export function nestedShell(kind: ShellKind, name: string, value: string): string {
  switch (kind) {
    case 'bash':
      return `${name}=${q(value)} PS1='NEST''ED> ' bash --norc --noprofile -i`;
    case 'zsh':
      return `${name}=${q(value)} PS1='NEST''ED> ' zsh -f -i`;
    case 'fish':
      return `env ${name}=${q(value)} fish --no-config -i -C "function fish_prompt; printf '%s' NEST ED '> '; end"`;
  }
}

/**
 * A daemon serving a ~/.kube/config of `text` (aimed at `current`), the recording stand-ins first
 * on PATH, and a shell of `kind` with the hook, once its prompt shows `segment`. The stand-ins'
 * folder is pushed on `cleanups`.
 */
export async function startGuardShell(
  kind: ShellKind,
  text: string,
  current: string,
  segment: string,
  cleanups: string[],
): Promise<{ t: TestEnv; s: StandIns; shell: PtyShell; hook: string }> {
  const t = makeEnv();
  const s = makeStandIns();
  cleanups.push(s.dir);
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, text);
  await spawnDaemon(t);
  await waitForContext(t, current);
  const hook = writeInit(t.root, kind, t.env);
  const shell = await startShell(kind, envWithStandIns(t, s), t.home);
  shell.line(setupLine(kind, '@P@', hook));
  await shell.waitFor((out) => stripSgr(out).includes(`${segment} @P@`), 'a prompt with the segment');
  s.clearLogs();
  return { t, s, shell, hook };
}

/** After each test of `startGuardShell`: its shells closed, its daemons stopped, the folders on `cleanups` removed. */
export async function endGuardShells(cleanups: string[]): Promise<void> {
  await closeAllShells();
  await cleanup();
  for (const dir of cleanups.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Opens `nestedShell` and sets its prompt up with `mark`; returns once `segment` then `mark` shows. */
export async function enterNestedShell(
  shell: PtyShell,
  hook: string,
  variable: { name: string; value: string },
  mark: string,
  segment: RegExp,
): Promise<void> {
  // Typed-ahead input is dropped while a shell sets up its terminal: wait for the nested prompt.
  const started = shell.output().length;
  shell.line(nestedShell(shell.kind, variable.name, variable.value));
  await shell.waitFor((out) => stripSgr(out).includes('NESTED> '), 'the nested shell’s prompt', started);
  const from = shell.output().length;
  shell.line(setupLine(shell.kind, mark, hook));
  await shell.waitFor((out) => segment.test(stripSgr(out)), 'the nested prompt', from);
}

/** Runs `command`, waits for the guard's question, types `answer`; returns the status and what the terminal showed. */
export async function answerGuard(
  shell: PtyShell,
  command: string,
  answer: string,
): Promise<{ status: number; output: string }> {
  const started = await startLine(shell, command, QUESTION);
  shell.type(`${answer}\r`);
  return finishLine(shell, started);
}
