/** The real kubectl keeps accepting kubeconfigs that carry kctx-guard extensions, and resolves them as we do. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kubeconfigFiles, resolveTarget } from '../../src/kubeconfig/index.js';
import { loadKubeconfigFiles } from '../../src/pipeline/load.js';
import { identityKubeconfig } from '../helpers/identity-kubeconfig.js';
import { askKubectl, findKubectl } from '../helpers/kubectl-oracle.js';

const dir = mkdtempSync(join(tmpdir(), 'kctx-ext-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kctx-guard extensions and the real kubectl', () => {
  it.each([
    ['on the cluster', { clusterExtension: '{level: danger, alias: leap}' }],
    ['on the context', { contextExtension: '{level: warn}' }],
    [
      'on both, with a key kctx-guard does not know',
      { clusterExtension: '{level: safe, colour: 3}', contextExtension: '{alias: x}' },
    ],
    ['with a value kctx-guard ignores', { clusterExtension: '[1, 2]' }],
  ])('%s', async (_, extensions) => {
    const file = join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(
      file,
      identityKubeconfig('leap', [
        {
          name: 'leap',
          server: 'https://127.0.0.1:6443',
          ca: 'leap',
          tlsServerName: 'leap.example.invalid',
          ...extensions,
        },
      ]),
    );
    const theirs = await askKubectl(findKubectl(), { cwd: dir, home: dir, kubeconfig: file });
    const ours = resolveTarget(loadKubeconfigFiles(kubeconfigFiles(file, dir, dir)));
    expect(theirs).toMatchObject({ ok: true, context: 'leap', cluster: 'leap', server: 'https://127.0.0.1:6443' });
    expect(ours.ok && ours.target.server).toBe('https://127.0.0.1:6443');
  });
});
