// What cluster identity costs the daemon with a 5,000-context ~/.kube/config (5,000 clusters, each with
// its own server and CA data; the default rules classify 3,000 of them): each stage the daemon runs per
// compute and per learn, and a small deploy-tool kubeconfig's compute matched against all of them,
// side by side with the same compute matched against nothing (names and extensions alone).
//
//   node bench/identity-5000.mjs [--contexts 5000] [--runs 20]
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  emptyMemory,
  knownContexts,
  nextHidden,
  knownSignature,
  learn,
  matchIdentity,
  readMemory,
  updateMemory,
  writeMemory,
} from '../dist/identity/index.js';
import {
  caFileReader,
  computeEntry,
  hiddenDefinitions,
  identityOfCluster,
  loadKubeconfigFile,
  observeContexts,
} from '../dist/pipeline/index.js';
import { DaemonIdentities } from '../dist/daemon/identities.js';
import { parseRuleConfig } from '../dist/rules/index.js';
import { cpuMs, fmt, machine, nowMs, option, summary, tempEnv, writeBigKubeconfig } from './lib.mjs';

const COUNT = Number(option('contexts', '5000'));
const RUNS = Number(option('runs', '20'));

const t = tempEnv('identity');
try {
  console.log(`# identity-5000  (${machine()})`);
  writeBigKubeconfig(t.kubeconfig, COUNT);
  console.log(`kubeconfig: ${COUNT} contexts, ${(statSync(t.kubeconfig).size / 1024 / 1024).toFixed(1)} MiB`);

  /** [wall, CPU] medians of `fn` over RUNS runs after one warm-up; `fn`'s last result is returned too. */
  const stage = (fn) => {
    let result = fn();
    const walls = [];
    const cpus = [];
    for (let i = 0; i < RUNS; i++) {
      const cpu = process.cpuUsage();
      const start = nowMs();
      result = fn();
      walls.push(nowMs() - start);
      cpus.push(cpuMs(process.cpuUsage(cpu)));
    }
    return { wall: summary(walls), cpu: summary(cpus).p50, result };
  };

  const loaded = [loadKubeconfigFile(t.kubeconfig)];
  const rules = parseRuleConfig(undefined, 'none').rules;
  const files = [t.kubeconfig];
  const observe = stage(() => observeContexts(loaded, rules, caFileReader()));
  // Definitions kubectl hides, looked for in every name of the files each compute reads: the big file
  // alone (no name twice), and beside a copy whose every server moved (5,000 clusters hidden).
  const hiddenAlone = stage(() => hiddenDefinitions(loaded, caFileReader()));
  const moved = join(t.root, 'moved.yaml');
  writeFileSync(moved, readFileSync(t.kubeconfig, 'utf8').replaceAll('server: https://', 'server: https://moved-'));
  const twice = [...loaded, loadKubeconfigFile(moved)];
  const hiddenTwice = stage(() => hiddenDefinitions(twice, caFileReader()));
  // As computeEntry runs them: one CA reader, which keeps the identities observeContexts worked out.
  const sharedTwice = stage(() => {
    const readCa = caFileReader();
    observeContexts(twice, rules, readCa);
    return hiddenDefinitions(twice, readCa);
  });
  const separateTwice = stage(() => {
    observeContexts(twice, rules, caFileReader());
    return hiddenDefinitions(twice, caFileReader());
  });
  if (sharedTwice.result.length !== COUNT || separateTwice.result.length !== COUNT)
    throw new Error(`hidden: ${sharedTwice.result.length} shared, ${separateTwice.result.length} separate`);
  if (hiddenAlone.result.length !== 0 || hiddenTwice.result.length !== COUNT)
    throw new Error(`hidden: ${hiddenAlone.result.length} alone, ${hiddenTwice.result.length} twice`);
  // As a compute of the big file hands it to the daemon: no name twice, so nothing hidden.
  const observed = { files, contexts: observe.result, hidden: { files, found: hiddenAlone.result } };
  const pendingTwice = stage(() => nextHidden([], [t.kubeconfig, moved], hiddenTwice.result, new Date().toISOString()));
  const first = stage(() => learn(emptyMemory(), observed, new Date()));
  const memory = first.result.memory;
  const steady = stage(() => learn(memory, observed, new Date()));
  const remember = stage(() => [knownContexts(memory), knownSignature(memory)]);
  const known = remember.result[0];
  const state = join(t.root, 'state');
  writeMemory(state, memory);
  const fileBytes = statSync(join(state, 'identities.json')).size;
  const write = stage(() => writeMemory(state, memory));
  const read = stage(() => readMemory(state));
  // What the daemon's thread runs after every compute: the file read, parsed, merged, and (when changed) written.
  const daemonLearn = stage(() =>
    updateMemory(state, (current) => {
      const next = learn(current, observed, new Date());
      return { memory: next.changed ? next.memory : undefined, result: next.memory };
    }),
  );

  // What the daemon does run per compute: the same observations as last time are recognised and skipped.
  const daemonIdentities = new DaemonIdentities(state, { info() {}, error() {}, warn() {} });
  daemonIdentities.learn(observed);
  const skipped = stage(() => daemonIdentities.learn(observed));

  // A tunnel to the last prod cluster of the big file (its CA on 127.0.0.1): prod, not "local, safe".
  const target = [...loaded[0].config.clusters.values()].findLast((cluster) => cluster.server.includes('//prod-'));
  const identity = identityOfCluster(target, caFileReader());
  // The daemon posts `known` to a compute thread with every request: a structured clone.
  const clone = stage(() => structuredClone({ known, drift: memory.drift }));
  const match = stage(() => matchIdentity(identity, { context: 'other-name', file: '/tmp/deploy' }, known));
  if (match.result?.known.level !== 'danger') throw new Error('the deploy context did not match its prod cluster');
  const deploy = join(t.root, 'deploy.yaml');
  const lines = readFileSync(t.kubeconfig, 'utf8').split('\n');
  const ca = lines[lines.findIndex((line) => line.trim() === `server: ${target.server}`) - 1]
    .trim()
    .replace('certificate-authority-data: ', '');
  writeFileSync(
    deploy,
    `apiVersion: v1\nkind: Config\ncurrent-context: deploy\nclusters:\n- name: deploy\n  cluster:\n    server: https://127.0.0.1:16443\n    certificate-authority-data: ${ca}\ncontexts:\n- name: deploy\n  context: {cluster: deploy, user: u}\nusers:\n- name: u\n  user: {token: x}\n`,
  );
  const request = { key: '', kubeconfig: deploy, cwd: t.home, home: t.home, configFile: join(t.root, 'none.yaml') };
  const withKnown = stage(() => computeEntry({ ...request, known }));
  const without = stage(() => computeEntry({ ...request, known: [] }));
  if (withKnown.result.entry.level !== 'danger' || without.result.entry.level !== 'safe')
    throw new Error(`unexpected levels ${withKnown.result.entry.level} / ${without.result.entry.level}`);

  const row = (name, s) =>
    `${name.padEnd(64)} median ${fmt(s.wall.p50, 2).padStart(10)}  p90 ${fmt(s.wall.p90, 2).padStart(10)}  CPU ${fmt(s.cpu, 1).padStart(8)}`;
  console.log(`identities: ${memory.identities.length}; classified contexts matched against: ${known.length}`);
  console.log(`identities.json: ${(fileBytes / 1024 / 1024).toFixed(2)} MiB`);
  console.log('');
  console.log('per compute of the 5,000-context file (compute thread):');
  console.log(row('  observeContexts: identity + level of every context', observe));
  console.log(row('  hiddenDefinitions, the file alone (no name twice)', hiddenAlone));
  console.log(row('  hiddenDefinitions beside a copy whose every server moved', hiddenTwice));
  console.log(row('  observeContexts + hiddenDefinitions of that pair, one CA reader', sharedTwice));
  console.log(row('    the same, a reader each (no identity shared)', separateTwice));
  console.log(row('  nextHidden with those 5,000 (daemon thread; 200 are kept)', pendingTwice));
  console.log('per compute, on the daemon thread:');
  console.log(row('  DaemonIdentities.learn, the same observations again (skipped)', skipped));
  console.log(row('  updateMemory + learn, nothing new (read, parse, merge)', daemonLearn));
  console.log(row('    of which learn() alone, nothing new', steady));
  console.log(row('    learn() into an empty memory (first start)', first));
  console.log(row('    readMemory (JSON.parse)', read));
  console.log(row('    writeMemory (when it changed)', write));
  console.log(row('  knownContexts + knownSignature (after a change)', remember));
  console.log(row('  structuredClone of the known contexts (each request to a compute thread)', clone));
  console.log('a one-context kubeconfig (a tunnel to one of them) matched against them (compute thread):');
  console.log(row('  matchIdentity alone', match));
  console.log(row(`  computeEntry, known = the ${known.length} classified contexts`, withKnown));
  console.log(row('  baseline: the same computeEntry, known = none', without));
  console.log(`  identity lookup adds ${fmt(withKnown.wall.p50 - without.wall.p50, 2)} (median wall) per compute`);
} finally {
  t.cleanup();
}
