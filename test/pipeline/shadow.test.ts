/**
 * kubectl's first-wins hides a later file's definition of the same name: when the target's context
 * or cluster is defined again elsewhere in KUBECONFIG and reaches another cluster there, the prompt
 * says so, from real files.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeEntry, type ComputeRequest } from '../../src/pipeline/index.js';
import { acknowledgeHidden } from '../../src/identity/index.js';
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
const computedOf = (files: string[], memory: Partial<ComputeRequest> = {}) =>
  computeEntry({ key: 'k', kubeconfig: files.join(':'), cwd: root, home, configFile: join(root, 'c.yaml'), ...memory });
const entryOf = (...files: string[]) => computedOf(files).entry;

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
    expect(entry.segment.note).toBe(`[context prod also in ${basename(second)}, hidden by kubectl; kctx-guard ack]`);
    expect(entry.details.shadowed).toEqual([
      { kind: 'context', name: 'prod', file: second, server: 'https://prod-b.example.invalid', acknowledged: false },
    ]);
  });

  it('the same cluster name in a later file with another server: the cluster is marked', () => {
    const second = file('prod', [{ ...PROD, server: 'https://prod-b.example.invalid' }]);
    const entry = entryOf(file('prod', [PROD]), second);
    expect(entry.segment.note).toBe(`[cluster prod also in ${basename(second)}, hidden by kubectl; kctx-guard ack]`);
    expect(entry.details.shadowed).toEqual([
      { kind: 'cluster', name: 'prod', file: second, server: 'https://prod-b.example.invalid', acknowledged: false },
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

  it('every name the files hide is observed for the memory, not only the target', () => {
    const first = file('dev', [PROD, { name: 'dev', server: 'https://dev.example.invalid' }]);
    const second = file('dev', [
      { ...PROD, server: 'https://prod-b.example.invalid' },
      { name: 'dev', server: 'https://dev.example.invalid' },
    ]);
    const { entry, observed } = computedOf([first, second]);
    // The target (dev) hides nothing: its own prompt has no marker until the memory says so.
    expect(entry.details.shadowed).toEqual([]);
    expect(entry.segment.note).toBe('');
    expect(observed.hidden.files).toEqual([first, second]);
    expect(observed.hidden.found).toMatchObject([
      {
        kind: 'cluster',
        name: 'prod',
        file: second,
        server: 'https://prod-b.example.invalid',
        over: { file: first, server: 'https://prod-a.example.invalid' },
      },
    ]);
  });

  it('a file with nothing in it (read mid-write) is not among the files looked at', () => {
    const empty = join(root, `empty${n++}.yaml`);
    writeFileSync(empty, '');
    expect(computedOf([file('prod', [PROD]), empty]).observed.hidden.files).toHaveLength(1);
  });

  it('acknowledged: not marked, and status still has it as acknowledged', () => {
    const first = file('prod', [PROD]);
    const second = file('prod', [{ ...PROD, server: 'https://prod-b.example.invalid' }]);
    const { observed } = computedOf([first, second]);
    const { acknowledged } = acknowledgeHidden([], observed.hidden.found, 'prod', 'now');
    const entry = computedOf([first, second], { hiddenAcknowledged: acknowledged }).entry;
    expect(entry.segment.note).toBe('');
    expect(entry.details.shadowed?.map((item) => item.acknowledged)).toEqual([true]);
  });

  it("what another shell's files hide is marked in this entry, once, and the target's own not twice", () => {
    const first = file('prod', [PROD]);
    const second = file('prod', [{ ...PROD, server: 'https://prod-b.example.invalid' }]);
    const { observed } = computedOf([first, second]);
    const elsewhere = { hidden: observed.hidden.found.map((item) => ({ ...item, at: 'then' })) };
    const other = file('x', [{ name: 'x', server: 'https://x.example.invalid' }]);
    const theirs = computedOf([other], elsewhere).entry;
    expect(theirs.segment.note).toBe(
      `[hidden: cluster prod in ${basename(second)}, by ${basename(first)}; kctx-guard ack]`,
    );
    expect(theirs.details.hiddenElsewhere?.[0]?.text).toContain('is hidden by');
    const own = computedOf([first, second], elsewhere).entry;
    expect(own.segment.note).toBe(`[cluster prod also in ${basename(second)}, hidden by kubectl; kctx-guard ack]`);
    expect(own.details.hiddenElsewhere).toEqual([]);
  });
});
