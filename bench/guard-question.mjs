// Time to the guard's first question for `kubectl delete ns prod` on a danger cluster: from starting
// `kctx-guard __guard` to the report that precedes the question being complete (run without a
// terminal, the guard prints that report and refuses, so its exit marks the moment the question
// would appear). Side by side: no look (KCTX_GUARD_BLAST_MS=0), a reachable cluster (the test
// suite's HTTPS API server double, bearer token), a cluster that answers after 3 s, a refused port;
// and, for scale, a command that asks nothing (`delete pod` on a safe cluster).
// Usage: node bench/guard-question.mjs [--runs 10]
import { spawn } from 'node:child_process';
import { register } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { BIN, fmt, machine, option, summary, tempEnv, writeText } from './lib.mjs';

// The double and its fixture are the tests' TypeScript; the tests' loader hooks compile them.
register('../test/helpers/ts-worker-hooks.mjs', import.meta.url);
const { makePki, startApiServerDouble } = await import('../test/helpers/apiserver-double.ts');
const { blastFixture, blastKubeconfig, TOKEN } = await import('../test/guard/blast-fixture.ts');

const RUNS = Number(option('runs', '10'));
const t = tempEnv('question');
const pki = makePki(join(t.root, 'pki'));
const api = await startApiServerDouble({ pki, token: TOKEN, objects: blastFixture(Date.now()) });
const slow = await startApiServerDouble({ pki, token: TOKEN, objects: blastFixture(Date.now()), delayMs: 3000 });
const closed = createServer();
await new Promise((done) => closed.listen(0, '127.0.0.1', done));
const refused = `https://127.0.0.1:${closed.address().port}`;
await new Promise((done) => closed.close(done));
writeText(t.kubeconfig, blastKubeconfig.text({ api: api.url, slow: slow.url, refused, pki, root: t.root }));

/** Wall time of one guard run, and its stderr (to check it said what it should). */
function guard(argv, extra) {
  const start = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, '__guard', 'kubectl', '--', ...argv], {
      env: { ...t.env, ...extra },
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => done({ ms: performance.now() - start, stderr, status }));
  });
}

const cases = [
  ['no question (delete pod on a safe cluster)', ['--context', 'dev-token', 'delete', 'pod', 'x'], {}, null],
  [
    'question, no look (KCTX_GUARD_BLAST_MS=0)',
    ['--context', 'prod-token', 'delete', 'ns', 'prod'],
    { KCTX_GUARD_BLAST_MS: '0' },
    /refusing/,
  ],
  [
    'question after the look, cluster reachable',
    ['--context', 'prod-token', 'delete', 'ns', 'prod'],
    {},
    /deletes {4}namespace prod holding/,
  ],
  [
    'the same, budget raised to 10 s (the look’s own time)',
    ['--context', 'prod-token', 'delete', 'ns', 'prod'],
    { KCTX_GUARD_BLAST_MS: '10000' },
    /deletes {4}namespace prod holding/,
  ],
  [
    'question after the look, cluster answers in 3 s',
    ['--context', 'prod-slow', 'delete', 'ns', 'prod'],
    {},
    /did not answer in time/,
  ],
  [
    'question after the look, port refused',
    ['--context', 'prod-refused', 'delete', 'ns', 'prod'],
    {},
    /cannot be reached/,
  ],
];

console.log(`guard: time to the first question, ${RUNS} runs each (${machine()})`);
console.log(
  `${'case'.padEnd(50)} ${'min'.padStart(11)} ${'median'.padStart(11)} ${'max'.padStart(11)}  answered as expected`,
);
for (const [name, argv, extra, expected] of cases) {
  const times = [];
  let good = 0;
  await guard(argv, extra); // warm-up: the first run reads client-node from disk
  for (let i = 0; i < RUNS; i++) {
    const run = await guard(argv, extra);
    times.push(run.ms);
    if (expected === null ? run.status === 0 : expected.test(run.stderr)) good++;
  }
  const s = summary(times);
  console.log(
    `${name.padEnd(50)} ${fmt(s.min, 0).padStart(11)} ${fmt(s.p50, 0).padStart(11)} ${fmt(s.max, 0).padStart(11)}  ${good}/${RUNS}`,
  );
}
api.close();
slow.close();
t.cleanup();
