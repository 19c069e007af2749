/**
 * The world the blast-radius tests run in: a sandbox HOME with the fixture kubeconfig and exec
 * plugins, the HTTPS API server double (and a slow one, a refused port, a black hole that accepts
 * and never answers, an HTTP proxy double), the built `kctx-guard __guard` run without a terminal
 * (it refuses and prints its report), and the real kubectl on the same kubeconfig.
 */
import { execFile, spawn } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { API_HOST, type ApiDouble, makePki, type Pki, startApiServerDouble } from '../helpers/apiserver-double.js';
import { type ProxyDouble, startProxyDouble } from '../helpers/apiserver/proxy.js';
import { refusedUrl, startBlackHole } from '../helpers/apiserver/unreachable.js';
import { BIN, makeSandbox, type Sandbox } from '../helpers/cli.js';
import { findKubectl } from '../helpers/kubectl-oracle.js';
import { blastFixture, blastKubeconfig, TOKEN } from './blast-fixture.js';

export interface Run {
  status: number | null;
  stderr: string;
  ms: number;
}

export interface BlastWorld {
  box: Sandbox;
  pki: Pki;
  api: ApiDouble;
  proxy: ProxyDouble;
  /** Sockets the black hole accepted (and never answered). */
  swallowed: () => number;
  env: Record<string, string>;
  /** `__guard` with `--context` (kubectl) or `--kube-context` (helm); a 10 s budget unless given. */
  on(
    context: string,
    argv: string[],
    options?: { tool?: string; budget?: string; env?: Record<string, string>; cwd?: string },
  ): Promise<Run>;
  kubectl(args: string[], env?: Record<string, string>, cwd?: string): Promise<string>;
  close(): void;
}

/** The report's rows about the blast radius. */
export const blastLines = (stderr: string): string[] =>
  stderr.split('\n').filter((line) => /^ {2}(deletes|recreates|scales|prunes|uninstalls|drains|blast) /.test(line));

export async function startBlastWorld(): Promise<BlastWorld> {
  const box = makeSandbox();
  const pki = makePki(join(box.root, 'pki'));
  const api = await startApiServerDouble({ pki, token: TOKEN, objects: blastFixture(Date.now()) });
  const slow = await startApiServerDouble({ pki, token: TOKEN, objects: blastFixture(Date.now()), delayMs: 3000 });
  const proxy = await startProxyDouble();
  const refused = await refusedUrl();
  const hole = await startBlackHole();
  const blackHole = hole.url;
  for (const [name, body] of Object.entries(blastKubeconfig.plugins(box.root))) {
    box.write(`bin/${name}`, body);
    chmodSync(join(box.root, 'bin', name), 0o755);
  }
  box.write('tokens/blast.token', `${TOKEN}\n`);
  const named = api.url.replace('127.0.0.1', API_HOST);
  box.write(
    'kubeconfig',
    blastKubeconfig.text({
      api: api.url,
      slow: slow.url,
      refused,
      blackHole,
      proxy: proxy.url,
      named,
      pki,
      root: box.root,
    }),
  );
  const env = { ...box.env, KUBECONFIG: join(box.root, 'kubeconfig'), DISPLAY: ':99' };
  return {
    box,
    pki,
    api,
    proxy,
    swallowed: hole.swallowed,
    env,
    on(context, argv, options = {}) {
      const tool = options.tool ?? 'kubectl';
      const flag = tool === 'helm' ? '--kube-context' : '--context';
      const started = performance.now();
      return new Promise((done) => {
        // A session of its own (no terminal, as under CI), asynchronous: the doubles answer meanwhile.
        const child = spawn(process.execPath, [BIN, '__guard', tool, '--', flag, context, ...argv], {
          env: { ...env, KCTX_GUARD_BLAST_MS: options.budget ?? '10000', ...options.env },
          cwd: options.cwd ?? box.root,
          detached: true,
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (status) => done({ status, stderr, ms: performance.now() - started }));
      });
    },
    kubectl(args, extra = {}, cwd = '/') {
      return new Promise((done, fail) =>
        execFile(
          findKubectl(),
          args,
          { cwd, env: { PATH: '/usr/bin:/bin', HOME: box.home, KUBECONFIG: env.KUBECONFIG, ...extra } },
          (error, stdout, stderr) => (error ? fail(new Error(`${error.message}\n${stderr}`)) : done(stdout)),
        ),
      );
    },
    close() {
      api.close();
      slow.close();
      proxy.close();
      hole.close();
    },
  };
}
