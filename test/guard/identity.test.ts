/**
 * The guard decides by identity, as the prompt does: `kctx-guard __guard` as a process without a
 * terminal, on a deploy tool's temporary kubeconfig whose names say nothing, matched against
 * ~/.kube/config, the identity memory and kubeconfig extensions. Its level and reason are the
 * prompt's entry's, computed by the same function.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acknowledgeHidden, emptyMemory, learn, writeMemory } from '../../src/identity/index.js';
import { caFileReader, computeEntry, hiddenDefinitions, loadKubeconfigFiles } from '../../src/pipeline/index.js';
import { guardWithoutTerminal, makeSandbox, type Sandbox } from '../helpers/cli.js';
import { identityKubeconfig, type IdentityContext } from '../helpers/identity-kubeconfig.js';

const LEAP: IdentityContext = { name: 'prod-leap', server: 'https://leap.example.invalid', ca: 'leap' };
const TEMPLE: IdentityContext = { name: 'temple', server: 'https://temple.example.invalid', ca: 'temple' };
const DELETE = ['delete', 'deployment', 'web'];

const guard = (env: Record<string, string>, argv: string[]) => guardWithoutTerminal(env, argv);

/** A sandbox whose ~/.kube/config knows prod-leap and temple, and a deploy tool's kubeconfig. */
function leapBox(deploy: IdentityContext[]): { box: Sandbox; env: Record<string, string>; file: string } {
  const box = makeSandbox();
  box.write('home/.kube/config', identityKubeconfig('temple', [LEAP, TEMPLE]));
  const file = box.write('deploy/kubeconfig.yaml', identityKubeconfig(deploy[0]!.name, deploy));
  return { box, env: { ...box.env, KUBECONFIG: file }, file };
}

