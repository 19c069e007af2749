/**
 * Issue 9 #4: the hooks refuse what the daemon refuses, and entry text is inert even if forged.
 *
 * A cache folder another user owns, or that others can write (`su` without `-` keeps the first
 * user's XDG_RUNTIME_DIR; a KCTX_GUARD_DIR on a shared path), holds a planted entry saying
 * `kind-dev` (safe) while kubectl is on prod. Each interactive shell must pass it over for a
 * private folder of its own, say so once, and show kubectl's truth from there. And a forged entry
 * in the shell's own folder, with OSC 52, OSC 0, CSI and C1 bytes in every field, must put no
 * control byte on the terminal (checked in the raw bytes the shell wrote) other than the hook's
 * own colours, nor in the exported variables, the starship module or the tmux segment.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killDaemons } from '../harness/daemon.mjs';
import {
  BIN,
  cleanup,
  ensureBuilt,
  entryRef,
  IS_ROOT,
  kubeconfigText,
  kubectl,
  makeEnv,
  REPO,
  sleep,
  type TestEnv,
} from '../helpers/daemon.js';
import { killSessions, SHELLS, ShellSession } from '../helpers/tmux.js';

const fallbacks: string[] = [];
/** Folders whose planted heartbeat is kept beating, as a live daemon's would be. */
const beating = new Set<string>();
let beater: NodeJS.Timeout | undefined;
const beat = (dir: string): void => {
  try {
    writeFileSync(join(dir, 'heartbeat'), `${Math.floor(Date.now() / 1000)} ${process.pid}\n`);
  } catch {
    // The folder was removed by the test: nothing beats there any more.
  }
};
beforeAll(ensureBuilt);
afterEach(async () => {
  clearInterval(beater);
  beater = undefined;
  beating.clear();
  await killSessions();
  // The shells started daemons for their own folders; cleanup() knows only the environment's.
  for (const dir of fallbacks.splice(0)) killDaemons(dir, { bin: BIN });
  await cleanup();
});

/** C0, DEL and C1: what an entry must never get onto the terminal. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A version-2 entry for the shell's key with these text fields; no freshness paths, so always fresh. */
function entryText(
  t: TestEnv,
  fields: { sgr: string; symbol: string; text: string; marker: string; note: string },
  names: [string, string, string],
): string {
  const ref = entryRef(t);
  return `${[
    'kctx-guard-entry 2',
    ref.key,
    '',
    'safe',
    fields.sgr,
    fields.symbol,
    fields.text,
    fields.marker,
    fields.note,
    ...names,
    '{}',
  ].join('\n')}\n`;
}

/**
 * Plants an entry in `dir` that a hook would show, with a pid file and a heartbeat naming a live
 * process (this one), kept beating every second as a daemon's would.
 */
function plant(t: TestEnv, dir: string, text: string): void {
  mkdirSync(join(dir, 'reg'), { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, entryRef(t).name), text);
  writeFileSync(join(dir, 'daemon.pid'), `${process.pid}\n`);
  beating.add(dir);
  beat(dir);
  beater ??= setInterval(() => {
    for (const folder of beating) beat(folder);
  }, 1000);
}

const KIND_DEV = { sgr: '32', symbol: '⎈', text: 'kind-dev:default', marker: '', note: '' };

/** HOME with ~/.kube/config on prod-main; the environment's cache folder holds a planted "kind-dev". */
function prodWithPlantedDev(): TestEnv {
  const t = makeEnv();
  mkdirSync(t.kubeDir);
  writeFileSync(
    t.kubeconfig,
    kubeconfigText('prod-main', [
      { name: 'prod-main', cluster: 'prod-main' },
      { name: 'kind-dev', cluster: 'kind-dev' },
    ]),
  );
  plant(t, t.cacheDir, entryText(t, KIND_DEV, ['kind-dev', 'kind-dev', 'default']));
  return t;
}

const NOTICE = /kctx-guard: not trusting the cache folder (\S+) ([^;]+); using (\S+) instead/g;

