/** Which folders make an entry stale: every link on the way to a kubeconfig, with real files and links. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freshnessPaths } from '../../src/pipeline/freshness.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function tree(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'kctx-fresh-')));
  roots.push(root);
  return root;
}

describe('freshnessPaths', () => {
  it('a plain file: the file and its folder', () => {
    const root = tree();
    mkdirSync(join(root, '.kube'));
    writeFileSync(join(root, '.kube', 'config'), '');
    expect(freshnessPaths([join(root, '.kube', 'config')])).toEqual([
      join(root, '.kube', 'config'),
      join(root, '.kube'),
    ]);
  });

  it('a chain of links: the folder holding every link, and the folder the chain ends in', () => {
    // ~/.kube/config -> ~/kcs/current/config, ~/kcs/current -> a (relative), a/config real.
    const root = tree();
    mkdirSync(join(root, '.kube'));
    mkdirSync(join(root, 'kcs', 'a'), { recursive: true });
    writeFileSync(join(root, 'kcs', 'a', 'config'), '');
    symlinkSync('a', join(root, 'kcs', 'current'));
    symlinkSync(join(root, 'kcs', 'current', 'config'), join(root, '.kube', 'config'));
    const paths = freshnessPaths([join(root, '.kube', 'config')]);
    // ln -sfn on ~/kcs/current renames a new link over it: ~/kcs's mtime changes.
    expect(paths).toContain(join(root, 'kcs'));
    expect(paths).toContain(join(root, 'kcs', 'a'));
    expect(paths).toContain(join(root, '.kube'));
  });

  it('a linked ancestor folder (~/.kube -> dotfiles/kube): the folder holding the link and the real folder', () => {
    const root = tree();
    mkdirSync(join(root, 'dotfiles', 'kube'), { recursive: true });
    writeFileSync(join(root, 'dotfiles', 'kube', 'config'), '');
    symlinkSync(join(root, 'dotfiles', 'kube'), join(root, '.kube'));
    const paths = freshnessPaths([join(root, '.kube', 'config')]);
    expect(paths).toContain(root);
    expect(paths).toContain(join(root, 'dotfiles', 'kube'));
  });

  it('a link loop or a dangling link ends the walk without throwing; what exists is still listed', () => {
    const root = tree();
    mkdirSync(join(root, '.kube'));
    symlinkSync(join(root, 'loop-b'), join(root, 'loop-a'));
    symlinkSync(join(root, 'loop-a'), join(root, 'loop-b'));
    symlinkSync(join(root, 'loop-a'), join(root, '.kube', 'config'));
    symlinkSync(join(root, 'nowhere', 'config'), join(root, '.kube', 'other'));
    expect(freshnessPaths([join(root, '.kube', 'config')])).toContain(join(root, '.kube'));
    expect(freshnessPaths([join(root, '.kube', 'other')])).toEqual([join(root, '.kube'), root]);
  });
});
