/**
 * Each lookup of the blast radius, by table, end to end (the built guard, the HTTPS API server
 * double) with a bearer token and with a client certificate: `scale --replicas=0` (ready replicas),
 * `replace --force` and `delete -f` (each object in the manifests: exists or not), `apply --prune`
 * (what it may delete), `-k` and `-f -` (cannot be seen). The double's answers for these shapes
 * (a workload's status, the annotation `kubectl apply` leaves) are checked with the real kubectl.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BlastWorld, blastLines, startBlastWorld } from './blast-world.js';

const APP = [
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\nspec: {}\n',
  'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: web-config\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: new-config\n',
  'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n',
].join('---\n');

const LOOKUPS: [string, string[], string[]][] = [
  [
    'scale --replicas=0: the ready replicas that stop',
    ['-n', 'prod', 'scale', 'deploy/web', 'deploy/api', 'deploy/idle', 'deploy/gone', '--replicas=0'],
    [
      '  scales     to 0: deployments/web (2 ready replicas now), deployments/api (1 ready replica now), deployments/idle (0 ready replicas now), deployments/gone (not found)',
    ],
  ],
  [
    'scale --replicas=0x0 (Go’s zero) of a statefulset',
    ['-n', 'prod', 'scale', 'statefulset', 'db', '--replicas=0x0'],
    ['  scales     to 0: statefulsets/db (1 ready replica now)'],
  ],
  [
    'replace --force: each object it deletes and recreates',
    ['-n', 'prod', 'replace', '--force', '-f', 'app/'],
    [
      '  recreates  deployments/web (exists), configmaps/web-config (exists), configmaps/new-config (not found), Widget (not looked up)',
    ],
  ],
  [
    'delete -f dir: each object in the manifests',
    ['-n', 'prod', 'delete', '-f', 'app/'],
    [
      '  deletes    deployments/web (exists), configmaps/web-config (exists), configmaps/new-config (not found), Widget (not looked up)',
    ],
  ],
  [
    'apply --prune -l: the applied objects the selector matches that the manifests do not hold',
    ['-n', 'prod', 'apply', '--prune', '-l', 'app=web', '-f', 'app/'],
    ['  prunes     may delete 1 object matching -l app=web that the manifests do not hold: configmaps/old-web-config'],
  ],
  [
    'apply --prune with manifests from stdin: said, not listed',
    ['-n', 'prod', 'apply', '--prune', '-l', 'app=web', '-f', 'app/', '-f', '-'],
    [
      '  prunes     may delete objects matching -l app=web that the manifests do not hold (not listed: the manifests cannot all be seen)',
    ],
  ],
  [
    'delete -k: cannot be seen',
    ['-n', 'prod', 'delete', '-k', 'overlays/prod'],
    ['  blast      not looked up: the guard cannot see what -k overlays/prod holds'],
  ],
  [
    'delete -f -: cannot be seen',
    ['-n', 'prod', 'delete', '-f', '-'],
    ['  blast      not looked up: the guard cannot see what stdin (-f -) holds'],
  ],
];

describe('each lookup of the blast radius', () => {
  let world: BlastWorld;
  beforeAll(async () => {
    world = await startBlastWorld();
    world.box.write('app/all.yaml', APP);
  });
  afterAll(() => world?.close());

  describe.each([
    ['bearer token', 'prod-token', 'token'],
    ['client certificate', 'prod-cert', 'cert:cert-user'],
  ])('with a %s', (_auth, context, user) => {
    it.each(LOOKUPS)('%s', async (_name, argv, rows) => {
      const from = world.api.seen.length;
      const run = await world.on(context, argv);
      expect(blastLines(run.stderr)).toEqual(rows);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('refusing without a terminal');
      const seen = world.api.seen.slice(from);
      expect(new Set(seen.map((request) => request.user)).size).toBeLessThanOrEqual(1);
      if (seen.length > 0) expect(seen[0]!.user).toBe(user);
    });
  });

  it('reads only workloads whole (for their status); everything else as metadata', async () => {
    const from = world.api.seen.length;
    await world.on('prod-token', ['-n', 'prod', 'apply', '--prune', '-l', 'app=web', '-f', 'app/']);
    await world.on('prod-token', ['-n', 'prod', 'delete', '-f', 'app/']);
    await world.on('prod-token', ['-n', 'prod', 'scale', 'deploy/web', '--replicas=0']);
    const seen = world.api.seen.slice(from);
    const whole = seen.filter((request) => !request.accept.includes('as=PartialObjectMetadata'));
    expect(whole.map((request) => request.path)).toEqual(['/apis/apps/v1/namespaces/prod/deployments/web']);
    expect(seen.filter((request) => request.path.includes('/secrets')).length).toBeGreaterThan(0);
  });

  it('agrees with the real kubectl on the workloads’ ready replicas and on what apply left', async () => {
    const ready = await world.kubectl([
      '--context',
      'prod-token',
      'get',
      'deployments',
      '-n',
      'prod',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}={.status.readyReplicas};{end}',
    ]);
    expect(ready.split(';').sort()).toEqual(['', 'api=1', 'idle=', 'web=2']);
    const applied = await world.kubectl([
      '--context',
      'prod-token',
      'get',
      'configmaps',
      '-n',
      'prod',
      '-l',
      'app=web',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}:{.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}{"\\n"}{end}',
    ]);
    const lines = applied.trim().split('\n').sort();
    expect(lines.map((line) => line.split(':')[0])).toEqual(['old-web-config', 'web-config', 'web-notes']);
    expect(lines.filter((line) => line.includes('"kind"')).map((line) => line.split(':')[0])).toEqual([
      'old-web-config',
      'web-config',
    ]);
  });
});
