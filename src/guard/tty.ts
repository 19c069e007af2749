/** Talks to the user through the controlling terminal, so pipes on stdin/stdout stay untouched. */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

/** Opens /dev/tty; undefined when the process has no controlling terminal (scripts, CI). */
export function openTerminal(): number | undefined {
  try {
    return openSync('/dev/tty', 'r+');
  } catch {
    return undefined;
  }
}

/** Writes `question`, reads one line (without its newline). An empty string on end of input. */
export function ask(fd: number, question: string): string {
  writeSync(fd, question);
  const bytes: number[] = [];
  const one = Buffer.alloc(1);
  for (;;) {
    let read: number;
    try {
      read = readSync(fd, one, 0, 1, null);
    } catch (error) {
      if ((error as { code?: string }).code === 'EAGAIN') continue;
      throw error;
    }
    if (read === 0 || one[0] === 0x0a) break;
    bytes.push(one[0]!);
  }
  return Buffer.from(bytes).toString('utf8').replace(/\r$/, '');
}

export function closeTerminal(fd: number): void {
  closeSync(fd);
}
