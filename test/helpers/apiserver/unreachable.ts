/**
 * API servers that never answer, for the paths where a request must end on its own: a port that
 * refuses connections (nothing listens there any more), and a black hole that accepts connections
 * and never says a word (a firewall that drops, a hung server).
 */
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';

const listen = (server: Server): Promise<string> =>
  new Promise((done) =>
    server.listen(0, '127.0.0.1', () => done(`https://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );

/** A URL on 127.0.0.1 whose port refuses connections. */
export async function refusedUrl(): Promise<string> {
  const closed = createServer();
  const url = await listen(closed);
  await new Promise((done) => closed.close(done));
  return url;
}

export interface BlackHole {
  url: string;
  /** Connections it accepted (and never answered). */
  swallowed(): number;
  close(): void;
}

export async function startBlackHole(): Promise<BlackHole> {
  const held: Socket[] = [];
  const server = createServer((socket) => void held.push(socket));
  const url = await listen(server);
  return {
    url,
    swallowed: () => held.length,
    close() {
      for (const socket of held) socket.destroy();
      server.close();
    },
  };
}
