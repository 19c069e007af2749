/**
 * The daemon's control socket, which is also its single-instance lock. On Linux it is an
 * abstract socket, released by the kernel when the process dies (even by SIGKILL), so a
 * crash never blocks the next start. Elsewhere (macOS) it is `daemon.sock` in the cache folder:
 * a symlink to the socket file the daemon bound under its own name (socket-file.ts), taken over
 * only when nothing listens behind it any more.
 * The socket lives in its own thread (control-worker.ts), so `status` answers within half a
 * second even while the daemon's thread parses a 32 MiB kubeconfig.
 */
import { realpathSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { hasAbstractSockets } from '../platform.js';
import { removeEarlierBootLeftovers } from './leftovers.js';
import { AlreadyRunningError, listenOnSocketFile, releaseSocketFile } from './socket-file.js';
import { RELOAD_WAIT_MS } from './timing.js';

export { AlreadyRunningError } from './socket-file.js';

export interface ControlRequest {
  cmd: 'status' | 'stop' | 'reload';
}

/**
 * 128 bits of FNV-1a (two 64-bit passes with different offset bases) of `text`'s UTF-8, in hex: a
 * stable short name for a path. Not a defence (the name is predictable either way); node:crypto
 * would cost `status` a few milliseconds of start-up for it.
 */
export function nameHash(text: string): string {
  const prime = 0x100000001b3n;
  const mask = (1n << 64n) - 1n;
  let a = 0xcbf29ce484222325n;
  let b = 0x84222325cbf29ce4n;
  for (const byte of Buffer.from(text, 'utf8')) {
    a = ((a ^ BigInt(byte)) * prime) & mask;
    b = ((b ^ BigInt(byte ^ 0x5c)) * prime) & mask;
  }
  return a.toString(16).padStart(16, '0') + b.toString(16).padStart(16, '0');
}

/**
 * The socket of the daemon for `cacheDir`, named after the folder's canonical path, so a trailing
 * `/`, `//`, `..` or a symlinked XDG_RUNTIME_DIR name the same daemon and cannot start a second.
 */
export function controlAddress(cacheDir: string): string {
  let canonical = resolve(cacheDir);
  try {
    canonical = realpathSync(cacheDir);
  } catch {
    // Not made yet: its normalised path is what it will be called.
  }
  if (hasAbstractSockets()) {
    const digest = nameHash(canonical);
    return `\0kctx-guard-${process.getuid?.() ?? 0}-${digest}`;
  }
  return join(canonical, 'daemon.sock');
}

/** Sends one request; resolves to the reply, or undefined when no daemon answers in time. */
export function sendControl(cacheDir: string, request: ControlRequest, timeoutMs = 2000): Promise<unknown> {
  return new Promise((resolve) => {
    const socket: Socket = connect({ path: controlAddress(cacheDir) });
    let data = '';
    const done = (value: unknown): void => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(timeoutMs, () => done(undefined));
    socket.on('error', () => done(undefined));
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk) => {
      data += chunk.toString('utf8');
      const end = data.indexOf('\n');
      if (end !== -1) {
        try {
          done(JSON.parse(data.slice(0, end)));
        } catch {
          done(undefined);
        }
      }
    });
    socket.on('end', () => done(undefined));
  });
}

/**
 * Asks a running daemon to reload; resolves once it has rewritten its entries (or gave up waiting),
 * with its status, or undefined when none answers.
 */
export function reloadDaemon(cacheDir: string): Promise<unknown> {
  return sendControl(cacheDir, { cmd: 'reload' }, RELOAD_DEADLINE_MS + CONTROL_DEADLINE_MS);
}

/**
 * Binds the control socket in the calling thread (the control thread does).
 * @throws AlreadyRunningError when another daemon for this cache folder holds it.
 */
