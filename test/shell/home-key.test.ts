/**
 * Issue 9 #5: HOME and XDG_CONFIG_HOME decide which default kubeconfig and config.yaml apply, so
 * they are part of the cache key. With one daemon (started with the first HOME), a shell with
 * another HOME (`su` without `-`, `HOME=… bash`) or another XDG_CONFIG_HOME must show its own
 * truth in its prompt and in `kctx-guard status`, never the first HOME's entry.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  cli,
  ensureBuilt,
  kubeconfigText,
  makeEnv,
  requireKubectl,
  sleep,
  spawnDaemon,
  type TestEnv,
} from '../helpers/daemon.js';
import { killSessions, type Prompt, SHELLS, ShellSession } from '../helpers/tmux.js';

beforeAll(ensureBuilt);
afterEach(async () => {
  await killSessions();
  await cleanup();
});

/** The environment with some variables replaced, for the CLI. */
const withEnv = (t: TestEnv, extra: Record<string, string>): TestEnv => ({ ...t, env: { ...t.env, ...extra } });

/** `kctx-guard status --json` in that environment. */
async function status(t: TestEnv): Promise<{ context: string; level: string; cache: { usedForThisReport: boolean } }> {
  const run = await cli(t, ['status', '--json']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

/** Runs `true` until the prompt shows `want` (the first prompts of a new shell may still be on their way). */
async function promptUntil(sh: ShellSession, want: string): Promise<Prompt> {
  let p = await sh.run('true');
  for (let i = 0; i < 30 && p.segment !== want; i++) {
    await sleep(100);
    p = await sh.run('true');
  }
  return p;
}

function writeKubeconfig(home: string, current: string, names: string[]): void {
  mkdirSync(join(home, '.kube'), { recursive: true });
  writeFileSync(
    join(home, '.kube', 'config'),
    kubeconfigText(
      current,
      names.map((name) => ({ name, cluster: name })),
    ),
  );
}

describe.each(SHELLS)('%s: HOME and XDG_CONFIG_HOME are part of the key', (shell) => {
  it('two HOMEs, one daemon: each prompt and each status shows its own HOME’s kubeconfig', async () => {
    const t = makeEnv();
    writeKubeconfig(t.home, 'kind-dev', ['kind-dev']);
    const home2 = join(t.root, 'home2');
    writeKubeconfig(home2, 'prod-main', ['prod-main', 'staging-eu']);
    await spawnDaemon(t);
    const first = await ShellSession.start(shell, t);
    const second = await ShellSession.start(shell, t, { env: { HOME: home2 } });
    expect((await promptUntil(first, '⎈ kind-dev:default')).segment).toBe('⎈ kind-dev:default');
    const p = await promptUntil(second, '⎈ prod-main:default');
    expect(p.segment).toBe('⎈ prod-main:default');
    expect(new Set(p.cells.map((cell) => cell.sgr))).toEqual(new Set(['1;31']));
    expect((await status(t)).context).toBe('kind-dev');
    const other = await status(withEnv(t, { HOME: home2 }));
    expect(other).toMatchObject({ context: 'prod-main', level: 'danger' });
    // The one daemon serves the second HOME too, and follows its kubeconfig.
    expect(readFileSync(t.logFile, 'utf8')).toContain(`HOME=${JSON.stringify(home2)}`);
    execFileSync(requireKubectl(), ['config', 'use-context', 'staging-eu'], {
      env: { PATH: t.env['PATH']!, HOME: home2 },
    });
    expect((await promptUntil(second, '⎈ staging-eu:default')).segment).toBe('⎈ staging-eu:default');
    expect((await promptUntil(first, '⎈ kind-dev:default')).segment).toBe('⎈ kind-dev:default');
    const after = await status(withEnv(t, { HOME: home2 }));
    expect(after).toMatchObject({ context: 'staging-eu', level: 'warn', cache: { usedForThisReport: true } });
    expect(await status(t)).toMatchObject({ context: 'kind-dev', level: 'safe', cache: { usedForThisReport: true } });
  });

  it('an XDG_CONFIG_HOME with a rule file changes the level for that shell only', async () => {
    const t = makeEnv();
    writeKubeconfig(t.home, 'kind-dev', ['kind-dev']);
    const config2 = join(t.root, 'config2');
    mkdirSync(join(config2, 'kctx-guard'), { recursive: true });
    writeFileSync(
      join(config2, 'kctx-guard', 'config.yaml'),
      'rules:\n  - context: "kind-*"\n    level: danger\n    label: MINE\n',
    );
    await spawnDaemon(t);
    const plain = await ShellSession.start(shell, t);
    // Set in the running shell (fish also reads its own rc from XDG_CONFIG_HOME): the next prompt takes it.
    const ruled = await ShellSession.start(shell, t);
    await ruled.run(ruled.exportCommand('XDG_CONFIG_HOME', config2));
    const p = await promptUntil(ruled, '⎈ MINE kind-dev:default');
    expect(p.segment).toBe('⎈ MINE kind-dev:default');
    expect(new Set(p.cells.map((cell) => cell.sgr))).toEqual(new Set(['1;31']));
    const q = await promptUntil(plain, '⎈ kind-dev:default');
    expect(q.segment).toBe('⎈ kind-dev:default');
    expect(new Set(q.cells.map((cell) => cell.sgr))).toEqual(new Set(['32']));
    expect(await status(withEnv(t, { XDG_CONFIG_HOME: config2 }))).toMatchObject({ level: 'danger' });
    expect(await status(t)).toMatchObject({ level: 'safe' });
  });
});
