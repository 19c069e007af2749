/**
 * Drift in the real daemon: `prod-eu` in ~/.kube/config is rewritten to reach another API server.
 * Every entry (this shell's and another shell's, whose own files did not change) shows the marker,
 * the daemon log, `status` and `doctor` say what moved, and `kctx-guard ack` clears it everywhere.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  cli,
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

const MARKER = '[drift: prod-eu now points at https://eu-b.example.invalid:6443; kctx-guard ack]';

describe('drift', () => {
  it('a name that now reaches another server is marked in every entry until kctx-guard ack', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('dev', [{ name: 'prod-eu', cluster: 'eu-a' }, { name: 'dev' }]));
    const other = join(t.root, 'other.yaml');
    writeFileSync(other, kubeconfigText('team', [{ name: 'team' }]));
    await spawnDaemon(t);
    const ref = register(t, other);
    await waitForEntry(t, (read) => read.entry.details.context === 'team', { ref });
    const first = await waitForEntry(t, (read) => read.entry.details.context === 'dev');
    expect(first.entry.segment.note).toBe('');

    writeFileSync(t.kubeconfig, kubeconfigText('dev', [{ name: 'prod-eu', cluster: 'eu-b' }, { name: 'dev' }]));
    const mine = await waitForEntry(t, (read) => read.entry.segment.note.includes('[drift:'));
    expect(mine.entry.segment.note).toBe(MARKER);
    expect(mine.entry.details.drift?.[0]?.text).toBe(
      `prod-eu in ~/.kube/config now points at https://eu-b.example.invalid:6443 (was https://eu-a.example.invalid:6443)`,
    );
    // Another shell, whose files did not change, shows it too.
    const theirs = await waitForEntry(t, (read) => read.entry.segment.note.includes('[drift:'), { ref });
    expect(theirs.entry.segment.note).toBe(MARKER);
    expect(readFileSync(t.logFile, 'utf8')).toContain(
      `drift: prod-eu in ${t.kubeconfig} now points at https://eu-b.example.invalid:6443 (was https://eu-a.example.invalid:6443)`,
    );
    const status = await cli(t, ['status']);
    expect(status.stdout).toMatch(/drift\s+prod-eu in .* now points at https:\/\/eu-b\.example\.invalid:6443/);
    const doctor = await cli(t, ['doctor', '--json']);
    expect(JSON.parse(doctor.stdout).checks).toContainEqual(
      expect.objectContaining({ name: 'drift', status: 'warn', fix: expect.stringContaining('kctx-guard ack') }),
    );
    expect((await cli(t, ['ack', '--list'])).stdout).toContain('prod-eu in');

    const ack = await cli(t, ['ack']);
    expect(ack.stdout).toContain('acknowledged drift: prod-eu in');
    // ack returns once the daemon rewrote them: the prompt drawn next has no marker.
    expect(read(t).entry?.segment.note).toBe('');
    expect(read(t, ref).entry?.segment.note).toBe('');
    expect((await cli(t, ['ack'])).stdout).toContain('nothing to acknowledge');
    // What it reaches now is what it reaches: the same file again is no drift.
    writeFileSync(t.kubeconfig, kubeconfigText('prod-eu', [{ name: 'prod-eu', cluster: 'eu-b' }, { name: 'dev' }]));
    const again = await waitForEntry(t, (read) => read.entry.details.context === 'prod-eu');
    expect(again.entry.segment.note).toBe('');
  });
});
