/**
 * Reads a source file (kubeconfig, config.yaml) without ever blocking or consuming it: only regular
 * files are opened, never a pipe or a device, never a path that names a different file in every
 * process, and never more than the cap is read, whatever `stat` said.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readlinkSync,
  readSync,
  realpathSync,
  statSync,
  type Stats,
} from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Why a file was refused; `tooLarge` sets it apart from the files that cannot be read at all. */
export class FileRefusedError extends Error {
  override readonly name = 'FileRefusedError';
  constructor(
    message: string,
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

/** Paths that each process resolves to its own descriptors or its own /proc folder. */
const PER_PROCESS_TEXT = /^\/(?:dev\/(?:fd|stdin|stdout|stderr)|proc\/(?:self|thread-self))(?:\/|$)/;

export const PER_PROCESS_MESSAGE =
  "names a different file in every process (a shell's descriptor, like <(…) or /dev/stdin); kctx-guard would read its own, not your shell's";

/** Whether the path, as written, is per-process: the answer depends on no file, only on the text. */
export function isPerProcessText(path: string): boolean {
  return PER_PROCESS_TEXT.test(resolve(path));
}

function inOwnProcFolder(path: string): boolean {
  try {
    const folder = realpathSync(dirname(path));
    const own = `/proc/${process.pid}`;
    return folder === own || folder.startsWith(`${own}/`);
  } catch {
    return false;
  }
}

/** Whether the path, or a symlink it goes through, leads into this process's own descriptors or /proc folder. */
export function isPerProcessPath(path: string): boolean {
  let current = resolve(path);
  // As many hops as the kernel follows (40) before it reports a loop.
  for (let hop = 0; hop < 40; hop++) {
    if (PER_PROCESS_TEXT.test(current) || inOwnProcFolder(current)) return true;
    try {
      if (!lstatSync(current).isSymbolicLink()) return false;
      current = resolve(dirname(current), readlinkSync(current));
    } catch {
      return false;
    }
  }
  return false;
}

function kindOf(stat: Stats): string {
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

function refuseUnlessRegular(stat: Stats): void {
  if (stat.isFile()) return;
  if (stat.isDirectory()) throw new FileRefusedError('is a directory');
  throw new FileRefusedError(`not a regular file (${kindOf(stat)}); kctx-guard cannot read it without consuming it`);
}

function tooLarge(size: string, maxBytes: number): FileRefusedError {
  return new FileRefusedError(`file is ${size} bytes; files over ${maxBytes} bytes are refused`, true);
}

/**
 * The file's text, read from the descriptor that was checked to be a regular file.
 * @throws FileRefusedError for a per-process path, anything but a regular file, or more than `maxBytes`;
 *   the fs error (ENOENT, EACCES, ELOOP…) when it cannot be opened.
 */
export function readRegularFile(path: string, maxBytes: number): string {
  return readRegularBytes(path, maxBytes).toString('utf8');
}

/** {@link readRegularFile}, as bytes (kubeconfigs: their decoding follows go-yaml's). */
export function readRegularBytes(path: string, maxBytes: number): Buffer {
  if (isPerProcessPath(path)) throw new FileRefusedError(PER_PROCESS_MESSAGE);
  // stat before open: opening a FIFO, even without blocking, would release a writer waiting for a reader.
  const stat = statSync(path);
  refuseUnlessRegular(stat);
  if (stat.size > maxBytes) throw tooLarge(String(stat.size), maxBytes);
  // The path may have been swapped for a pipe since: O_NONBLOCK keeps open() from waiting for a
  // writer, and the descriptor itself is checked before a byte is read.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0));
  try {
    refuseUnlessRegular(fstatSync(fd));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(Math.max(stat.size + 1 - total, 64 * 1024), maxBytes + 1 - total);
      const chunk = Buffer.allocUnsafe(want);
      const read = readSync(fd, chunk, 0, want, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      // The file grew past the cap while being read (or its size was never true): stop here.
      if (total > maxBytes) throw tooLarge(`over ${maxBytes}`, maxBytes);
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}
