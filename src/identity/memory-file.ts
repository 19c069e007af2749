/**
 * The identity memory on disk: `identities.json` in the state folder, mode 0600 in a 0700 folder,
 * written atomically (temp file, rename) under a lock folder, so the daemon's learning and the CLI's
 * `forget` never lose each other's change. A file that cannot be read or parsed counts as empty and
 * says why; it is never trusted in part.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readStateJson, writeStateJson } from '../state-file.js';
import { emptyMemory, MEMORY_VERSION, type IdentityMemory } from './memory.js';

export const MEMORY_FILE = 'identities.json';
/** A lock folder older than this was left by a process that died holding it. */
const STALE_LOCK_MS = 10_000;
/** How long the CLI waits for the lock; the daemon waits less (it has other entries to serve). */
export const LOCK_WAIT_MS = 2_000;

export class IdentityMemoryError extends Error {
  override readonly name = 'IdentityMemoryError';
}

export function memoryPath(stateDir: string): string {
  return join(stateDir, MEMORY_FILE);
}

function isMemory(value: unknown): value is IdentityMemory {
  if (typeof value !== 'object' || value === null) return false;
  const memory = value as { version?: unknown; identities?: unknown };
  return (
    memory.version === MEMORY_VERSION &&
    Array.isArray(memory.identities) &&
    memory.identities.every(
      (item: unknown) =>
        typeof item === 'object' &&
        item !== null &&
        typeof (item as { id?: unknown }).id === 'string' &&
        typeof (item as { server?: unknown }).server === 'string' &&
        Array.isArray((item as { seen?: unknown }).seen),
    )
  );
}

/** The memory, empty when there is none; `problem` says why a file that exists was not used. */
export function readMemory(stateDir: string): { memory: IdentityMemory; problem: string | undefined } {
  const { value, problem } = readStateJson(
    memoryPath(stateDir),
    isMemory,
    emptyMemory,
    `an identity memory of version ${MEMORY_VERSION}`,
  );
  return { memory: value, problem };
}

/** @throws Error when the file cannot be written (the temp file is removed). */
export function writeMemory(stateDir: string, memory: IdentityMemory): void {
  writeStateJson(memoryPath(stateDir), memory);
}

/**
 * Runs `change` on the memory under the lock and writes what it returns, if anything.
 * @throws IdentityMemoryError when the lock is not free within `waitMs`; the write's error otherwise.
 */
export function updateMemory<T>(
  stateDir: string,
  change: (memory: IdentityMemory) => { memory: IdentityMemory | undefined; result: T },
  waitMs = LOCK_WAIT_MS,
): T {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const lock = `${memoryPath(stateDir)}.lock`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      mkdirSync(lock, { mode: 0o700 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new IdentityMemoryError(`${lock} is held by another process`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  try {
    const { memory, result } = change(readMemory(stateDir).memory);
    if (memory !== undefined) writeMemory(stateDir, memory);
    return result;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