describe('the guard decides by identity', () => {
  it('the LEAP replay: `leap` in a temporary kubeconfig is prod-leap by server and CA; it asks for leap and says why', () => {
    const { env } = leapBox([{ name: 'leap', server: 'https://LEAP.example.invalid:443/', ca: 'leap' }]);
    const refused = guard(env, DELETE);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/cluster\s+leap\s+\[DANGER\]/);
    expect(refused.stderr).toContain('on a danger-level cluster (same API server as prod-leap (~/.kube/config))');
    expect(refused.stderr).toContain('KCTX_GUARD_CONFIRM="leap"');
    expect(guard({ ...env, KCTX_GUARD_CONFIRM: 'temple' }, DELETE).status).toBe(1);
    expect(guard({ ...env, KCTX_GUARD_CONFIRM: 'leap' }, DELETE).status).toBe(0);
  });

  it('the same host with another CA is another cluster: nothing to ask on an unclassified one', () => {
    const { env } = leapBox([{ name: 'leap', server: 'https://leap.example.invalid', ca: 'rebuilt' }]);
    expect(guard(env, DELETE).status).toBe(0);
  });

  it('an SSH tunnel on 127.0.0.1 with leap’s CA is leap, never "local, safe"', () => {
    const { env } = leapBox([{ name: 'tunnel', server: 'https://127.0.0.1:16443', ca: 'leap' }]);
    const refused = guard(env, DELETE);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('same CA as prod-leap (~/.kube/config), on a local address: a tunnel');
  });

  it('the identity memory speaks for a kubeconfig that is no longer in sight', () => {
    const { box, env, file } = leapBox([{ name: 'leap', server: 'https://leap.example.invalid', ca: 'leap' }]);
    // The daemon once served another kubeconfig that named leap prod; ~/.kube/config no longer does.
    const old = box.write('old/kubeconfig', identityKubeconfig('prod-leap', [LEAP]));
    const { observed } = computeEntry({
      key: 'k',
      kubeconfig: old,
      cwd: box.root,
      home: box.home,
      configFile: join(box.root, 'none.yaml'),
    });
    writeMemory(join(env['XDG_STATE_HOME']!, 'kctx-guard'), learn(emptyMemory(), observed, new Date()).memory);
    box.write('home/.kube/config', identityKubeconfig('temple', [TEMPLE]));
    const refused = guard(env, DELETE);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`same API server as prod-leap (${old})`);
    // The file the command reads says what it holds now: the memory does not speak for it.
    writeFileSync(file, identityKubeconfig('leap', [{ name: 'leap', server: 'https://other.example.invalid' }]));
    expect(guard(env, DELETE).status).toBe(0);
  });

  it('a cluster’s kubeconfig extension: danger, and the alias it declares is the answer', () => {
    const arn = 'arn:aws:eks:eu-west-1:123456789012:cluster/x9';
    const { env } = leapBox([
      { name: arn, server: 'https://x9.example.invalid', clusterExtension: '{level: danger, alias: leap-eu}' },
    ]);
    const refused = guard(env, DELETE);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`declared danger by the kubeconfig extension kctx-guard on cluster ${arn}`);
    expect(refused.stderr).toContain('KCTX_GUARD_CONFIRM="leap-eu"');
    expect(guard({ ...env, KCTX_GUARD_CONFIRM: 'leap-eu' }, DELETE).status).toBe(0);
  });

  it('says what the prompt says: the entry for the same shell has the same level and reason', () => {
    const { box, env, file } = leapBox([{ name: 'leap', server: 'https://leap.example.invalid', ca: 'leap' }]);
    mkdirSync(join(box.root, 'cfg'), { recursive: true });
    const entry = computeEntry({
      key: 'k',
      kubeconfig: `${file}:${join(box.home, '.kube', 'config')}`,
      cwd: box.root,
      home: box.home,
      configFile: join(box.root, 'cfg', 'config.yaml'),
    }).entry;
    expect(entry.details.rule).toBe('same API server as prod-leap (~/.kube/config)');
    expect(guard(env, DELETE).stderr).toContain(`(${entry.details.rule})`);
  });

  it('a context whose drift is not acknowledged asks for a mutating command and says what moved', () => {
    const { box, env } = leapBox([{ name: 'leap', server: 'https://leap.example.invalid', ca: 'leap' }]);
    const home = join(box.home, '.kube', 'config');
    const state = join(env['XDG_STATE_HOME']!, 'kctx-guard');
    const observe = () =>
      computeEntry({ key: 'k', kubeconfig: undefined, cwd: box.root, home: box.home, configFile: join(box.root, 'n') })
        .observed;
    const before = learn(emptyMemory(), observe(), new Date()).memory;
    box.write(
      'home/.kube/config',
      identityKubeconfig('temple', [LEAP, { ...TEMPLE, server: 'https://new.example.invalid' }]),
    );
    writeMemory(state, learn(before, observe(), new Date()).memory);
    const homeEnv = { ...env, KUBECONFIG: home };
    const refused = guard(homeEnv, ['scale', 'deployment', 'web', '--replicas=3']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      'temple in ~/.kube/config now points at https://new.example.invalid:443 (was https://temple.example.invalid:443), and that is not acknowledged yet (kctx-guard ack)',
    );
    expect(guard(homeEnv, ['get', 'pods']).status).toBe(0);
  });

  it('a definition of the target kubectl hides, not acknowledged, asks for a mutating command; once acknowledged it does not', () => {
    const { box, env } = leapBox([{ name: 'temple', server: 'https://elsewhere.example.invalid', ca: 'x' }]);
    const home = join(box.home, '.kube', 'config');
    // ~/.kube/config first: its temple wins; the deploy file's temple (another cluster) is hidden.
    const pair = { ...env, KUBECONFIG: `${home}:${env['KUBECONFIG']}` };
    const refused = guard(pair, ['scale', 'deployment', 'web', '--replicas=3']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('cluster temple in ');
    expect(refused.stderr).toContain('kubectl uses the first, and that is not acknowledged yet (kctx-guard ack)');
    expect(guard(pair, ['get', 'pods']).status).toBe(0);
    const state = join(env['XDG_STATE_HOME']!, 'kctx-guard');
    const found = hiddenDefinitions(loadKubeconfigFiles(pair['KUBECONFIG']!.split(':')), caFileReader());
    writeMemory(state, {
      ...emptyMemory(),
      hiddenAcknowledged: acknowledgeHidden([], found, undefined, 'now').acknowledged,
    });
    expect(guard(pair, ['scale', 'deployment', 'web', '--replicas=3']).status).toBe(0);
  });
});
