/**
 * The guard's flag table (src/guard/flag-table.ts) equals what the installed kubectl and the
 * pinned helm print about themselves, so a flag added in a new version is noticed here instead of
 * turning a value into a verb in the guard. On a mismatch the message holds the tools' table.
 */
import { describe, expect, it } from 'vitest';
import { FLAG_TABLE } from '../../src/guard/flag-table.js';
import { kubectlOracle, pinnedTool } from '../harness/tools.mjs';
import { helmTable, kubectlTable } from './tool-flags.mjs';

const ours = (tool: 'kubectl' | 'helm') =>
  Object.fromEntries(
    Object.entries(FLAG_TABLE[tool]).map(([path, entry]) => [
      path,
      { aliases: entry.aliases ?? [], flags: entry.flags },
    ]),
  );

describe('the flag table equals the real tools', () => {
  it('kubectl: every command, alias and flag with its arity (kubectl options, <command> --help)', async () => {
    const oracle = kubectlOracle();
    expect(oracle.version).toMatch(/v1\.32\./);
    expect(ours('kubectl')).toEqual(await kubectlTable(oracle.path));
  }, 180_000);

  it('helm: every command, alias and flag with its arity (helm --help, <command> --help)', async () => {
    expect(ours('helm')).toEqual(await helmTable(pinnedTool('helm')));
  }, 120_000);

  it('holds the flags that move the target', () => {
    expect(FLAG_TABLE.kubectl['']!.flags).toContain('-n,--namespace=');
    expect(FLAG_TABLE.kubectl['']!.flags).toContain('--log-flush-frequency=');
    expect(FLAG_TABLE.helm['']!.flags).toContain('--kube-context=');
    expect(FLAG_TABLE.helm['']!.flags).toContain('--kubeconfig=');
    expect(FLAG_TABLE.helm['']!.flags).toContain('-n,--namespace=');
    expect(FLAG_TABLE.helm['uninstall']!.aliases).toEqual(['del', 'delete', 'un']);
  });
});
