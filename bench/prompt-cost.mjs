// Per-prompt cost of the kctx-guard hook in bash, zsh and fish, side by side in one run with
// an empty prompt function and the naive `kubectl config current-context` in the prompt;
// plus the cost of the first prompt after a `kubectl config use-context` (daemon running).
// Usage: node bench/prompt-cost.mjs [--n 2000] [--naive 20] [--switches 200]
// The hook functions are called in a loop inside each shell (what a prompt runs before it is
// drawn); drawing itself is the same with and without the hook and is left out.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  BIN,
  ROOT,
  fmt,
  machine,
  option,
  pollUntil,
  smallKubeconfig,
  startDaemon,
  summary,
  tempEnv,
  writeText,
} from './lib.mjs';
import { entryFileName, keyForEnv, readEntry } from '../dist/cache/index.js';

const N = Number(option('n', '2000'));
const M = Number(option('naive', '20'));
const SWITCHES = Number(option('switches', '200'));
const SHELLS = {
  bash: ['bash', '--noprofile', '--norc', join(ROOT, 'bench', 'prompt', 'bash.sh')],
  zsh: ['zsh', '-f', join(ROOT, 'bench', 'prompt', 'zsh.zsh')],
  fish: ['fish', '--no-config', join(ROOT, 'bench', 'prompt', 'fish.fish')],
};

const t = tempEnv('prompt');
const names = ['ctx-a', 'ctx-b', 'ctx-c', 'ctx-d'];
writeText(t.kubeconfig, smallKubeconfig(names, 'ctx-a'));
const daemon = startDaemon(t);
const [ready] = pollUntil(
  () => readEntry(t.cacheDir, entryFileName(keyForEnv(t.env, t.home)), keyForEnv(t.env, t.home)).state === 'fresh',
  { stepMs: 5, timeoutMs: 10000 },
);
if (!ready) throw new Error(`daemon did not write a fresh entry: ${daemon.stderr()}`);

console.log(`# prompt cost, ${machine()}`);
console.log(
  `# loops of ${N} hook calls / ${M} naive kubectl calls; ${SWITCHES} switches for the first prompt after a switch\n`,
);
console.log(
  'shell | empty prompt fn | kctx-guard hook | hook − empty | naive kubectl | naive / hook | first prompt after switch p50 | p99 | max | wrong',
);
console.log('----- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---:');
for (const [shell, argv] of Object.entries(SHELLS)) {
  const hook = spawnSync(process.execPath, [BIN, 'init', shell], { env: t.env, encoding: 'utf8' }).stdout;
  const env = { ...t.env, N: String(N), M: String(M), SWITCHES: String(SWITCHES) };
  const run = spawnSync(argv[0], [...argv.slice(1), hook], { env, cwd: t.home, encoding: 'utf8', timeout: 600_000 });
  if (run.status !== 0) throw new Error(`${shell} probe failed (${run.status}): ${run.stderr}`);
  const lines = run.stdout.trim().split('\n');
  const loop = (name) => {
    const [, n, us] = lines.find((line) => line.startsWith(`${name} `)).split(' ');
    return Number(us) / Number(n);
  };
  const pair = lines.find((line) => line.startsWith('datepair '));
  const overhead = pair ? summary(pair.split(' ').slice(1).map(Number)).p50 : 0;
  const firsts = lines.filter((line) => line.startsWith('first '));
  const expected = (i) => names[i % 4];
  const wrong = firsts.filter((line, i) => line.split(' ')[2] !== expected(i)).length;
  const first = summary(firsts.map((line) => Math.max(0, Number(line.split(' ')[1]) - overhead) / 1000));
  const empty = loop('empty');
  const hookUs = loop('hook');
  const naive = loop('naive');
  console.log(
    `${shell} | ${empty.toFixed(1)} µs | ${hookUs.toFixed(1)} µs | ${(hookUs - empty).toFixed(1)} µs | ${(naive / 1000).toFixed(1)} ms | ${(naive / (hookUs - empty)).toFixed(0)}× | ${fmt(first.p50)} | ${fmt(first.p99)} | ${fmt(first.max)} | ${wrong}/${firsts.length}`,
  );
}
console.log(
  '\ntargets: hook − empty <= 100 µs in every shell; first prompt after a switch <= 50 ms at p99; wrong = prompts that showed another context than the one just switched to (must be 0)',
);
daemon.stop();
t.cleanup();
