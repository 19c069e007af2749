/** `kctx-guard status --probe` against a real local HTTPS API server with a self-signed CA and bearer-token auth. */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePki } from '../helpers/apiserver/pki.js';
import { BIN, makeSandbox, type Sandbox } from '../helpers/cli.js';

const TOKEN = 'probe-token-123';

/** A CA and a server certificate for 127.0.0.1 (the API double's PKI, made with the real openssl). */
function makeCertificates(box: Sandbox): { ca: string; key: string; cert: string } {
  const pki = makePki(join(box.root, 'pki'));
  return { ca: pki.ca, key: pki.serverKey, cert: pki.serverCert };
}

function probeKubeconfig(server: string, ca: string, token: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'current-context: probe',
    'contexts:',
    '- name: probe',
    '  context: {cluster: local-api, user: me}',
    'clusters:',
    '- name: local-api',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${Buffer.from(ca).toString('base64')}`,
    'users:',
    '- name: me',
    `  user: {token: ${token}}`,
    '',
  ].join('\n');
}

/** Runs the CLI asynchronously: the test's own servers must keep answering meanwhile. */
function runCliAsync(
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

const listen = (server: Server | TcpServer): Promise<number> =>
  new Promise((done) => server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port)));

describe('kctx-guard status --probe', () => {
  const box = makeSandbox();
  let pki: { ca: string; key: string; cert: string };
  let api: Server;
  let silent: TcpServer;
  let apiUrl = '';
  let silentUrl = '';
  let closedUrl = '';
  const seen: string[] = [];
  const ANSWER_DELAY_MS = 120;

  beforeAll(async () => {
    pki = makeCertificates(box);
    api = createServer({ key: pki.key, cert: pki.cert }, (req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end('{"kind":"Status","code":401,"message":"Unauthorized"}');
        return;
      }
      // Answers after a known delay, so the reported round trip can be checked against it.
      setTimeout(
        () =>
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ major: '1', minor: '32', gitVersion: 'v1.32.0-test' })),
        ANSWER_DELAY_MS,
      );
    });
    apiUrl = `https://127.0.0.1:${await listen(api)}`;
    // Accepts connections and never answers: not even the TLS handshake.
    silent = createTcpServer(() => undefined);
    silentUrl = `https://127.0.0.1:${await listen(silent)}`;
    const closed = createTcpServer();
    closedUrl = `https://127.0.0.1:${await listen(closed)}`;
    await new Promise((done) => closed.close(done));
  });

  afterAll(() => {
    api.closeAllConnections();
    api.close();
    silent.close();
  });

  it('reports that the API answers, its version and the time, with the bearer token from the kubeconfig', async () => {
    box.write('ok.yaml', probeKubeconfig(apiUrl, pki.ca, TOKEN));
    const env = { ...box.env, KUBECONFIG: join(box.root, 'ok.yaml') };
    const human = await runCliAsync(['status', '--probe'], env);
    expect(human.stderr).toBe('');
    expect(human.status).toBe(0);
    expect(human.stdout).toMatch(/api\s+✔ answers v1\.32\.0-test in \d+ ms/);
    expect(seen).toContain(`GET /version Bearer ${TOKEN}`);
    const before = Date.now();
    const json = await runCliAsync(['status', '--probe', '--json'], env);
    const wallMs = Date.now() - before;
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.probe).toMatchObject({ ok: true, version: 'v1.32.0-test', error: null });
    // The round trip includes the server's delay and fits inside the command's own run time.
    expect(report.probe.ms).toBeGreaterThanOrEqual(ANSWER_DELAY_MS);
    expect(report.probe.ms).toBeLessThanOrEqual(wallMs);
    expect(json.stdout).not.toContain(TOKEN);
  });

  it('leaves the API alone without --probe', async () => {
    box.write('quiet.yaml', probeKubeconfig(apiUrl, pki.ca, TOKEN));
    const before = seen.length;
    const result = await runCliAsync(['status', '--json'], { ...box.env, KUBECONFIG: join(box.root, 'quiet.yaml') });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).probe).toBeUndefined();
    expect(seen.length).toBe(before);
  });

  it('says 401 Unauthorized and exits 1 when the token is wrong', async () => {
    box.write('bad-token.yaml', probeKubeconfig(apiUrl, pki.ca, 'wrong-token'));
    const result = await runCliAsync(['status', '--probe', '--json'], {
      ...box.env,
      KUBECONFIG: join(box.root, 'bad-token.yaml'),
    });
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).probe).toMatchObject({
      ok: false,
      version: null,
      error: expect.stringMatching(/^401 Unauthorized: .*user "me"/),
    });
    expect(result.stderr).toMatch(/did not answer: 401 Unauthorized/);
    expect(result.stdout + result.stderr).not.toContain('wrong-token');
  });

  it('says TLS failure when the kubeconfig trusts another CA', async () => {
    const other = makeCertificates(makeSandbox());
    box.write('other-ca.yaml', probeKubeconfig(apiUrl, other.ca, TOKEN));
    const result = await runCliAsync(['status', '--probe'], {
      ...box.env,
      KUBECONFIG: join(box.root, 'other-ca.yaml'),
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/api\s+✖ TLS failure talking to https:\/\/127\.0\.0\.1:\d+ .*certificate-authority/);
  });

  it('says unreachable when nothing listens on the port', async () => {
    box.write('closed.yaml', probeKubeconfig(closedUrl, pki.ca, TOKEN));
    const result = await runCliAsync(['status', '--probe', '--json'], {
      ...box.env,
      KUBECONFIG: join(box.root, 'closed.yaml'),
    });
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).probe.error).toMatch(/^unreachable: https:\/\/127\.0\.0\.1:\d+ \(.*ECONNREFUSED/);
    expect(result.stderr).toContain('unreachable');
  });

  it('gives up after --timeout when the server never answers', async () => {
    box.write('silent.yaml', probeKubeconfig(silentUrl, pki.ca, TOKEN));
    const result = await runCliAsync(['status', '--probe', '--json', '--timeout', '300'], {
      ...box.env,
      KUBECONFIG: join(box.root, 'silent.yaml'),
    });
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).probe).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^timeout: .* did not answer within 300 ms/),
    });
  });
});
