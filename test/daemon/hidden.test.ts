/**
 * Hidden definitions in the real daemon: a shell on `a.yaml:deploy.yaml`, where deploy.yaml defines
 * `prod` again for another cluster, and a shell on ~/.kube/config alone. Both entries mark it (the
 * first as its own target's, the second as something other files hide), the daemon log, `status`
 * and `doctor` say so, and `kctx-guard ack` typed in either clears it everywhere, for good; a
 * definition that then moves again is new, and removing the duplicate clears what was pending.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  cli,
  ensureBuilt,
  hiddenPair,
  kubeconfigText,
  makeEnv,
  read,
  register,
  spawnDaemon,
  waitForEntry,
} from '../helpers/daemon.js';

beforeAll(ensureBuilt);
afterEach(cleanup);

const OWN = '[context prod also in deploy.yaml, hidden by kubectl; kctx-guard ack]';
const OTHER = '[hidden: context prod in deploy.yaml, by a.yaml; kctx-guard ack]';

describe('hidden definitions', () => {
  it('are marked in every entry until kctx-guard ack, and a new one after that is marked again', async () => {
    const t = makeEnv();
    const { a, deploy, pair } = hiddenPair(t);
    await spawnDaemon(t);
    const ref = register(t, pair);
    const mine = await waitForEntry(t, (read) => read.entry.segment.note.includes('hidden by kubectl'), { ref });
    expect(mine.entry.segment.note).toBe(OWN);
    expect(mine.entry.details.server).toBe('https://prod-a.example.invalid:6443');
    // The shell on ~/.kube/config alone reads neither file, and says so all the same.
    const theirs = await waitForEntry(t, (read) => read.entry.segment.note.includes('[hidden:'));
    expect(theirs.entry.segment.note).toBe(OTHER);
    expect(readFileSync(t.logFile, 'utf8')).toContain(
      `hidden: context prod in ${deploy} (https://prod-b.example.invalid:6443) is hidden by ${a}'s (https://prod-a.example.invalid:6443); kubectl uses the first; every prompt says so until: kctx-guard ack`,
    );
    expect((await cli(t, ['status'], { KUBECONFIG: pair })).stdout).toMatch(
      /hidden\s+context prod is defined again in .*deploy\.yaml \(https:\/\/prod-b\.example\.invalid:6443\); kubectl uses the first definition; seen it\? kctx-guard ack/,
    );
    expect((await cli(t, ['status'])).stdout).toMatch(
      /hidden\s+context prod in .*deploy\.yaml .* \(in another shell's files/,
    );
    for (const extra of [{ KUBECONFIG: pair }, {}] as Record<string, string>[]) {
      const doctor = JSON.parse((await cli(t, ['doctor', '--json'], extra)).stdout) as { checks: { name: string }[] };
      expect(doctor.checks).toContainEqual(
        expect.objectContaining({ name: 'hidden', status: 'warn', detail: expect.stringContaining('context prod in') }),
      );
    }
    expect((await cli(t, ['ack', '--list'])).stdout).toContain('hidden: context prod in');

    // Typed in the other shell: it knows of it from the memory.
    const ack = await cli(t, ['ack', 'prod']);
    expect(ack.stdout).toContain('acknowledged hidden: context prod in');
    // ack returns once the daemon rewrote them: the prompt drawn next has no marker.
    expect(read(t, ref).entry?.segment.note).toBe('');
    expect(read(t).entry?.segment.note).toBe('');
    expect((await cli(t, ['ack'], { KUBECONFIG: pair })).stdout).toContain('nothing to acknowledge');
    const doctor = JSON.parse((await cli(t, ['doctor', '--json'], { KUBECONFIG: pair })).stdout) as {
      checks: { name: string }[];
    };
    expect(doctor.checks).toContainEqual(expect.objectContaining({ name: 'hidden', status: 'ok' }));
    expect((await cli(t, ['status'], { KUBECONFIG: pair })).stdout).toMatch(/hidden\s+.*\(acknowledged\)/);

    // The hidden definition now reaches yet another cluster: that is new, and marked again.
    writeFileSync(deploy, kubeconfigText('prod', [{ name: 'prod', cluster: 'prod-c' }]));
    expect((await waitForEntry(t, (read) => read.entry.segment.note !== '', { ref })).entry.segment.note).toBe(OWN);
    expect((await waitForEntry(t, (read) => read.entry.segment.note !== '')).entry.segment.note).toBe(OTHER);

    // The duplicate removed: nothing is hidden any more, in either shell, without an ack.
    writeFileSync(deploy, kubeconfigText('staging', [{ name: 'staging' }]));
    await waitForEntry(t, (read) => read.entry.segment.note === '' && read.entry.details.context === 'prod', { ref });
    await waitForEntry(t, (read) => read.entry.segment.note === '');
    expect((await cli(t, ['ack', '--list'])).stdout).toContain('nothing to acknowledge');
  });

  it("ack before the daemon has seen it: this shell's files are read by ack itself", async () => {
    const t = makeEnv();
    const { pair } = hiddenPair(t);
    expect((await cli(t, ['ack', '--list'], { KUBECONFIG: pair })).stdout).toContain('hidden: context prod in');
    expect((await cli(t, ['ack'], { KUBECONFIG: pair })).stdout).toContain('acknowledged hidden: context prod in');
    // The daemon starts knowing it was seen: no marker at all.
    await spawnDaemon(t);
    const ref = register(t, pair);
    const entry = await waitForEntry(t, (read) => read.entry.details.context === 'prod', { ref });
    expect(entry.entry.segment.note).toBe('');
    expect(entry.entry.details.shadowed).toMatchObject([{ name: 'prod', acknowledged: true }]);
  });

  it('a hostile name is inert in the prompt, the daemon log, status, doctor and ack', async () => {
    const t = makeEnv();
    const hostile = String.raw`"p\e]0;pwned\a\u202E$(touch x)"`;
    const file = (server: string): string =>
      [
        'apiVersion: v1',
        'kind: Config',
        `current-context: ${hostile}`,
        'contexts:',
        `- name: ${hostile}`,
        `  context: {cluster: c-${server}, user: u}`,
        'clusters:',
        `- name: c-${server}`,
        `  cluster: {server: "https://${server}.example.invalid"}`,
        'users:',
        '- name: u',
        '  user: {token: t}',
        '',
      ].join('\n');
    const a = join(t.root, 'a.yaml');
    const deploy = join(t.root, 'deploy.yaml');
    writeFileSync(a, file('one'));
    writeFileSync(deploy, file('two'));
    const pair = `${a}:${deploy}`;
    await spawnDaemon(t);
    const ref = register(t, pair);
    await waitForEntry(t, (read) => read.entry.segment.note.includes('hidden by kubectl'), { ref });
    const theirs = await waitForEntry(t, (read) => read.entry.segment.note.includes('[hidden:'));
    // C0, C1 and bidi controls: none anywhere a terminal would interpret them.
    const controls = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
    const said = [
      theirs.entry.segment.note,
      readFileSync(t.logFile, 'utf8'),
      (await cli(t, ['status'])).stdout,
      (await cli(t, ['status'], { KUBECONFIG: pair })).stdout,
      (await cli(t, ['doctor'], { KUBECONFIG: pair })).stdout,
      (await cli(t, ['ack', '--list'])).stdout,
      (await cli(t, ['ack'])).stdout,
    ];
    expect(readFileSync(t.logFile, 'utf8')).toContain('hidden: context p');
    for (const text of said) {
      expect(text).toContain('pwned');
      expect(text).not.toMatch(controls);
    }
  });
});