describe.each(SHELLS)('%s: a cache folder that is not private', (shell) => {
  const cases: [string, (t: TestEnv) => void, RegExp][] = [
    [
      'owned by another user',
      (t) => execFileSync('chown', ['-R', '65534:65534', t.cacheDir]),
      /belongs to another user/,
    ],
    ['writable by group and others', (t) => chmodSync(t.cacheDir, 0o777), /can be written by other users/],
    ['writable by the group only', (t) => chmodSync(t.cacheDir, 0o770), /can be written by other users/],
  ];

  it.for(cases)(
    '%s: passed over for a private folder, kubectl’s truth shown, said once',
    async ([why, spoil, reason], { skip }) => {
      if (why.startsWith('owned') && !IS_ROOT) skip('only root can give a folder to another user');
      const t = prodWithPlantedDev();
      spoil(t);
      const fallback = join(t.env['XDG_CACHE_HOME']!, 'kctx-guard');
      fallbacks.push(fallback);
      const truth = (await kubectl(t, ['config', 'current-context'])).stdout.trim();
      expect(truth).toBe('prod-main');
      const sh = await ShellSession.start(shell, t, { env: { XDG_CACHE_HOME: t.env['XDG_CACHE_HOME']! } });
      // The first prompts may come before the shell's own daemon is up: then they say so.
      let p = await sh.run('true');
      expect(p.segment).toMatch(new RegExp(`^⎈ ${truth}:default( \\[daemon down\\])?$`));
      expect(p.cells[0]!.sgr).toBe('1;31');
      for (let i = 0; i < 50 && p.segment !== `⎈ ${truth}:default`; i++) {
        await sleep(100);
        p = await sh.run('true');
      }
      expect(p.segment).toBe(`⎈ ${truth}:default`);
      // One line, once, naming the folder, the reason and the folder used instead.
      const notices = [...sh.output().replace(/\r?\n/g, ' ').matchAll(NOTICE)];
      expect(notices.map((m) => m[0])).toHaveLength(1);
      expect(notices[0]![1]).toBe(t.cacheDir);
      expect(notices[0]![2]).toMatch(reason);
      expect(notices[0]![3]).toBe(fallback);
      // The fallback is the shell's own, private, and its daemon follows kubectl there.
      expect(execFileSync('stat', ['-c', '%a %u', fallback], { encoding: 'utf8' }).trim()).toBe(
        `700 ${process.getuid?.() ?? 0}`,
      );
      await kubectl(t, ['config', 'use-context', 'kind-dev']);
      p = await sh.run('true');
      expect(p.segment).toMatch(/^⎈ kind-dev:default( changed from prod-main:default)?$/);
    },
  );
});

/** Every text field forged with OSC 52 (clipboard), OSC 0 (title), CSI (DSR, clear, cursor) and C1 bytes. */
const FORGED = {
  sgr: '32m\u001b]52;c;UFdORUQ=\u0007',
  symbol: '\u001b]0;PWNED\u0007⎈',
  text: 'kind-dev\u001b[6n\u009b3;5H:default\u001b[2J',
  marker: '\u001b]52;c;UFdORUQ=\u0007[KUBECONFIG=x]',
  note: '\u009d0;PWNED\u009c',
};
const FORGED_NAMES: [string, string, string] = [
  'kind-dev\u001b]0;PWNED\u0007',
  '\u001b]52;c;UFdORUQ=\u0007',
  'default\u001b[6n',
];
/** What is left once the control characters are dropped: shown as text. */
const SHOWN = ']52;c;UFdORUQ=[KUBECONFIG=x] ]0;PWNED⎈ kind-dev[6n3;5H:default[2J 0;PWNED';
/** Sequences that may only come from the forged entry: none may reach the terminal. */
const PAYLOADS = [
  '\u001b]52',
  '\u001b]0;PWNED',
  '\u001b[6n',
  '\u001b[2J',
  '\u009b',
  '\u009c',
  '\u009d',
  '\u001b[32m\u001b',
];

function expectNoPayload(what: string, bytes: string): void {
  for (const payload of PAYLOADS)
    expect(bytes.includes(payload), `${what} holds ${JSON.stringify(payload)}`).toBe(false);
}

