/**
 * Talks to the user through the controlling terminal, so pipes on stdin/stdout stay untouched.
 * What was typed before the question appeared never answers it (pending input is discarded
 * first: Node has no tcflush, so the terminal goes raw for a moment, which makes even a half-typed
 * line readable, and everything pending is read without waiting), and a bracketed paste does not
 * count as typing the name.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { ReadStream } from 'node:tty';

export interface Terminal {
  /** Blocking, for the question and the answer. */
  fd: number;
  /** A second, non-blocking handle on the same terminal: raw mode and discarding pending input. */
  control: ReadStream | undefined;
  controlFd: number | undefined;
}

export interface Answer {
  text: string;
  /** The answer holds pasted text (the terminal marked it with ESC[200~ … ESC[201~). */
  pasted: boolean;
}

const PASTE_START = '\u001b[200~';
const PASTE_END = '\u001b[201~';

/** Opens /dev/tty; undefined when the process has no controlling terminal (scripts, CI). */
export function openTerminal(): Terminal | undefined {
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    return undefined;
  }
  try {
    const controlFd = openSync('/dev/tty', 'r');
    return { fd, control: new ReadStream(controlFd), controlFd };
  } catch {
    return { fd, control: undefined, controlFd: undefined };
  }
}

/** Reads and drops whatever the terminal holds that nobody has read yet, typed-ahead lines included. */
export function discardPending(terminal: Terminal): void {
  const { control, controlFd } = terminal;
  if (control === undefined || controlFd === undefined) return;
  control.setRawMode(true);
  try {
    const buffer = Buffer.alloc(4096);
    for (;;) {
      try {
        if (readSync(controlFd, buffer, 0, buffer.length, null) <= 0) break;
      } catch {
        break; // EAGAIN: nothing more is pending.
      }
    }
  } finally {
    control.setRawMode(false);
  }
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Writes `question`, reads one line (without its newline). An empty text on end of input. */
export function ask(terminal: Terminal, question: string): Answer {
  discardPending(terminal);
  // Bracketed paste on while asking, so a pasted name arrives marked and can be told apart.
  writeSync(terminal.fd, `${question}\u001b[?2004h`);
  const bytes: number[] = [];
  const one = Buffer.alloc(1);
  try {
    for (;;) {
      let read: number;
      try {
        read = readSync(terminal.fd, one, 0, 1, null);
      } catch (error) {
        if ((error as { code?: string }).code !== 'EAGAIN') throw error;
        pause(10);
        continue;
      }
      if (read === 0 || one[0] === 0x0a) break;
      bytes.push(one[0]!);
    }
  } finally {
    writeSync(terminal.fd, '\u001b[?2004l');
  }
  // The rest of a paste that held a newline must not reach the shell either.
  discardPending(terminal);
  const line = Buffer.from(bytes).toString('utf8').replace(/\r$/, '');
  const pasted = line.includes(PASTE_START) || line.includes(PASTE_END);
  return { text: line.replaceAll(PASTE_START, '').replaceAll(PASTE_END, ''), pasted };
}

export function closeTerminal(terminal: Terminal): void {
  terminal.control?.destroy();
  closeSync(terminal.fd);
}
