/**
 * Invariant 7: no secret leaves the kubeconfig. Real files full of planted secrets go through
 * the real pipeline and the real atomic write; every byte under the cache folder is searched.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ensurePrivateDir,
  entryFileName,
  entryKey,
  serializeEntry,
  writeEntryAtomically,
} from '../../src/cache/index.js';
import { computeEntry } from '../../src/pipeline/index.js';

/** Every secret-bearing field a kubeconfig can have, each with its own marker. */
const SECRETS = {
  token: 'SECRET-TOKEN-1234',
  password: 'SECRET-PASSWORD-5678',
  clientKeyData: 'SECRET-CLIENT-KEY-DATA-9012',
  clientCertData: 'SECRET-CLIENT-CERT-DATA-3456',
  caData: 'SECRET-CA-DATA-7890',
  execArg: 'SECRET-EXEC-ARG-1111',
  execEnv: 'SECRET-EXEC-ENV-2222',
  authProvider: 'SECRET-AUTH-PROVIDER-3333',
  refreshToken: 'SECRET-REFRESH-TOKEN-4444',
  proxyPassword: 'SECRET-PROXY-PASSWORD-5555',
  otherUserToken: 'SECRET-OTHER-USER-TOKEN-6666',
  extension: 'SECRET-EXTENSION-7777',
  base64Key: Buffer.from('SECRET-BASE64-KEY-8888').toString('base64'),
};
// kubectl refuses a *-data field that is not base64, so those markers go in encoded; both forms are searched.
const b64 = (text: string): string => Buffer.from(text).toString('base64');
const MARKERS = [...Object.values(SECRETS), ...Object.values(SECRETS).map(b64), 'SECRET-'];

const usersYaml = (name: string): string[] => [
  'users:',
  `- name: ${name}`,
  '  user:',
  `    token: ${SECRETS.token}`,
  `    password: ${SECRETS.password}`,
  '    username: admin',
  `    client-key-data: ${b64(SECRETS.clientKeyData)}`,
  `    client-certificate-data: ${b64(SECRETS.clientCertData)}`,
  '    exec:',
  '      apiVersion: client.authentication.k8s.io/v1',
  '      command: aws',
  `      args: [eks, get-token, --role, ${SECRETS.execArg}]`,
  '      env:',
  '      - name: AWS_SECRET_ACCESS_KEY',
  `        value: ${SECRETS.execEnv}`,
  '    auth-provider:',
  '      name: oidc',
  '      config:',
  `        id-token: ${SECRETS.authProvider}`,
  `        refresh-token: ${SECRETS.refreshToken}`,
  '- name: other',
  '  user:',
  `    token: ${SECRETS.otherUserToken}`,
  `    client-key-data: ${SECRETS.base64Key}`,
];

const clustersYaml = (server: string): string[] => [
  'clusters:',
  '- name: prod-eu',
  '  cluster:',
  `    server: ${server}`,
  `    certificate-authority-data: ${b64(SECRETS.caData)}`,
  `    proxy-url: http://proxy:${SECRETS.proxyPassword}@proxy.example.com:3128`,
  '    extensions:',
  '    - name: vendor',
  '      extension:',
  `        key: ${SECRETS.extension}`,
];

const contextsYaml = (user: string): string[] => [
  'contexts:',
  '- name: prod-eu',
  '  context:',
  '    cluster: prod-eu',
  `    user: ${user}`,
  '    namespace: payments',
];

const file = (...sections: string[][]): string =>
  `${['apiVersion: v1', 'kind: Config', ...sections.flat()].join('\n')}\n`;

let root: string;
let home: string;
let cacheDir: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kctx-guard-secrets-'));
  home = join(root, 'home');
  cacheDir = join(root, 'cache');
  mkdirSync(join(home, '.kube'), { recursive: true });
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Runs the pipeline and the atomic write, and returns every file the cache folder then holds. */
function computeAndWrite(kubeconfig: string | undefined, cwd = root): { text: string; files: Map<string, string> } {
  const key = entryKey({ home, configHome: '', kubeconfig, cwd });
  const { entry, state } = computeEntry({
    key,
    kubeconfig,
    cwd,
    home,
    configFile: join(home, '.config', 'kctx-guard', 'config.yaml'),
  });
  const text = serializeEntry(entry);
  ensurePrivateDir(cacheDir);
  writeEntryAtomically(cacheDir, entryFileName(key), text, state.newestNs);
  const files = new Map(filesUnder(cacheDir).map((path) => [path, readFileSync(path, 'latin1')] as const));
  expect(files.get(join(cacheDir, entryFileName(key)))).toBe(Buffer.from(text).toString('latin1'));
  return { text, files };
}

