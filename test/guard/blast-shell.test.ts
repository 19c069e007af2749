/**
 * The blast radius in a real interactive bash: the hook as `init` prints it, `kubectl delete ns prod`
 * on a danger context whose server is the API server double shows what the namespace holds before
 * the question, and a wrong answer runs nothing (a recording stand-in kubectl is first on PATH).
 * The shell has a terminal, so this is also where an exec plugin proves it never gets one.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ApiDouble, makePki, type Pki, startApiServerDouble } from '../helpers/apiserver-double.js';
import { cleanup, ensureBuilt, makeEnv, spawnDaemon, type TestEnv } from '../helpers/daemon.js';
import { envWithStandIns, finishLine, makeStandIns, startLine, type StandIns } from '../helpers/guard.js';
import { closeAllShells, q, startShell, writeInit, type PtyShell } from '../helpers/pty-shell.js';
import { stripSgr } from '../helpers/tmux.js';
import { blastFixture, blastKubeconfig, TOKEN } from './blast-fixture.js';

const QUESTION = /Type the cluster name/;
let api: ApiDouble;
let pki: Pki;
const pkiDir = mkdtempSync(join(tmpdir(), 'kctx-guard-blast-pki-'));

beforeAll(async () => {
  ensureBuilt();
  pki = makePki(pkiDir);
  api = await startApiServerDouble({ pki, token: TOKEN, objects: blastFixture(Date.now()) });
});
afterEach(async () => {
  await closeAllShells();
  await cleanup();
});
afterAll(() => {
  api?.close();
  rmSync(pkiDir, { recursive: true, force: true });
});

async function bashOn(context: string): Promise<{ t: TestEnv; s: StandIns; shell: PtyShell }> {
  const t = makeEnv();
  const s = makeStandIns();
  mkdirSync(join(t.root, 'bin'), { recursive: true });
  for (const [name, body] of Object.entries(blastKubeconfig.plugins(t.root))) {
    writeFileSync(join(t.root, 'bin', name), body);
    chmodSync(join(t.root, 'bin', name), 0o755);
  }
  mkdirSync(t.kubeDir, { recursive: true });
  const text = blastKubeconfig.text({ api: api.url, slow: api.url, refused: api.url, pki, root: t.root }, context);
  writeFileSync(t.kubeconfig, text);
  await spawnDaemon(t);
  const hook = writeInit(t.root, 'bash', t.env);
  // Two shared cores load client-node slowly; the 1.5 s budget itself is proven in blast.test.ts.
  const shell = await startShell('bash', envWithStandIns(t, s, { KCTX_GUARD_BLAST_MS: '10000' }), t.home);
  shell.line(`PS1='@P@ '; source ${q(hook)}`);
  await shell.waitFor((out) => stripSgr(out).includes(`${context}:default @P@`), 'a prompt with the segment');
  s.clearLogs();
  return { t, s, shell };
}

describe('bash: the blast radius before the question', () => {
  it('shows what `kubectl delete ns prod` would delete, then asks; a wrong answer runs nothing', async () => {
    const { s, shell } = await bashOn('prod-token');
    const started = await startLine(shell, 'kubectl delete ns prod', QUESTION, 30_000);
    shell.type('prod-eu\r');
    const result = await finishLine(shell, started);
    const output = stripSgr(result.output);
    const blast = output.indexOf('deletes    namespace prod holding 3 running pods (newest 3m old), 2 PVCs');
    expect(blast).toBeGreaterThan(-1);
    expect(blast).toBeLessThan(output.search(QUESTION));
    expect(result.status).toBe(1);
    expect(output).toContain('aborted, nothing ran');
    expect(s.toolLog()).toBe('');
  });

  it('runs an exec plugin with no terminal even though the guard has one', async () => {
    const { t, shell } = await bashOn('prod-exec-ifavailable');
    const started = await startLine(shell, 'kubectl delete ns prod', QUESTION, 30_000);
    shell.type('nope\r');
    const result = await finishLine(shell, started);
    expect(stripSgr(result.output)).toContain('deletes    namespace prod holding 3 running pods');
    const log = readFileSync(join(t.root, 'exec-never.log'), 'utf8');
    expect(log).toContain('stdin=notty tty=none');
    expect(log).toContain('"spec":{"interactive":false}');
  });
});
