/**
 * The PKI of the API server double, made with the real openssl: a CA, a server certificate for
 * 127.0.0.1 and for a name only the proxy double resolves (API_HOST), a client certificate.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A host name no resolver knows: only a proxy (test/helpers/apiserver/proxy.ts) can reach it. */
export const API_HOST = 'api.kctx-guard.test';

export interface Pki {
  ca: string;
  serverKey: string;
  serverCert: string;
  /** A client certificate for CN=cert-user, O=devs, signed by the CA. */
  clientKey: string;
  clientCert: string;
}

/** A CA, a server certificate for 127.0.0.1 (and API_HOST) and a client certificate, made with the real openssl in `dir`. */
export function makePki(dir: string): Pki {
  mkdirSync(dir, { recursive: true });
  const run = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  writeFileSync(join(dir, 'server.cnf'), `subjectAltName=IP:127.0.0.1,DNS:${API_HOST}\nbasicConstraints=CA:FALSE\n`);
  writeFileSync(join(dir, 'client.cnf'), 'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n');
  const key = (name: string): void =>
    run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
  key('ca');
  run('req', '-x509', '-new', '-key', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=kctx-guard test CA');
  for (const [name, subject] of [
    ['server', '/CN=127.0.0.1'],
    ['client', '/O=devs/CN=cert-user'],
  ] as const) {
    key(name);
    run('req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    run(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-extfile',
      `${name}.cnf`,
    );
  }
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  return {
    ca: read('ca.crt'),
    serverKey: read('server.key'),
    serverCert: read('server.crt'),
    clientKey: read('client.key'),
    clientCert: read('client.crt'),
  };
}
