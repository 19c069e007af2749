/**
 * Invariant 2 (never stale) in real interactive bash, zsh and fish, with the daemon running.
 *
 * 200+ switches per shell, five kinds mixed: `kubectl config use-context` and
 * `kubectl config set-context --current --namespace` in the shell; an editor-style
 * rename-replace of the kubeconfig by the test between prompts; a switch made by "another
 * terminal" (the test runs kubectl with the shell's KUBECONFIG); and changing KUBECONFIG in the
 * shell itself (unset, two files, both). After every step the prompt drawn right after must show
 * the truth, computed from a model of what was written and cross-checked against
 * `kubectl config view --minify` every few steps. Mismatches are counted; the count must be 0.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanup,
  cli,
  ensureBuilt,
  kubeconfigText,
  makeEnv,
  requireKubectl,
  type KubeContext,
  type TestEnv,
} from '../helpers/daemon.js';
import { mulberry32 } from '../helpers/prng.js';
import { killSessions, LEVEL_CELL_SGR, SHELLS, ShellSession, type Prompt } from '../helpers/tmux.js';

const STEPS = Number(process.env['KCTX_SHELL_STEPS'] ?? 210);
const CROSS_CHECK_EVERY = 5;

beforeAll(ensureBuilt);
afterEach(async () => {
  await killSessions();
  await cleanup();
});

interface FileModel {
  current: string;
  contexts: KubeContext[];
}

interface Truth {
  context: string;
  cluster: string;
  namespace: string;
  level: string;
  marker: string;
}

type Op = 'use' | 'ns' | 'replace' | 'other' | 'export';

function levelOf(context: string, cluster: string): string {
  const names = [context, cluster];
  if (names.some((n) => /(^|[^a-z0-9])(prod|live)[0-9]*([^a-z0-9]|$)/i.test(n))) return 'danger';
  if (names.some((n) => /(^|[^a-z0-9])(stage|qa)[0-9]*([^a-z0-9]|$)/i.test(n))) return 'warn';
  if (names.some((n) => /^kind-/.test(n))) return 'safe';
  return 'unclassified';
}

function execKubectl(t: TestEnv, args: string[], kubeconfig: string | undefined): Promise<string> {
  const env: Record<string, string> = { PATH: t.env['PATH']!, HOME: t.home };
  if (kubeconfig !== undefined) env['KUBECONFIG'] = kubeconfig;
  return new Promise((done, fail) => {
    execFile(requireKubectl(), args, { env, cwd: t.home, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) fail(new Error(`kubectl ${args.join(' ')}: ${stderr}`));
      else done(stdout);
    });
  });
}

describe.each(SHELLS)('%s: never stale', (shell) => {
  it(`shows the truth on the prompt right after each of ${STEPS} switches`, { timeout: 300_000 }, async () => {
    const t = makeEnv();
    mkdirSync(t.kubeDir);
    const A = t.kubeconfig;
    const dir = join(t.root, 'kc');
    mkdirSync(dir);
    const B = join(dir, 'b.yaml');
    const C = join(dir, 'c.yaml');
    const files: Record<string, FileModel> = {
      [A]: {
        current: 'kind-a',
        contexts: [
          { name: 'kind-a', cluster: 'kind-a' },
          { name: 'a-stage', cluster: 'a-stage-cl', namespace: 'web' },
          { name: 'a-prod', cluster: 'prod-eu-1', namespace: 'payments' },
          { name: 'a-misc', cluster: 'a-misc' },
        ],
      },
      [B]: {
        current: 'b-one',
        contexts: [
          { name: 'b-one', cluster: 'b-cl' },
          { name: 'b-two', cluster: 'b-two' },
          { name: 'b-live', cluster: 'b-live-cl', namespace: 'x' },
        ],
      },
      [C]: {
        current: 'c-one',
        contexts: [
          { name: 'c-one', cluster: 'c-one' },
          { name: 'c-qa', cluster: 'c-qa-cl' },
          { name: 'c-three', cluster: 'c-three-cl', namespace: 'kube-system' },
        ],
      },
    };
    const write = (path: string): void =>
      writeFileSync(path, kubeconfigText(files[path]!.current, files[path]!.contexts));
    for (const path of [A, B, C]) write(path);

    const kcStates: (string | undefined)[] = [undefined, B, C, `${B}:${C}`];
    let kcIndex = 0;
    const kc = (): string | undefined => kcStates[kcIndex % kcStates.length];
    const list = (value: string | undefined): string[] =>
      value ? [...new Set(value.split(':').filter(Boolean))] : [A];
    /** The file kubectl use-context writes: the first in the list (all exist here). */
    const holder = (value: string | undefined): string =>
      list(value).find((path) => files[path]!.current) ?? list(value)[0]!;
    const definition = (value: string | undefined, context: string): { file: string; def: KubeContext } => {
      for (const file of list(value)) {
        const def = files[file]!.contexts.find((c) => c.name === context);
        if (def) return { file, def };
      }
      throw new Error(`model: context ${context} undefined`);
    };
    const truth = (value: string | undefined): Truth => {
      const context = files[holder(value)]!.current;
      const { def } = definition(value, context);
      const paths = list(value);
      // The files by name, the default one as ~/.kube/config, the first three and then how many more.
      const named = paths.slice(0, 3).map((path) => (path === A ? '~/.kube/config' : basename(path)));
      const more = paths.length > 3 ? ` +${paths.length - 3} more` : '';
      const marker = value && !(paths.length === 1 && paths[0] === A) ? `[KUBECONFIG=${named.join(':')}${more}] ` : '';
      const cluster = def.cluster!;
      return { context, cluster, namespace: def.namespace ?? 'default', level: levelOf(context, cluster), marker };
    };
    const main = (x: Truth): string =>
      `${x.marker}⎈ ${x.cluster === x.context ? x.context : `${x.cluster}/${x.context}`}:${x.namespace}`;

    const started = await cli(t, ['daemon', 'start']);
    expect(started.code, started.stderr).toBe(0);
    const sh = await ShellSession.start(shell, t, { height: 30 });

    const rng = mulberry32(0x5eed + SHELLS.indexOf(shell));
    const mismatches: string[] = [];
    const counts: Record<Op, number> = { use: 0, ns: 0, replace: 0, other: 0, export: 0 };
    let crossChecks = 0;
    let last: Truth | undefined;
    let lastOk = true;
    const times: number[] = [];

    const check = (step: number, op: string, prompt: Prompt): void => {
      const now = truth(kc());
      const changed =
        last !== undefined &&
        (last.context !== now.context || last.namespace !== now.namespace || last.cluster !== now.cluster);
      const where = (t: Truth): string =>
        `${t.cluster && t.cluster !== t.context ? `${t.cluster}/` : ''}${t.context}:${t.namespace}`;
      const expected = main(now) + (changed ? ` changed from ${where(last!)}` : '');
      // After a mismatch the hook's "previous" differs from the model's: compare up to the highlight only.
      const got = lastOk ? prompt.segment : prompt.segment.replace(/ changed from .*$/, '');
      const want = lastOk ? expected : main(now);
      const colour = prompt.cells.find((cell) => cell.ch === '⎈')?.sgr;
      if (got !== want)
        mismatches.push(
          `step ${step} (${op}, KUBECONFIG=${kc() ?? '(unset)'}): expected ${JSON.stringify(want)}, prompt showed ${JSON.stringify(prompt.segment)}`,
        );
      else if (colour !== LEVEL_CELL_SGR[now.level])
        mismatches.push(
          `step ${step} (${op}): level ${now.level} should be drawn with SGR ${JSON.stringify(LEVEL_CELL_SGR[now.level])}, got ${JSON.stringify(colour)}`,
        );
      lastOk = got === want;
      last = now;
      times.push(prompt.elapsedMs);
    };

    check(0, 'start', await sh.run('true'));
    const t0 = Date.now();
    const order: Op[] = ['use', 'ns', 'replace', 'other', 'export'];
    let round: Op[] = [];
    for (let step = 1; step <= STEPS; step++) {
      if (round.length === 0) round = rng.shuffle(order);
      const op = round.shift()!;
      counts[op]++;
      const value = kc();
      const file = holder(value);
      let prompt: Prompt;
      switch (op) {
        case 'use': {
          const choices = files[file]!.contexts.map((c) => c.name).filter((name) => name !== files[file]!.current);
          const target = rng.pick(choices);
          files[file]!.current = target;
          prompt = await sh.run(`kubectl config use-context ${target} >/dev/null`);
          break;
        }
        case 'ns': {
          const { def } = definition(value, files[file]!.current);
          def.namespace = `ns-${step}`;
          prompt = await sh.run(`kubectl config set-context --current --namespace=ns-${step} >/dev/null`);
          break;
        }
        case 'replace': {
          // An editor saving: write a temp file next to it, rename it over the kubeconfig.
          const model = files[file]!;
          model.current = rng.pick(model.contexts.map((c) => c.name).filter((name) => name !== model.current));
          model.contexts.find((c) => c.name === model.current)!.namespace = `ed-${step}`;
          const temp = `${file}.swp-${step}`;
          writeFileSync(temp, kubeconfigText(model.current, model.contexts));
          renameSync(temp, file);
          prompt = await sh.run('true');
          break;
        }
        case 'other': {
          // Another terminal with the same KUBECONFIG switches; this shell then draws a prompt.
          if (rng.chance(0.5)) {
            const model = files[file]!;
            model.current = rng.pick(model.contexts.map((c) => c.name).filter((name) => name !== model.current));
            await execKubectl(t, ['config', 'use-context', model.current], value);
          } else {
            definition(value, files[file]!.current).def.namespace = `other-${step}`;
            await execKubectl(t, ['config', 'set-context', '--current', `--namespace=other-${step}`], value);
          }
          prompt = await sh.run('true');
          break;
        }
        case 'export': {
          kcIndex++;
          prompt = await sh.run(sh.exportCommand('KUBECONFIG', kc()));
          break;
        }
      }
      check(step, op, prompt);
      if (step % CROSS_CHECK_EVERY === 0) {
        // The model against the oracle: kubectl itself, with the shell's KUBECONFIG.
        crossChecks++;
        const out = await execKubectl(
          t,
          [
            'config',
            'view',
            '--minify',
            '-o',
            'jsonpath={.current-context}|{.contexts[0].context.cluster}|{.contexts[0].context.namespace}',
          ],
          kc(),
        );
        const x = truth(kc());
        const want = `${x.context}|${x.cluster}|${x.namespace === 'default' ? '' : x.namespace}`;
        if (out !== want) mismatches.push(`step ${step}: the model (${want}) disagrees with kubectl (${out})`);
      }
      if (step % 25 === 0) await sh.clearHistory();
    }
    const seconds = (Date.now() - t0) / 1000;
    times.sort((a, b) => a - b);
    const pct = (p: number): number => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
    console.log(
      `[never-stale] ${shell}: ${STEPS} switches (${Object.entries(counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}), ` +
        `${crossChecks} kubectl cross-checks, ${mismatches.length} mismatches, ${seconds.toFixed(1)} s; ` +
        `send→prompt ms p50 ${pct(0.5)} p90 ${pct(0.9)} max ${times[times.length - 1]}`,
    );
    expect(mismatches, mismatches.slice(0, 20).join('\n')).toEqual([]);
  });
});
