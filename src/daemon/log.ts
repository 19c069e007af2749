/** The daemon's log: appended lines, rotated to `daemon.log.1` past a size cap so it never grows without bound. */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const MAX_LOG_BYTES = 1024 * 1024;

export interface Logger {
  readonly file: string;
  info(message: string): void;
  error(message: string): void;
}

/**
 * Control characters (C0, DEL, C1) and bidi overrides written as escapes: a log line quotes names from
 * kubeconfig files, and `cat daemon.log` must not run a hostile name's terminal escapes.
 */
export function inertLogText(message: string): string {
  return message.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (char) =>
    char === '\n' ? '\\n' : `\\u{${char.codePointAt(0)!.toString(16)}}`,
  );
}

export function fileLogger(stateDir: string, echo?: (line: string) => void): Logger {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const file = join(stateDir, 'daemon.log');
  const write = (level: string, message: string): void => {
    const line = `${new Date().toISOString()} ${level} [${process.pid}] ${inertLogText(message)}\n`;
    echo?.(line);
    try {
      if (statSync(file).size > MAX_LOG_BYTES) renameSync(file, `${file}.1`);
    } catch {
      // No log yet.
    }
    try {
      appendFileSync(file, line, { mode: 0o600 });
    } catch {
      // A full or read-only disk must not take the daemon down; the prompt does not depend on the log.
    }
  };
  return { file, info: (message) => write('info', message), error: (message) => write('error', message) };
}
