/**
 * `reload` (what `kctx-guard ack` and `identities forget` send) is answered once the daemon has
 * rewritten every entry it serves, so the prompt drawn right after those commands follows what they
 * changed; a daemon that answered at once would leave the old entries in place when its reply arrives.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { reloadDaemon } from '../../src/daemon/control.js';
import {
  cleanup,
  ensureBuilt,
  kubeconfigText,
  makeEnv,
  read,
  register,
  spawnDaemon,
  waitForEntry,
} from '../helpers/daemon.js';

beforeAll(ensureBuilt);
afterEach(cleanup);

describe('reload', () => {
  it('is answered once every served entry has been rewritten', async () => {
    const t = makeEnv();
    const files = ['a', 'b', 'c'].map((name) => {
      const file = join(t.root, `${name}.yaml`);
      writeFileSync(file, kubeconfigText(name, [{ name }]));
      return file;
    });
    await spawnDaemon(t);
    const refs = files.map((file) => register(t, file));
    for (const [index, ref] of refs.entries())
      await waitForEntry(t, (entry) => entry.entry.details.context === ['a', 'b', 'c'][index], { ref });
    const inode = (file: string): number => statSync(file).ino;
    const before = refs.map((ref) => inode(read(t, ref).file));
    const reply = (await reloadDaemon(t.cacheDir)) as { pid?: unknown; stale?: unknown } | undefined;
    expect(reply?.pid).toEqual(expect.any(Number));
    expect(reply?.stale).toBeUndefined();
    // Each entry was replaced (written to a temp file, renamed over) before the reply.
    for (const [index, ref] of refs.entries()) expect(inode(read(t, ref).file)).not.toBe(before[index]);
  });
});
