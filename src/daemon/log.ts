/** The daemon's log: appended lines, rotated to `daemon.log.1` past a size cap so it never grows without bound. */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const MAX_LOG_BYTES = 1024 * 1024;

export interface Logger {
  readonly file: string;
  info(message: string): void;
  error(message: string): void;
}

export function fileLogger(stateDir: string, echo?: (line: string) => void): Logger {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const file = join(stateDir, 'daemon.log');
  const write = (level: string, message: string): void => {
    const line = `${new Date().toISOString()} ${level} [${process.pid}] ${message.replace(/\n/g, '\\n')}\n`;
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