export async function serveControl(
  cacheDir: string,
  handle: (request: ControlRequest) => Promise<unknown> | unknown,
): Promise<Server> {
  const address = controlAddress(cacheDir);
  const server = createServer((socket) => {
    let data = '';
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      data += chunk.toString('utf8');
      if (data.length > 4096) return void socket.destroy();
      const end = data.indexOf('\n');
      if (end === -1) return;
      let request: ControlRequest;
      try {
        request = JSON.parse(data.slice(0, end)) as ControlRequest;
      } catch {
        return void socket.end(`${JSON.stringify({ error: 'bad request' })}\n`);
      }
      Promise.resolve(handle(request)).then(
        (reply) => socket.end(`${JSON.stringify(reply)}\n`),
        (error: Error) => socket.end(`${JSON.stringify({ error: error.message })}\n`),
      );
    });
  });
  if (!address.startsWith('\0')) return listenOnSocketFile(server, address);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ path: address, exclusive: true }, () => resolve());
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'EADDRINUSE')
      throw new AlreadyRunningError('a kctx-guard daemon is already running for this cache folder');
    throw error;
  }
  return server;
}

/** How long the control thread waits for the daemon's thread before answering from what it last heard. */
export const CONTROL_DEADLINE_MS = 500;
/** How long the control thread waits for a `reload` to be done: the daemon's own wait, and the usual deadline. */
export const RELOAD_DEADLINE_MS = RELOAD_WAIT_MS + CONTROL_DEADLINE_MS;

export interface ControlHandlers {
  /** The status reply, built on the daemon's thread. */
  status(): unknown;
  /** `reload` resolves once the entries are rewritten (or the daemon gave up waiting). */
  command(cmd: 'stop' | 'reload'): void | Promise<void>;
  /** The control thread died: the single-instance lock is gone with it. */
  lost(reason: string): void;
}

export interface ControlServer {
  close(): Promise<void>;
  /** What an earlier boot had left in the cache folder, removed once the lock was ours (leftovers.ts). */
  removedLeftovers: string[];
}

/** Messages between the daemon's thread and the control thread. */
export type ControlMessage =
  | { type: 'ready' }
  | { type: 'failed'; alreadyRunning: boolean; message: string }
  | { type: 'status'; id: number; status?: unknown }
  | { type: 'command'; cmd: 'stop' | 'reload'; id?: number };

/**
 * Starts the control thread and binds the socket there. Once the lock is ours, removes what a daemon
 * of an earlier boot left in the cache folder (nobody else can be writing there now).
 * @throws AlreadyRunningError when another daemon for this cache folder holds it.
 */
export async function listenControl(cacheDir: string, handlers: ControlHandlers): Promise<ControlServer> {
  const worker = new Worker(new URL('./control-worker.js', import.meta.url), {
    workerData: { cacheDir, deadlineMs: CONTROL_DEADLINE_MS, reloadDeadlineMs: RELOAD_DEADLINE_MS },
  });
  // Only a thread that was serving can be lost; one that failed to bind has said why.
  let serving = false;
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (message: ControlMessage) => {
      if (message.type === 'ready') {
        serving = true;
        resolve();
      } else if (message.type === 'failed') {
        // Its message port would keep the thread, and so this process, alive.
        void worker.terminate();
        reject(message.alreadyRunning ? new AlreadyRunningError(message.message) : new Error(message.message));
      } else if (message.type === 'status')
        worker.postMessage({ type: 'status', id: message.id, status: handlers.status() } satisfies ControlMessage);
      else if (message.type === 'command') {
        const id = message.id;
        // A command with an id is answered, as a status, once it is done.
        void Promise.resolve(handlers.command(message.cmd)).then(() => {
          if (id !== undefined)
            worker.postMessage({ type: 'status', id, status: handlers.status() } satisfies ControlMessage);
        });
      }
    });
    worker.on('error', (error) => {
      reject(error);
      if (serving) handlers.lost(`the control thread failed: ${error.stack ?? error.message}`);
      serving = false;
    });
    worker.on('exit', (code) => {
      reject(new Error(`the control thread exited (${code})`));
      if (serving) handlers.lost(`the control thread exited (${code})`);
    });
  });
  return {
    close: async () => {
      serving = false;
      const address = controlAddress(cacheDir);
      if (!address.startsWith('\0')) releaseSocketFile(address);
      await worker.terminate();
    },
    removedLeftovers: removeEarlierBootLeftovers(cacheDir),
  };
}
