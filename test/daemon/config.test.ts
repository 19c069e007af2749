/** config.yaml is watched: a rule changes the entry's level at once; a broken file keeps the defaults and says where it is broken. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  ensureBuilt,
  expectNoMissedEvents,
  kubeconfigText,
  kubectl,
  makeEnv,
  spawnDaemon,
  waitForEntry,
  type TestEnv,
} from '../helpers/daemon.js';

beforeAll(ensureBuilt);
afterEach(cleanup);

function envWith(current: string): TestEnv {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(t.kubeconfig, kubeconfigText(current, [{ name: 'demo-x' }, { name: 'demo-prod' }, { name: 'other' }]));
  return t;
}

const levelIs =
  (level: string, context: string) => (read: { entry: { level: string; details: { context: string | null } } }) =>
    read.entry.level === level && read.entry.details.context === context;

describe('config.yaml', () => {
  it('a rule written later (folder created too) changes the level; editing and removing it is followed', async () => {
    const t = envWith('demo-x');
    await spawnDaemon(t);
    const before = await waitForEntry(t, levelIs('unclassified', 'demo-x'));
    expect(before.entry.details.configProblems).toEqual([]);

    // ~/.config/kctx-guard does not exist yet: the daemon must notice it appear.
    mkdirSync(dirname(t.configFile), { recursive: true });
    writeFileSync(t.configFile, 'rules:\n  - {context: "demo-*", level: danger}\n');
    const danger = await waitForEntry(t, levelIs('danger', 'demo-x'));
    expect(danger.entry.details.rule).toContain(t.configFile);
    expect(danger.entry.details.configProblems).toEqual([]);

    writeFileSync(t.configFile, 'rules:\n  - {context: "demo-*", level: warn, label: STAGE}\n');
    const warn = await waitForEntry(t, levelIs('warn', 'demo-x'));
    expect(warn.entry.details.label).toBe('STAGE');

    // The rule follows the context: kubectl switches to one it does not match.
    await kubectl(t, ['config', 'use-context', 'other']);
    await waitForEntry(t, levelIs('unclassified', 'other'));
    await kubectl(t, ['config', 'use-context', 'demo-x']);
    await waitForEntry(t, levelIs('warn', 'demo-x'));

    rmSync(t.configFile);
    await waitForEntry(t, levelIs('unclassified', 'demo-x'));
    expectNoMissedEvents(t);
  });

  it('a broken config.yaml keeps the default rules and names the file and line', async () => {
    const t = envWith('demo-prod');
    mkdirSync(dirname(t.configFile), { recursive: true });
    await spawnDaemon(t);
    // The default rules call any name with "prod" in it dangerous.
    await waitForEntry(t, levelIs('danger', 'demo-prod'));

    // Lines 4-5 hold a rule with a level that does not exist; the valid rule on line 2 must not apply either.
    writeFileSync(t.configFile, 'rules:\n  - context: "demo-*"\n    level: safe\n  - context: "x"\n    level: bogus\n');
    const broken = await waitForEntry(t, (read) => read.entry.details.configProblems.length > 0);
    expect(broken.entry.level).toBe('danger');
    const [problem] = broken.entry.details.configProblems;
    expect(problem?.file).toBe(t.configFile);
    // The rule's first line, or the line of the bad value itself.
    expect([4, 5]).toContain(problem?.line);
    expect(problem?.message).toMatch(/bogus/);

    // Not YAML at all: still the defaults, still a file and a line.
    writeFileSync(t.configFile, 'rules:\n  - {context: "demo-*", level: safe\n');
    const unparsable = await waitForEntry(t, (read) =>
      read.entry.details.configProblems.some((p) => /YAML/i.test(p.message)),
    );
    expect(unparsable.entry.level).toBe('danger');
    expect(unparsable.entry.details.configProblems[0]?.file).toBe(t.configFile);
    expect(unparsable.entry.details.configProblems[0]?.line).toEqual(expect.any(Number));

    // Fixed: the rule applies and the problems are gone.
    writeFileSync(t.configFile, 'rules:\n  - {context: "demo-*", level: safe}\n');
    const fixed = await waitForEntry(t, levelIs('safe', 'demo-prod'));
    expect(fixed.entry.details.configProblems).toEqual([]);
  });
});
