/**
 * Sources found by reading are watched like the rest: a team rules file config.yaml includes, and
 * the CA file a cluster's identity comes from. Changing only one of them recomputes the entry
 * through a watch event; an include that cannot be read is loud in the entry, `status` and `doctor`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  cli,
  ensureBuilt,
  expectNoMissedEvents,
  kubeconfigText,
  makeEnv,
  spawnDaemon,
  waitForEntry,
} from '../helpers/daemon.js';
import { caPem, identityKubeconfig } from '../helpers/identity-kubeconfig.js';

beforeAll(ensureBuilt);
afterEach(cleanup);

describe('a team rules file (include:)', () => {
  it('is a source: editing it recolours the prompt; a missing one is loud and keeps the defaults', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('leap', [{ name: 'leap' }]));
    const team = join(t.root, 'team', 'rules.yaml');
    mkdirSync(dirname(team), { recursive: true });
    writeFileSync(team, 'rules:\n  - {context: leap, level: warn}\n');
    mkdirSync(dirname(t.configFile), { recursive: true });
    writeFileSync(t.configFile, `include: ${team}\n`);
    await spawnDaemon(t);
    const warn = await waitForEntry(t, (read) => read.entry.level === 'warn');
    expect(warn.entry.details.rule).toBe(`${team}:2 (rule 1)`);
    expect(warn.entry.freshnessPaths).toContain(team);

    writeFileSync(team, 'rules:\n  - {context: leap, level: danger}\n');
    await waitForEntry(t, (read) => read.entry.level === 'danger');

    rmSync(team);
    const broken = await waitForEntry(t, (read) => read.entry.details.configProblems.length > 0);
    expect(broken.entry.level).toBe('unclassified');
    expect(broken.entry.segment.note).toContain('[config.yaml broken]');
    expect(broken.entry.details.configProblems[0]?.message).toBe(
      `include "${team}": cannot read ${team}: no such file`,
    );
    const status = await cli(t, ['status']);
    expect(status.stdout).toContain(`include "${team}": cannot read ${team}: no such file`);
    const doctor = await cli(t, ['doctor']);
    expect(doctor.stdout).toMatch(/config\b[^\n]*is ignored, the built-in defaults are in force/);
    expect(doctor.stdout).toContain(`cannot read ${team}: no such file`);

    // Created again: a change too, since the path stays a source while it is missing.
    writeFileSync(team, 'rules:\n  - {context: leap, level: danger}\n');
    await waitForEntry(t, (read) => read.entry.level === 'danger' && read.entry.details.configProblems.length === 0);
    expectNoMissedEvents(t);
  });
});

describe('a CA file (certificate-authority:)', () => {
  it('is a source when the identity comes from it: changing only the CA file recomputes', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    // Outside the kubeconfig's folder, which is watched anyway.
    const ca = join(t.root, 'pki', 'leap-ca.crt');
    mkdirSync(dirname(ca));
    writeFileSync(ca, caPem('rebuilt'));
    writeFileSync(
      t.kubeconfig,
      identityKubeconfig('filed', [
        { name: 'prod-leap', server: 'https://leap.example.invalid', ca: 'leap' },
        { name: 'filed', server: 'https://leap.example.invalid', caFile: ca },
      ]),
    );
    await spawnDaemon(t);
    const other = await waitForEntry(t, (read) => read.entry.details.context === 'filed');
    expect(other.entry.level).toBe('unclassified');
    expect(other.entry.freshnessPaths).toContain(ca);

    writeFileSync(ca, caPem('leap'));
    const same = await waitForEntry(t, (read) => read.entry.level === 'danger');
    expect(same.entry.details.rule).toBe('same API server as prod-leap (~/.kube/config)');
    expectNoMissedEvents(t);
  });

  it('is not a source when certificate-authority-data overrides it', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(join(t.kubeDir, 'unused.crt'), caPem('x'));
    const text = identityKubeconfig('c', [{ name: 'c', server: 'https://c.example.invalid', ca: 'c' }]).replace(
      '    certificate-authority-data:',
      '    certificate-authority: unused.crt\n    certificate-authority-data:',
    );
    writeFileSync(t.kubeconfig, text);
    await spawnDaemon(t);
    const entry = await waitForEntry(t, (read) => read.entry.details.context === 'c');
    expect(entry.entry.freshnessPaths).not.toContain(join(t.kubeDir, 'unused.crt'));
  });
});