function expectNoSecrets(text: string, files: Map<string, string>): void {
  for (const marker of MARKERS) {
    expect(text, marker).not.toContain(marker);
    for (const [path, content] of files) expect(content, `${marker} in ${path}`).not.toContain(marker);
  }
}

describe('no secrets in the cache', () => {
  it('the default kubeconfig with every kind of secret', () => {
    writeFileSync(
      join(home, '.kube', 'config'),
      file(
        ['current-context: prod-eu'],
        clustersYaml('https://api.prod.example.com:6443'),
        contextsYaml('admin'),
        usersYaml('admin'),
      ),
    );
    const { text, files } = computeAndWrite(undefined);
    // The entry did read the file: the names and server are there, the secrets are not.
    expect(text).toContain('prod-eu');
    expect(text).toContain('payments');
    expect(text).toContain('https://api.prod.example.com:6443');
    expect(text.split('\n')[3]).toBe('danger');
    expectNoSecrets(text, files);
  });

  it('secrets spread over a KUBECONFIG list, one file missing', () => {
    const a = join(root, 'a.yaml');
    const b = join(root, 'b.yaml');
    writeFileSync(a, file(['current-context: prod-eu'], contextsYaml('admin'), usersYaml('admin')));
    writeFileSync(
      b,
      file(
        clustersYaml('https://10.0.0.1:6443'),
        usersYaml('admin-b').map((line) => line.replace('name: other', 'name: other-b')),
      ),
    );
    const { text, files } = computeAndWrite(`${a}:${join(root, 'missing.yaml')}:${b}`);
    expect(text).toContain('https://10.0.0.1:6443');
    expect(text).toContain('[KUBECONFIG=a.yaml:missing.yaml:b.yaml]');
    expectNoSecrets(text, files);
  });

  it('a relative KUBECONFIG entry', () => {
    writeFileSync(
      join(root, 'rel.yaml'),
      file(['current-context: prod-eu'], clustersYaml('https://10.0.0.2'), contextsYaml('admin'), usersYaml('admin')),
    );
    const { text, files } = computeAndWrite('rel.yaml', root);
    expect(text).toContain('https://10.0.0.2');
    expectNoSecrets(text, files);
  });

  it('a file that is not valid YAML right next to the secrets (error entry)', () => {
    const lines = file(
      ['current-context: prod-eu'],
      clustersYaml('https://10.0.0.3'),
      contextsYaml('admin'),
      usersYaml('admin'),
    ).split('\n');
    const at = lines.findIndex((line) => line.includes(SECRETS.token));
    lines.splice(at + 1, 0, `   broken: ${SECRETS.token} : [`);
    writeFileSync(join(home, '.kube', 'config'), lines.join('\n'));
    const { text, files } = computeAndWrite(undefined);
    expect(text.split('\n')[3]).toBe('error');
    expect(JSON.parse(text.split('\n')[12]!)).toMatchObject({ errorCode: 'unparsable' });
    expectNoSecrets(text, files);
  });

  it('a secret in a field of the wrong type (error entry)', () => {
    const contexts = contextsYaml('admin').map((line) =>
      line.includes('namespace') ? `    namespace: {token: ${SECRETS.token}}` : line,
    );
    writeFileSync(
      join(home, '.kube', 'config'),
      file(['current-context: prod-eu'], clustersYaml('https://10.0.0.4'), contexts, usersYaml('admin')),
    );
    const { text, files } = computeAndWrite(undefined);
    expect(text.split('\n')[3]).toBe('error');
    expectNoSecrets(text, files);
  });

  it('a context naming a user that no file defines (error entry)', () => {
    writeFileSync(
      join(home, '.kube', 'config'),
      file(['current-context: prod-eu'], clustersYaml('https://10.0.0.5'), contextsYaml('ghost'), usersYaml('admin')),
    );
    const { text, files } = computeAndWrite(undefined);
    expect(text.split('\n')[3]).toBe('error');
    expect(text).toContain('ghost');
    expectNoSecrets(text, files);
  });

  // kubectl (Go's HTTP client) sends a URL's user:password as basic auth, so it is a credential.
  it('a password inside the server URL', () => {
    const server = `https://admin:${SECRETS.password}@api.prod.example.com:6443`;
    writeFileSync(
      join(home, '.kube', 'config'),
      file(['current-context: prod-eu'], clustersYaml(server), contextsYaml('admin'), usersYaml('admin')),
    );
    const { text, files } = computeAndWrite(undefined);
    expect(text).toContain('api.prod.example.com');
    expectNoSecrets(text, files);
  });
});
