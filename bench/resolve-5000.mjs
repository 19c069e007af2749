// Full compute on a 5,000-context kubeconfig (read + parse + resolve + classify + render, as the daemon
// does on every change), side by side with @kubernetes/client-node's KubeConfig.loadFromFile and
// `kubectl config current-context` on the same file.
//
//   node bench/resolve-5000.mjs [--contexts 5000] [--runs 20] [--kubectl-runs 20]
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { parseKubeconfig } from '../dist/kubeconfig/parse.js';
import { loadKubectlYaml } from '../dist/kubeconfig/yaml11.js';
import { computeEntry } from '../dist/pipeline/compute.js';
import {
  cpuMs,
  fmt,
  KUBECTL,
  machine,
  nowMs,
  option,
  summary,
  tempEnv,
  timeCommand,
  writeBigKubeconfig,
} from './lib.mjs';

const COUNT = Number(option('contexts', '5000'));
const RUNS = Number(option('runs', '20'));
const KUBECTL_RUNS = Number(option('kubectl-runs', '20'));

const t = tempEnv('resolve');
try {
  console.log(`# resolve-5000  (${machine()})`);
  const genStart = nowMs();
  // Generated in a child process so its garbage (millions of short strings) does not sit in this heap.
  writeBigKubeconfig(t.kubeconfig, COUNT);
  const size = statSync(t.kubeconfig).size;
  console.log(
    `kubeconfig: ${COUNT} contexts/clusters/users, ${(size / 1024 / 1024).toFixed(1)} MiB (generated in ${fmt(nowMs() - genStart, 0)}), current-context ctx-${COUNT - 1}`,
  );

  // Ours: exactly what the daemon runs per change.
  const request = {
    key: '',
    kubeconfig: undefined,
    cwd: t.home,
    home: t.home,
    configFile: join(t.env.XDG_CONFIG_HOME, 'kctx-guard', 'config.yaml'),
  };
  const oursCold = nowMs();
  const first = computeEntry(request);
  const coldMs = nowMs() - oursCold;
  if (first.entry.plain.context !== `ctx-${COUNT - 1}` || first.entry.level === 'error')
    throw new Error(`unexpected entry: ${JSON.stringify(first.entry.details)}`);
  const ours = [];
  const oursCpu = [];
  for (let i = 0; i < RUNS; i++) {
    const cpu = process.cpuUsage();
    const start = nowMs();
    computeEntry(request);
    ours.push(nowMs() - start);
    oursCpu.push(cpuMs(process.cpuUsage(cpu)));
  }
  const o = summary(ours);

  // Where our time goes (same file, same process): read, YAML load, the rest. [wall, CPU] medians.
  const stage = (fn) => {
    const times = [];
    const cpus = [];
    for (let i = 0; i < Math.max(5, Math.ceil(RUNS / 2)); i++) {
      const cpu = process.cpuUsage();
      const start = nowMs();
      fn();
      times.push(nowMs() - start);
      cpus.push(cpuMs(process.cpuUsage(cpu)));
    }
    return [summary(times).p50, summary(cpus).p50];
  };
  const text = readFileSync(t.kubeconfig, 'utf8');
  const stages = {
    read: stage(() => readFileSync(t.kubeconfig, 'utf8')),
    yamlKubectl: stage(() => loadKubectlYaml(text, t.kubeconfig)),
    yamlFailsafe: stage(() => yaml.load(text, { schema: yaml.FAILSAFE_SCHEMA })),
    yamlDefault: stage(() => yaml.load(text)),
    parse: stage(() => parseKubeconfig(text, t.kubeconfig)),
  };
  const pair = ([wall, cpu]) => `${fmt(wall, 1)} / ${fmt(cpu, 0)}`;

  // Baseline 1: @kubernetes/client-node, imported lazily (import cost reported apart).
  const importStart = nowMs();
  const { KubeConfig } = await import('@kubernetes/client-node');
  const importMs = nowMs() - importStart;
  const client = [];
  const clientCpu = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const cpu = process.cpuUsage();
    const start = nowMs();
    const kc = new KubeConfig();
    kc.loadFromFile(t.kubeconfig);
    const elapsed = nowMs() - start;
    const used = cpuMs(process.cpuUsage(cpu));
    if (kc.getCurrentContext() !== `ctx-${COUNT - 1}`) throw new Error('client-node disagrees on current-context');
    // First run is warm-up, as for ours.
    if (i > 0) client.push(elapsed);
    if (i > 0) clientCpu.push(used);
  }
  const c = summary(client);

  // Baseline 2: kubectl itself (process start included: that is what a prompt would pay).
  const kubectl = [];
  const kubectlCpu = [];
  for (let i = 0; i < KUBECTL_RUNS; i++) {
    const { elapsed, stdout, cpu } = timeCommand(KUBECTL, ['config', 'current-context'], t.env, { cpu: true });
    if (stdout.trim() !== `ctx-${COUNT - 1}`) throw new Error(`kubectl says ${stdout.trim()}`);
    kubectl.push(elapsed);
    kubectlCpu.push(cpu);
  }
  const k = summary(kubectl);

  const row = (name, s, cpu) =>
    `${name.padEnd(44)} median ${fmt(s.p50, 1).padStart(9)}  min ${fmt(s.min, 1).padStart(9)}  max ${fmt(s.max, 1).padStart(9)}  (n=${s.n})  CPU median ${fmt(summary(cpu).p50, 0)}`;
  console.log('');
  console.log(row('ours: computeEntry (read+parse+resolve+render)', o, oursCpu));
  console.log(`${''.padEnd(44)} first (cold) run ${fmt(coldMs, 1)}`);
  console.log(`${''.padEnd(44)} stages, wall / CPU medians:`);
  console.log(`${''.padEnd(46)}readFileSync ${pair(stages.read)}`);
  console.log(`${''.padEnd(46)}parseKubeconfig (YAML load + shape checks) ${pair(stages.parse)}`);
  console.log(`${''.padEnd(48)}of which loadKubectlYaml (kubectl's YAML 1.1 rules) ${pair(stages.yamlKubectl)}`);
  console.log(
    `${''.padEnd(48)}for scale: js-yaml load, FAILSAFE schema ${pair(stages.yamlFailsafe)}; default schema (what client-node uses) ${pair(stages.yamlDefault)}`,
  );
  console.log(
    `${''.padEnd(46)}remainder (stat, resolve, classify, render) ~${fmt(summary(oursCpu).p50 - stages.read[1] - stages.parse[1], 0)} CPU (total minus stages)`,
  );
  console.log(row('baseline: client-node KubeConfig.loadFromFile', c, clientCpu));
  console.log(`${''.padEnd(44)} + one-time import of @kubernetes/client-node ${fmt(importMs, 0)}`);
  console.log(row('baseline: kubectl config current-context', k, kubectlCpu));
  const oc = summary(oursCpu).p50;
  console.log(
    '(wall = elapsed time, inflated when other processes compete for the CPU; CPU = user+system time of the process, all threads, incl. GC)',
  );
  console.log(
    `\nratio (wall): client-node / ours = ${(c.p50 / o.p50).toFixed(2)}x; kubectl / ours = ${(k.p50 / o.p50).toFixed(2)}x (>1 means ours is faster)`,
  );
  console.log(
    `ratio (CPU):  client-node / ours = ${(summary(clientCpu).p50 / oc).toFixed(2)}x; kubectl / ours = ${(summary(kubectlCpu).p50 / oc).toFixed(2)}x`,
  );
  console.log(
    `target ours <= 150 ms: ${o.p50 <= 150 ? 'MET' : 'NOT MET'} (wall median ${fmt(o.p50, 1)}; CPU median ${fmt(oc, 1)})`,
  );
} finally {
  t.cleanup();
}
