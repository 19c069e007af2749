// What the blast radius pays before its first request: importing the connection code on a worker
// thread, in a fresh node each run. Side by side: `@kubernetes/client-node`'s index (what the look
// loaded before, through KubeConfig), its `dist/config.js` alone (which still imports the
// generated API models), and what the worker imports now (dist/guard/blast-worker.js: client-node's
// config_types mapping, our request options and requests), plus a worker that imports it and
// receives a job (the thread's own start-up included).
// Usage: node bench/blast-import.mjs [--runs 15]
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fmt, machine, option, ROOT, summary } from './lib.mjs';

const RUNS = Number(option('runs', '15'));
const url = (path) => pathToFileURL(join(ROOT, path)).href;
const importing = (specifier) =>
  `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;
const worker = `
const { Worker } = await import('node:worker_threads');
const t = performance.now();
const w = new Worker(${JSON.stringify(`import(${JSON.stringify(url('dist/guard/blast-worker.js'))}).then(() => process.exit(0))`)}, { eval: true });
w.on('exit', () => console.log(performance.now() - t));
`;

const cases = [
  ['@kubernetes/client-node (index: before)', importing('@kubernetes/client-node')],
  ['@kubernetes/client-node/dist/config.js', importing('@kubernetes/client-node/dist/config.js')],
  ['dist/guard/blast-worker.js (now)', importing(url('dist/guard/blast-worker.js'))],
  ['worker thread started + blast-worker.js imported', worker],
];

console.log(`blast radius: import cost in a fresh node, ${RUNS} runs each (${machine()})`);
console.log(`${'imported'.padEnd(52)} ${'min'.padStart(10)} ${'median'.padStart(10)} ${'max'.padStart(10)}`);
for (const [name, code] of cases) {
  const times = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${name}: ${run.stderr}`);
    if (i > 0) times.push(Number(run.stdout.trim())); // the first run reads the files from disk
  }
  const s = summary(times);
  console.log(
    `${name.padEnd(52)} ${fmt(s.min, 0).padStart(10)} ${fmt(s.p50, 0).padStart(10)} ${fmt(s.max, 0).padStart(10)}`,
  );
}
