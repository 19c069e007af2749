/**
 * The daemon's control socket, which is also its single-instance lock. On Linux it is an
 * abstract socket, released by the kernel when the process dies (even by SIGKILL), so a
 * crash never blocks the next start. Elsewhere it is a socket file whose staleness is tested.
 */
import { createHash } from 'node:crypto';
import { existsSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';

export interface ControlRequest {
  cmd: 'status' | 'stop' | 'reload';
}

export function controlAddress(cacheDir: string): string {
  if (process.platform === 'linux') {
    const digest = createHash('sha256').update(cacheDir).digest('hex').slice(0, 32);
    return `\0kctx-guard-${process.getuid?.() ?? 0}-${digest}`;
  }
  return join(cacheDir, 'daemon.sock');
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

export class AlreadyRunningError extends Error {
  override readonly name = 'AlreadyRunningError';
}

/**
 * Binds the control socket.
 * @throws AlreadyRunningError when another daemon for this cache folder holds it.
 */
export async function listenControl(
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
  const bind = (): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ path: address, exclusive: true }, () => resolve());
    });
  try {
    await bind();
  } catch (error) {
    if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
    const alive = (await sendControl(cacheDir, { cmd: 'status' }, 1000)) !== undefined;
    if (alive || address.startsWith('\0'))
      throw new AlreadyRunningError('a kctx-guard daemon is already running for this cache folder');
    if (existsSync(address)) unlinkSync(address);
    await bind();
  }
  return server;
}
