/**
 * The blast radius before the question, end to end: the built `kctx-guard __guard` (without a
 * terminal, so it refuses and prints its report) against a local HTTPS API server double, with the
 * user's own credentials: bearer token, client certificate, exec plugins (never run interactively).
 * The double's answers are checked against the real kubectl. Slow, refused and unauthorised
 * clusters are reported in one line within the budget.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELEASE_PAYLOAD, TOKEN } from './blast-fixture.js';
import { type BlastWorld, blastLines, startBlastWorld } from './blast-world.js';

describe('the blast radius before the question', () => {
  let world: BlastWorld;
  /** Two cores shared with other test runs: a 10 s budget here; the 1.5 s budget is proven apart (prod-slow). */
  const on = (context: string, argv: string[], tool = 'kubectl', budget = '10000') =>
    world.on(context, argv, { tool, budget });
  const kubectl = (args: string[]) => world.kubectl(args);

  beforeAll(async () => {
    world = await startBlastWorld();
  });
  afterAll(() => world?.close());

  it('for a namespace deletion: running pods and the newest one’s age, PVCs, workloads, helm releases; then refuses without a terminal', async () => {
    const run = await on('prod-token', ['delete', 'ns', 'prod']);
    expect(run.status).toBe(1);
    expect(blastLines(run.stderr)).toEqual([
      '  deletes    namespace prod holding 3 running pods (newest 3m old), 2 PVCs, 3 deployments, 1 statefulset, 0 daemonsets, 2 helm releases',
    ]);
    expect(run.stderr).toContain('refusing without a terminal');
  });

  it('reads helm releases from their Secrets’ metadata only: the release payload never travels, nor shows', async () => {
    const from = world.api.seen.length;
    const run = await on('prod-token', ['delete', 'namespace', 'prod']);
    const secrets = world.api.seen.slice(from).filter((seen) => seen.path.includes('/secrets'));
    expect(secrets.length).toBeGreaterThan(0);
    for (const seen of secrets)
      expect(seen.accept).toBe('application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1');
    expect(run.stderr).not.toContain(RELEASE_PAYLOAD);
    expect(run.stderr).not.toContain(TOKEN);
  });

  it('agrees with the real kubectl on what the double holds', async () => {
    const names = async (args: string[]): Promise<string[]> =>
      (await kubectl(['--context', 'prod-token', 'get', ...args, '-o', 'name']))
        .trim()
        .split('\n')
        .filter(Boolean)
        .sort();
    expect(await names(['pods', '-n', 'prod', '--field-selector', 'status.phase=Running'])).toEqual([
      'pod/api-0',
      'pod/web-1',
      'pod/web-2',
    ]);
    expect(await names(['pvc', '-n', 'prod'])).toHaveLength(2);
    expect(await names(['deployments', '-n', 'prod'])).toEqual([
      'deployment.apps/api',
      'deployment.apps/idle',
      'deployment.apps/web',
    ]);
    expect(await names(['statefulsets', '-n', 'prod'])).toEqual(['statefulset.apps/db']);
    const releases = JSON.parse(
      await kubectl(['--context', 'prod-token', 'get', 'secrets', '-n', 'prod', '-l', 'owner=helm', '-o', 'json']),
    ) as {
      items: { metadata: { labels: Record<string, string> } }[];
    };
    expect(new Set(releases.items.map((item) => item.metadata.labels['name']))).toEqual(new Set(['web', 'db']));
    expect(await names(['pods', '-A', '--field-selector', 'spec.nodeName=node-1'])).toEqual([
      'pod/api-0',
      'pod/fluentd-x',
      'pod/web-1',
    ]);
    await expect(kubectl(['--context', 'prod-token', 'get', 'deploy', 'gone', '-n', 'prod'])).rejects.toThrow(
      /deployments.apps "gone" not found/,
    );
    // The same objects with the client certificate instead of the token.
    expect(await kubectl(['--context', 'prod-cert', 'get', 'ns', '-o', 'name'])).toContain('namespace/prod');
  });

  it('for `delete <kind> <name>`: whether each exists', async () => {
    const run = await on('prod-token', ['delete', 'deploy', 'web', 'gone', '-n', 'prod']);
    expect(blastLines(run.stderr)).toEqual(['  deletes    deployments/web (exists), deployments/gone (not found)']);
    const typed = await on('prod-token', ['-n', 'prod', 'delete', 'pod/web-1', 'Widgets/x']);
    expect(blastLines(typed.stderr)).toEqual(['  deletes    pods/web-1 (exists), Widgets (not looked up)']);
  });

  it('for a selector: how many objects it selects', async () => {
    const run = await on('prod-token', ['delete', 'pods', '-l', 'app=web', '-n', 'prod']);
    expect(blastLines(run.stderr)).toEqual(['  deletes    2 objects of pods in namespace prod (-l app=web)']);
  });

  it('for `helm uninstall`: the release’s status, revision and the objects labelled for it', async () => {
    const run = await on('prod-token', ['uninstall', 'web', '-n', 'prod'], 'helm');
    expect(blastLines(run.stderr)).toEqual([
      '  uninstalls release web (deployed, revision 2): 3 objects labelled for it (1 deployment, 1 service, 1 configmap)',
    ]);
    const missing = await on('prod-token', ['uninstall', 'nope', '-n', 'prod'], 'helm');
    expect(blastLines(missing.stderr)).toEqual(['  uninstalls release nope: no such release in namespace prod']);
  });

  it('for `drain`: the pods on the node, DaemonSet pods apart', async () => {
    const run = await on('prod-token', ['drain', 'node-1']);
    expect(blastLines(run.stderr)).toEqual([
      '  drains     node node-1: evicts 2 pods from 2 namespaces; 1 DaemonSet pod stay',
    ]);
  });

  it('authenticates with a client certificate as well as a bearer token', async () => {
    const from = world.api.seen.length;
    const run = await on('prod-cert', ['delete', 'ns', 'prod']);
    expect(blastLines(run.stderr)[0]).toMatch(/^ {2}deletes {4}namespace prod holding 3 running pods/);
    expect(new Set(world.api.seen.slice(from).map((seen) => seen.user))).toEqual(new Set(['cert:cert-user']));
  });

  it('impersonates whom the command impersonates (--as)', async () => {
    const from = world.api.seen.length;
    await on('prod-token', ['delete', 'ns', 'prod', '--as', 'jane']);
    expect(new Set(world.api.seen.slice(from).map((seen) => seen.impersonate))).toEqual(new Set(['jane']));
  });

  it('runs an exec plugin without a terminal and with spec.interactive=false, and uses its token', async () => {
    const run = await on('prod-exec', ['delete', 'ns', 'prod']);
    expect(blastLines(run.stderr)[0]).toMatch(/namespace prod holding 3 running pods/);
    const log = readFileSync(join(world.box.root, 'exec-never.log'), 'utf8');
    expect(log).toContain('stdin=notty tty=none');
    expect(log).toContain('"interactive":false');
  });

  it('never runs a plugin with interactiveMode Always: “needs interactive login”, and asks anyway', async () => {
    const run = await on('prod-always', ['delete', 'ns', 'prod']);
    expect(blastLines(run.stderr)).toEqual([
      expect.stringMatching(
        /^ {2}blast {6}unknown: needs interactive login: user "always" logs in through exec-always with interactiveMode Always; not run from here; asking anyway$/,
      ),
    ]);
    expect(existsSync(join(world.box.root, 'exec-always.log'))).toBe(false);
    expect(run.stderr).toContain('refusing without a terminal');
  });

  it('reports a plugin that fails without a terminal (it wanted a browser) as needing an interactive login', async () => {
    const run = await on('prod-browser', ['delete', 'ns', 'prod']);
    expect(blastLines(run.stderr)).toEqual([
      expect.stringMatching(
        /^ {2}blast {6}unknown: needs interactive login: exec-browser \(user "browser"\) failed without a terminal \(exit 1\); asking anyway$/,
      ),
    ]);
    expect(readFileSync(join(world.box.root, 'exec-browser.log'), 'utf8')).toContain('display=none');
  });

  it('says in one line that a slow cluster did not answer within 1.5 s, and never waits longer', async () => {
    const run = await on('prod-slow', ['delete', 'ns', 'prod'], 'kubectl', '1500');
    expect(blastLines(run.stderr)).toEqual([
      expect.stringMatching(/^ {2}blast {6}unknown: the cluster did not answer in time within 1\.5 s/),
    ]);
    expect(run.status).toBe(1);
    // The budget plus node's own start and the guard; far below the double's 3 s.
    expect(run.ms).toBeLessThan(2900);
  });

  it('says in one line that a refused port cannot be reached', async () => {
    const run = await on('prod-refused', ['delete', 'ns', 'prod']);
    expect(blastLines(run.stderr)).toEqual([
      expect.stringMatching(
        /^ {2}blast {6}unknown: the cluster cannot be reached \(https:\/\/127\.0\.0\.1:\d+\): ECONNREFUSED; asking anyway$/,
      ),
    ]);
  });

  it('says the cluster refused credentials it does not accept (401)', async () => {
    const run = await on('prod-badtoken', ['delete', 'ns', 'prod']);
    expect(blastLines(run.stderr)).toEqual([
      expect.stringMatching(/unknown: the cluster refused your credentials .*401/),
    ]);
    expect(run.stderr).not.toContain('WRONG-TOKEN');
  });

  it('keeps hostile names inert: a namespace named with escapes and a release status label with them', async () => {
    const run = await on('prod-token', ['delete', 'ns', 'evil\u001b[31m\u202e']);
    expect(blastLines(run.stderr)).toEqual(['  deletes    namespace evil^[[31m<U+202E>, which does not exist']);
    const release = await on('prod-token', ['uninstall', 'hostile', '-n', 'lab'], 'helm');
    expect(blastLines(release.stderr)[0]).toContain('(pending^[[2J, revision 1)');
    expect(release.stderr).not.toMatch(/\u001b\[2J/);
  });

  it('does not look with other credentials than the kubeconfig’s (--token), and says so', async () => {
    const from = world.api.seen.length;
    const run = await on('prod-token', ['delete', 'ns', 'prod', '--token', 'OTHER-SECRET']);
    expect(blastLines(run.stderr)).toEqual([
      '  blast      not looked up: it sets its own server or credentials (--token)',
    ]);
    expect(world.api.seen.length).toBe(from);
    expect(run.stderr).not.toContain('OTHER-SECRET');
  });

  it('does not look for commands that run without a question', async () => {
    const from = world.api.seen.length;
    const run = await on('dev-token', ['delete', 'pod', 'web-1', '-n', 'prod']);
    expect(run.status).toBe(0);
    expect(world.api.seen.length).toBe(from);
  });
});
