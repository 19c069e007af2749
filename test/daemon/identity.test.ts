/**
 * Levels follow identity in the real daemon: the LEAP replay (a deploy tool's temporary KUBECONFIG
 * whose harmless-looking context is leap's server and CA) is danger with its reason, in the entry
 * and in `status`; the daemon's identity memory is private, listed by `identities`, and its changes
 * reach entries whose own files did not change; `identities forget` drops what is no longer true.
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  cli,
  ensureBuilt,
  makeEnv,
  register,
  sleep,
  spawnDaemon,
  waitForEntry,
  type TestEnv,
} from '../helpers/daemon.js';
import { identityKubeconfig } from '../helpers/identity-kubeconfig.js';

beforeAll(ensureBuilt);
afterEach(cleanup);

const LEAP = { server: 'https://leap.example.invalid', ca: 'leap' };
const REASON = 'same API server as prod-leap (~/.kube/config)';

function leapEnv(): { t: TestEnv; deploy: string } {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(
    t.kubeconfig,
    identityKubeconfig('temple', [
      { name: 'prod-leap', ...LEAP },
      { name: 'temple', server: 'https://temple.example.invalid', ca: 'temple' },
    ]),
  );
  // The deploy tool names the context after the cluster it thinks it deploys, not after its importance.
  const dir = join(t.root, 'deployer-tmp-1a2b');
  mkdirSync(dir);
  const deploy = join(dir, 'kubeconfig.yaml');
  writeFileSync(
    deploy,
    identityKubeconfig('temple', [{ name: 'temple', server: 'https://LEAP.example.invalid:443/', ca: 'leap' }]),
  );
  return { t, deploy };
}

describe('identity memory in the daemon', () => {
  it('the LEAP replay: the temporary kubeconfig is danger and says why, in the entry and in status', async () => {
    const { t, deploy } = leapEnv();
    await spawnDaemon(t);
    await waitForEntry(t, (read) => read.entry.details.context === 'temple' && read.entry.level === 'unclassified');
    const ref = register(t, deploy);
    const entry = await waitForEntry(t, (read) => read.entry.level === 'danger', { ref });
    expect(entry.entry.details.rule).toBe(REASON);
    expect(entry.entry.segment.note).toBe(`[${REASON}]`);

    const status = await cli({ ...t, env: { ...t.env, KUBECONFIG: deploy } }, ['status', '--json']);
    const report = JSON.parse(status.stdout) as { level: string; rule: string; cache: { usedForThisReport: boolean } };
    expect(report).toMatchObject({ level: 'danger', rule: REASON, cache: { usedForThisReport: true } });
    const human = await cli({ ...t, env: { ...t.env, KUBECONFIG: deploy, NO_COLOR: '1' } }, ['status']);
    expect(human.stdout).toContain('⎈ DANGER');
    expect(human.stdout).toContain(REASON);
  });

  it('keeps a private memory that `identities` lists, without credentials', async () => {
    const { t, deploy } = leapEnv();
    await spawnDaemon(t);
    const ref = register(t, deploy);
    await waitForEntry(t, (read) => read.entry.level === 'danger', { ref });
    const file = join(t.stateDir, 'identities.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const listed = await cli(t, ['identities', '--json']);
    const list = JSON.parse(listed.stdout) as {
      identities: { id: string; level: string; server: string; seen: { context: string; file: string }[] }[];
    };
    const leap = list.identities.find((identity) => identity.server === 'https://leap.example.invalid:443');
    expect(leap?.level).toBe('danger');
    expect(leap?.seen.map((seen) => `${seen.context} ${seen.file}`).sort()).toEqual([
      `prod-leap ${t.kubeconfig}`,
      `temple ${deploy}`,
    ]);
    expect(listed.stdout).not.toContain('not-a-real-token');
    const human = await cli({ ...t, env: { ...t.env, NO_COLOR: '1' } }, ['identities']);
    expect(human.stdout).toMatch(new RegExp(`${leap!.id}\\s+danger\\s+https://leap\\.example\\.invalid:443`));
  });

  it('a change of ~/.kube/config reaches the temporary entry, whose own file did not change', async () => {
    const { t, deploy } = leapEnv();
    await spawnDaemon(t);
    const ref = register(t, deploy);
    await waitForEntry(t, (read) => read.entry.level === 'danger', { ref });
    // prod-leap is renamed (context and cluster) to a name no rule classifies: nothing calls leap danger any more.
    const renamed = (name: string): string =>
      identityKubeconfig('temple', [
        { name, ...LEAP },
        { name: 'temple', server: 'https://temple.example.invalid', ca: 'temple' },
      ]);
    writeFileSync(t.kubeconfig, renamed('leap'));
    await waitForEntry(t, (read) => read.entry.level === 'unclassified', { ref });
    writeFileSync(t.kubeconfig, renamed('prod-leap'));
    const back = await waitForEntry(t, (read) => read.entry.level === 'danger', { ref });
    expect(back.entry.details.rule).toBe(REASON);
  });

  it('a gone temporary kubeconfig is remembered until forgotten', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(
      t.kubeconfig,
      identityKubeconfig('k3s', [{ name: 'k3s', server: 'https://127.0.0.1:6443', ca: 'leap' }]),
    );
    const deploy = join(t.root, 'tmp-kubeconfig');
    writeFileSync(deploy, identityKubeconfig('prod-leap', [{ name: 'prod-leap', ...LEAP }]));
    await spawnDaemon(t);
    await waitForEntry(t, (read) => read.entry.level === 'safe');
    register(t, deploy);
    // The tunnel (127.0.0.1 with leap's CA) is leap: danger once the daemon has seen prod-leap anywhere.
    const tunnel = await waitForEntry(t, (read) => read.entry.level === 'danger');
    expect(tunnel.entry.details.rule).toBe(`same CA as prod-leap (${deploy}), on a local address: a tunnel`);
    // The deploy tool cleans up: the memory still knows the tunnel is leap.
    rmSync(deploy);
    await sleep(500);
    expect((await waitForEntry(t, () => true)).entry.level).toBe('danger');
    const forgot = await cli(t, ['identities', 'forget', 'prod-leap']);
    expect(forgot.stdout).toMatch(/^forgot [0-9a-f]{12} https:\/\/leap\.example\.invalid:443 \(prod-leap\)$/m);
    // Forgotten, and no file says otherwise: the local cluster is safe again.
    await waitForEntry(t, (read) => read.entry.level === 'safe');
    const again = await cli(t, ['identities', 'forget', 'prod-leap']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('no remembered identity');
  });
});
