/**
 * An HTTP CONNECT proxy test double: tunnels to the API server double, resolves API_HOST (a name
 * no resolver knows) to 127.0.0.1, so a request that reaches the double by that name went through
 * it; records each tunnel it opened.
 */
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { API_HOST } from './pki.js';

export interface ProxyDouble {
  url: string;
  /** `host:port` of each CONNECT. */
  tunnels: string[];
  close(): void;
}

export function startProxyDouble(): Promise<ProxyDouble> {
  const tunnels: string[] = [];
  const server: Server = createServer((_req, res) => void res.writeHead(405).end());
  server.on('connect', (req, client, head) => {
    const target = req.url ?? '';
    tunnels.push(target);
    const colon = target.lastIndexOf(':');
    const host = target.slice(0, colon);
    const upstream = connect(Number(target.slice(colon + 1)), host === API_HOST ? '127.0.0.1' : host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () =>
      done({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        tunnels,
        close: () => {
          server.closeAllConnections();
          server.close();
        },
      }),
    ),
  );
}
