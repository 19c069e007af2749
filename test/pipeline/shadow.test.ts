/**
 * kubectl's first-wins hides a later file's definition of the same name: when the target's context
 * or cluster is defined again elsewhere in KUBECONFIG and reaches another cluster there, the prompt
 * says so, from real files.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeEntry } from '../../src/pipeline/index.js';
import { identityKubeconfig, type IdentityContext } from '../helpers/identity-kubeconfig.js';

const root = mkdtempSync(join(tmpdir(), 'kctx-shadow-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const home = join(root, 'home');
mkdirSync(home);

let n = 0;
function file(current: string, contexts: IdentityContext[]): string {
  const path = join(root, `f${n++}.yaml`);
  writeFileSync(path, identityKubeconfig(current, contexts));
  return path;
}
const entryOf = (...files: string[]) =>
  computeEntry({ key: 'k', kubeconfig: files.join(':'), cwd: root, home, configFile: join(root, 'c.yaml') }).entry;

const PROD = { name: 'prod', server: 'https://prod-a.example.invalid', ca: 'a' };

describe('names kubectl hides', () => {
  it('the same context name in a later file, naming another cluster: marked, with the file in details', () => {
    const first = file('prod', [PROD]);
    // prod → cluster prod-b in the second file: kubectl never reads it.
    const second = file('prod', [{ name: 'prod-b', server: 'https://prod-b.example.invalid' }]);
    const text = identityKubeconfig('prod', [{ name: 'prod-b', server: 'https://prod-b.example.invalid' }]);
    writeFileSync(
      second,
      text.replace('contexts:\n', 'contexts:\n- name: prod\n  context: {cluster: prod-b, user: u}\n'),
    );
    const entry = entryOf(first, second);
    expect(entry.details.server).toBe('https://prod-a.example.invalid');
    expect(entry.segment.note).toBe(`[context prod also in ${basename(second)}, hidden by kubectl]`);
    expect(entry.details.shadowed).toEqual([
      { kind: 'context', name: 'prod', file: second, server: 'https://prod-b.example.invalid' },
    ]);
  });

  it('the same cluster name in a later file with another server: the cluster is marked', () => {
    const second = file('prod', [{ ...PROD, server: 'https://prod-b.example.invalid' }]);
    const entry = entryOf(file('prod', [PROD]), second);
    expect(entry.segment.note).toBe(`[cluster prod also in ${basename(second)}, hidden by kubectl]`);
    expect(entry.details.shadowed).toEqual([
      { kind: 'cluster', name: 'prod', file: second, server: 'https://prod-b.example.invalid' },
    ]);
  });

  it('the same definition twice hides nothing', () => {
    expect(entryOf(file('prod', [PROD]), file('prod', [PROD])).details.shadowed).toEqual([]);
  });

  it('another CA for the same server is another cluster', () => {
    const entry = entryOf(file('prod', [PROD]), file('prod', [{ ...PROD, ca: 'b' }]));
    expect(entry.details.shadowed?.map((item) => item.kind)).toEqual(['cluster']);
  });

  it('a name only in a later file is no shadow', () => {
    const entry = entryOf(file('prod', [PROD]), file('x', [{ name: 'x', server: 'https://x.example.invalid' }]));
    expect(entry.segment.note).toBe('');
  });
});
