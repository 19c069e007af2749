/**
 * How the blast radius reaches the cluster, checked against the real kubectl on the same kubeconfig
 * and the same doubles: a cluster's `proxy-url`, HTTPS_PROXY and NO_PROXY from the environment, a
 * relative token-file and a relative exec command (relative to the kubeconfig's folder, whatever
 * the working directory), and the kubeconfig's own `as`. Each case: kubectl's outcome, then ours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BlastWorld, blastLines, startBlastWorld } from './blast-world.js';

const HOLDING = /^ {2}deletes {4}namespace prod holding 3 running pods/;

describe('the blast radius connects as kubectl does', () => {
  let world: BlastWorld;
  beforeAll(async () => {
    world = await startBlastWorld();
  });
  afterAll(() => world?.close());

  const look = async (context: string, env: Record<string, string> = {}) =>
    blastLines((await world.on(context, ['delete', 'ns', 'prod'], { env, cwd: '/' })).stderr);
  const kubectlLists = (context: string, env: Record<string, string> = {}) =>
    world.kubectl(['--context', context, 'get', 'ns', 'prod', '-o', 'name'], env, '/');

  it('goes through the cluster’s proxy-url', async () => {
    expect(await kubectlLists('prod-proxy')).toBe('namespace/prod\n');
    const from = world.proxy.tunnels.length;
    expect(await look('prod-proxy')).toEqual([expect.stringMatching(HOLDING)]);
    expect(world.proxy.tunnels.slice(from)).toContain(new URL(world.api.url).port.replace(/^/, 'api.kctx-guard.test:'));
  });

  it('goes through HTTPS_PROXY, and not when NO_PROXY names the host', async () => {
    const proxy = { HTTPS_PROXY: world.proxy.url };
    expect(await kubectlLists('prod-envproxy', proxy)).toBe('namespace/prod\n');
    expect(await look('prod-envproxy', proxy)).toEqual([expect.stringMatching(HOLDING)]);
    const bypass = { ...proxy, NO_PROXY: '.kctx-guard.test' };
    await expect(kubectlLists('prod-envproxy', bypass)).rejects.toThrow(/no such host|lookup/);
    expect(await look('prod-envproxy', bypass)).toEqual([
      expect.stringMatching(/^ {2}blast {6}unknown: the cluster cannot be reached .*(ENOTFOUND|EAI_AGAIN)/),
    ]);
  });

  // Not checked with this machine's kubectl: with any token-file it hangs after its first request.
  it('reads a relative token-file from the kubeconfig’s folder, not the working directory, trimmed', async () => {
    const from = world.api.seen.length;
    expect(await look('prod-tokenfile')).toEqual([expect.stringMatching(HOLDING)]);
    expect(new Set(world.api.seen.slice(from).map((seen) => seen.user))).toEqual(new Set(['token']));
  });

  it('runs a relative exec command from the kubeconfig’s folder', async () => {
    expect(await kubectlLists('prod-relexec')).toBe('namespace/prod\n');
    expect(await look('prod-relexec')).toEqual([expect.stringMatching(HOLDING)]);
  });

  it('impersonates the kubeconfig user’s `as`, as kubectl does', async () => {
    let from = world.api.seen.length;
    await kubectlLists('prod-as');
    expect(new Set(world.api.seen.slice(from).map((seen) => seen.impersonate))).toEqual(new Set(['jane']));
    from = world.api.seen.length;
    await look('prod-as');
    expect(new Set(world.api.seen.slice(from).map((seen) => seen.impersonate))).toEqual(new Set(['jane']));
  });
});