describe.each(SHELLS)('%s: a folder refused after the hook was sourced', (shell) => {
  it('is said on the next prompt, in the segment, once; nothing is printed at the prompt', async () => {
    const t = prodWithPlantedDev();
    rmSync(t.cacheDir, { recursive: true, force: true });
    const shared = join(t.root, 'shared');
    mkdirSync(shared, { mode: 0o777 });
    chmodSync(shared, 0o777);
    // The shell falls back to its own folder and starts a daemon there: stopped after the test.
    fallbacks.push(join(t.env['XDG_CACHE_HOME']!, 'kctx-guard'));
    const sh = await ShellSession.start(shell, t);
    let p = await sh.run('true');
    const before = sh.output().length;
    const set = shell === 'fish' ? `set -gx KCTX_GUARD_DIR ${shared}` : `export KCTX_GUARD_DIR=${shared}`;
    p = await sh.run(set);
    expect(p.segment).toMatch(/ \[cache folder refused: kctx-guard status\]$/);
    expect(p.segment).toMatch(/^⎈ prod-main:default/);
    p = await sh.run('true');
    expect(p.segment).not.toContain('cache folder refused');
    // No line of its own: the notice is in the segment only.
    expect(sh.output().slice(before)).not.toContain('not trusting the cache folder');
  });
});

describe.each(SHELLS)('%s: a forged entry in its own folder', (shell) => {
  it('puts no control byte of the entry on the terminal or in the exported variables', async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    writeFileSync(t.kubeconfig, kubeconfigText('kind-dev', [{ name: 'kind-dev' }]));
    plant(t, t.cacheDir, entryText(t, KIND_DEV, ['kind-dev', 'kind-dev', 'default']));
    const sh = await ShellSession.start(shell, t);
    let p = await sh.run('true');
    expect(p.segment).toBe('⎈ kind-dev:default');
    const from = sh.output().length;
    plant(t, t.cacheDir, entryText(t, FORGED, FORGED_NAMES));
    p = await sh.run('true');
    // The remains of the forged text are shown, as text, in the colours the hook chose.
    expect(p.segment.startsWith(SHOWN)).toBe(true);
    p = await sh.run('true');
    expect(p.segment).toBe(SHOWN);
    const env = join(t.root, 'env.txt');
    p = await sh.run(`env > ${env}`);
    const raw = sh.output().slice(from);
    expect(raw).toContain('kind-dev[6n3;5H:default[2J');
    expectNoPayload('the bytes the shell wrote', raw);
    // Every ESC the shell wrote after the plant starts an SGR or a sequence of the shell's own (no OSC 52/0 payload).
    const vars = readFileSync(env, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('KCTX_GUARD_'));
    expect(vars).toContain(`KCTX_GUARD_SAFE=${SHOWN}`);
    expect(vars).toContain('KCTX_GUARD_CONTEXT=kind-dev]0;PWNED');
    expect(vars).toContain('KCTX_GUARD_CLUSTER=]52;c;UFdORUQ=');
    expect(vars).toContain('KCTX_GUARD_NAMESPACE=default[6n');
    for (const line of vars) expect(line, line).not.toMatch(CONTROL);
  });
});

describe('the starship module and the tmux segment read a forged entry as text', () => {
  it('print no control byte from it', () => {
    const t = makeEnv();
    plant(t, t.cacheDir, entryText(t, FORGED, FORGED_NAMES));
    const env = { ...t.env };
    delete env['XDG_CACHE_HOME'];
    const starship = spawnSync(
      'bash',
      ['--noprofile', '--norc', join(REPO, 'dist', 'shell', 'kctx-guard-starship.bash')],
      {
        env,
        cwd: t.home,
        encoding: 'utf8',
      },
    );
    expect(starship.stderr).toBe('');
    // Its colour is not an SGR token: the danger colour stands in, never its bytes.
    expect(starship.stdout).toBe(`\u001b[1;31m[safe] ${SHOWN}\u001b[0m`);
    expectNoPayload('the starship module', starship.stdout);
    // Without pane arguments: the default entry, which is the forged one here, marked as the default.
    const tmux = spawnSync('bash', [join(REPO, 'dist', 'shell', 'tmux-status.sh')], {
      env,
      cwd: t.home,
      encoding: 'utf8',
    });
    expect(tmux.stderr).toBe('');
    expect(tmux.stdout).toBe(`#[dim][default]#[nodim] #[fg=green]${SHOWN}#[default]\n`);
    expect(tmux.stdout.slice(0, -1)).not.toMatch(CONTROL);
  });
});
