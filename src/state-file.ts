/**
 * JSON files in the private state folder (the identity memory, the clusters' declared levels):
 * mode 0600 in a 0700 folder, written atomically (temp file, rename) so a reader never sees half a
 * file. A file that cannot be read, or is not what its reader expects, counts as empty and says
 * why; it is never trusted in part.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The file's content when `valid` accepts it, else `empty()`; `problem` says why a file that exists
 * was not used (`what` names what it should have been: `an identity memory of version 1`).
 */
export function readStateJson<T>(
  file: string,
  valid: (value: unknown) => value is T,
  empty: () => T,
  what: string,
): { value: T; problem: string | undefined } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { value: empty(), problem: undefined };
    return { value: empty(), problem: `cannot read ${file}: ${(error as Error).message}` };
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (valid(parsed)) return { value: parsed, problem: undefined };
  } catch {
    // Reported below, like any other content that is not what was expected.
  }
  return { value: empty(), problem: `${file} is not ${what}; ignored` };
}

/** @throws Error when the file cannot be written (the temp file is removed). */
export function writeStateJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(temp, `${JSON.stringify(value)}\n`, { mode: 0o600 });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
