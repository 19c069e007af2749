// CLI cold start: wall time of a whole `kctx-guard …` process for the commands people and scripts
// run, side by side in one process tree with `node -e 0` (the floor any node program pays) and
// `kubectl config current-context` (what a prompt without kctx-guard would run). Rounds run every
// command once, in turn, so load on this shared machine hits them all alike; we print medians and
// ratios. KCTX_BENCH_BEFORE=/path/to/other/bin/kctx-guard.js adds every kctx-guard row again for
// that build (e.g. an older commit's checkout), measured in the same rounds.
//
//   node bench/cli-start.mjs [--rounds 30]
import {
  BIN,
  fmt,
  KUBECTL,
  machine,
  option,
  pollUntil,
  sleepMs,
  smallKubeconfig,
  startDaemon,
  summary,
  tempEnv,
  timeCommand,
  writeText,
} from './lib.mjs';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

const ROUNDS = Number(option('rounds', '30'));
const CONTEXTS = ['kind-dev', 'staging-eu', 'prod-eu'];

// Two homes with the same kubeconfig: one with a running daemon (status reads its cache, the
// common case), one without (status computes the answer itself).
const up = tempEnv('cli-start-up');
const down = tempEnv('cli-start-down');
for (const t of [up, down]) writeText(t.kubeconfig, smallKubeconfig(CONTEXTS, 'prod-eu'));
const daemon = startDaemon(up);
let exitCode = 0;
try {
  exitCode = run();
} finally {
  daemon.stop();
  sleepMs(300); // the daemon removes its socket and pid file on the way out
  up.cleanup();
  down.cleanup();
}
process.exit(exitCode);

function run() {
  console.log(`# cli-start  (${machine()})`);
  const cli = (t, ...args) => ({ cmd: process.execPath, args: [BIN, ...args], env: t.env });
  const before = process.env.KCTX_BENCH_BEFORE;
  // As bin/kctx-guard.js decides: the bundle runs while it is not older than tsc's output.
  const age = (file) => statSync(join(BIN, '..', '..', file), { throwIfNoEntry: false })?.mtimeMs ?? -1;
  const bundled = age('dist/bundle/run.js') >= 0 && age('dist/bundle/run.js') >= age('dist/bin/run.js');
  console.log(`${BIN}: ${bundled ? 'runs dist/bundle (current)' : 'runs dist/bin/run.js (no current bundle)'}`);
  const statusJson = () =>
    JSON.parse(spawnSync(process.execPath, [BIN, 'status', '--json'], { env: up.env, encoding: 'utf8' }).stdout);
  const [ready] = pollUntil(() => statusJson().cache.usedForThisReport, { stepMs: 50, timeoutMs: 15000 });
  if (!ready) {
    console.error(`the daemon did not make a fresh entry: ${daemon.stderr()}`);
    return 1;
  }
  const cases = [
    ['node -e 0', { cmd: process.execPath, args: ['-e', '0'], env: up.env }],
    ['kubectl config current-context', { cmd: KUBECTL, args: ['config', 'current-context'], env: up.env }],
    ['kctx-guard status', cli(up, 'status')],
    ['kctx-guard status --json', cli(up, 'status', '--json')],
    ['kctx-guard status (daemon stopped)', cli(down, 'status')],
    ['kctx-guard --help', cli(up, '--help')],
    ['kctx-guard rules', cli(up, 'rules')],
    ['kctx-guard doctor', { ...cli(up, 'doctor'), statuses: [0, 1] }],
    ['kctx-guard daemon status', cli(up, 'daemon', 'status')],
    ['kctx-guard init bash', cli(up, 'init', 'bash')],
  ];
  if (before) {
    for (const [name, c] of cases.slice(2))
      cases.push([`${name} (before)`, { ...c, args: [before, ...c.args.slice(1)] }]);
  }
  const times = cases.map(() => []);
  const time = (c) => timeCommand(c.cmd, c.args, c.env, { statuses: c.statuses });
  for (const [, c] of cases) time(c); // warm the page cache once
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, [, c]] of cases.entries()) times[i].push(time(c).elapsed);
  }
  const medians = times.map((t) => summary(t).p50);
  const [node, kubectl] = medians;
  console.log(`${ROUNDS} rounds, every command once per round; kubeconfig: ${CONTEXTS.length} contexts`);
  console.log('| command | median | p90 | / node -e 0 | / kubectl current-context |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  cases.forEach(([name], i) => {
    const s = summary(times[i]);
    console.log(
      `| \`${name}\` | ${fmt(s.p50, 1)} | ${fmt(s.p90, 1)} | ${(s.p50 / node).toFixed(2)}× | ${(s.p50 / kubectl).toFixed(2)}× |`,
    );
  });
  const ratio = (i) => medians[i] / node;
  const verdict = (r) => `${r.toFixed(2)}× (${r <= 2 ? 'met' : 'NOT met'})`;
  console.log(
    `status within 2× node -e 0: status ${verdict(ratio(2))}, status --json ${verdict(ratio(3))}; daemon stopped ${verdict(ratio(4))}`,
  );
  return 0;
}
