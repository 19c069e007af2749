// Per-prompt cost of the kctx-guard hook in bash, zsh and fish, side by side in one run with
// an empty prompt function and the naive `kubectl config current-context` in the prompt;
// plus the cost of the first prompt after a `kubectl config use-context` (daemon running). Each shell
// runs three times: as a plain shell, in a tmux pane (TMUX and TMUX_PANE set, so the hook publishes
// its pane file; issue 13), and pinned by `kctx-guard use` in a tmux pane; the steady state must cost
// the same. The pinned shell skips the switches: kubectl cannot write its overlay.
// Figures are medians over --rounds runs per variant, interleaved.
// Usage: node bench/prompt-cost.mjs [--n 2000] [--naive 20] [--switches 200] [--rounds 5]
// The hook functions are called in a loop inside each shell (what a prompt runs before it is
// drawn); drawing itself is the same with and without the hook and is left out.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  BIN,
  ROOT,
  fmt,
  machine,
  option,
  smallKubeconfig,
  startDaemon,
  summary,
  tempEnv,
  waitFresh,
  writeText,
} from './lib.mjs';
import { entryFileName, keyForEnv } from '../dist/cache/index.js';
import { useContext } from '../dist/overlay/index.js';

const N = Number(option('n', '2000'));
const M = Number(option('naive', '20'));
const SWITCHES = Number(option('switches', '200'));
const ROUNDS = Number(option('rounds', '5'));
const SHELLS = {
  bash: ['bash', '--noprofile', '--norc', join(ROOT, 'bench', 'prompt', 'bash.sh')],
  zsh: ['zsh', '-f', join(ROOT, 'bench', 'prompt', 'zsh.zsh')],
  fish: ['fish', '--no-config', join(ROOT, 'bench', 'prompt', 'fish.fish')],
};

const t = tempEnv('prompt');
const names = ['ctx-a', 'ctx-b', 'ctx-c', 'ctx-d'];
writeText(t.kubeconfig, smallKubeconfig(names, 'ctx-a'));
const daemon = startDaemon(t);
waitFresh(t, daemon);

// Pinned as `kctx-guard use ctx-b` pins a shell (this process stands in for the shell: its overlay
// lives while it runs), then served like any KUBECONFIG: wait for its entry too.
const pinned = useContext(
  { kubeconfig: undefined, home: t.home, cwd: t.home, cacheDir: t.cacheDir, pid: process.pid },
  'ctx-b',
).kubeconfig;
const tmux = { TMUX: `/tmp/kctx-bench-tmux,${process.pid},0`, TMUX_PANE: '%7' };
const VARIANTS = [
  ['plain', {}, SWITCHES],
  ['in tmux', tmux, SWITCHES],
  ['pinned, in tmux', { ...tmux, KUBECONFIG: pinned }, 0],
];

console.log(`# prompt cost, ${machine()}`);
console.log(
  `# loops of ${N} hook calls / ${M} naive kubectl calls, medians of ${ROUNDS} interleaved rounds; ${SWITCHES} switches (first round) for the first prompt after a switch\n`,
);
console.log(
  'shell | variant | empty prompt fn | kctx-guard hook | hook − empty | naive kubectl | naive / hook | first prompt after switch p50 | p99 | max | wrong',
);
console.log('----- | ----- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---:');
/** One run of a shell's probe: loop timings in µs per call, and the first prompts after switches. */
function probe(shell, argv, variant, extra, switches) {
  const hook = spawnSync(process.execPath, [BIN, 'init', shell], { env: t.env, encoding: 'utf8' }).stdout;
  const env = { ...t.env, ...extra, N: String(N), M: String(M), SWITCHES: String(switches) };
  const run = spawnSync(argv[0], [...argv.slice(1), hook], { env, cwd: t.home, encoding: 'utf8', timeout: 600_000 });
  if (run.status !== 0) throw new Error(`${shell} probe failed (${run.status}): ${run.stderr}`);
  const lines = run.stdout.trim().split('\n');
  if (extra.TMUX_PANE) {
    // The shell published its pane file, naming its own entry: the pane path ran.
    const published = readdirSync(join(t.cacheDir, 'panes')).filter((name) => name.startsWith(`${process.pid}-7-`));
    const text = published.map((name) => readFileSync(join(t.cacheDir, 'panes', name), 'utf8')).join('');
    if (!text.includes(`\n${entryFileName(keyForEnv(env, t.home))}\n`))
      throw new Error(`${shell} (${variant}): no pane file for its entry`);
    for (const name of published) rmSync(join(t.cacheDir, 'panes', name));
  }
  const loop = (name) => {
    const [, n, us] = lines.find((line) => line.startsWith(`${name} `)).split(' ');
    return Number(us) / Number(n);
  };
  const pair = lines.find((line) => line.startsWith('datepair '));
  const overhead = pair ? summary(pair.split(' ').slice(1).map(Number)).p50 : 0;
  const firsts = lines.filter((line) => line.startsWith('first '));
  const wrong = firsts.filter((line, i) => line.split(' ')[2] !== names[i % 4]).length;
  const times = firsts.map((line) => Math.max(0, Number(line.split(' ')[1]) - overhead) / 1000);
  return { empty: loop('empty'), hook: loop('hook'), naive: loop('naive'), times, wrong };
}

const median = (values) => summary(values).p50;
for (const [shell, argv] of Object.entries(SHELLS)) {
  // Rounds interleave the variants, so a burst of load on this shared machine hits them alike.
  const runs = VARIANTS.map(() => []);
  for (let round = 0; round < ROUNDS; round++)
    VARIANTS.forEach(([variant, extra, switches], i) => {
      runs[i].push(probe(shell, argv, variant, extra, round === 0 ? switches : 0));
    });
  VARIANTS.forEach(([variant], i) => {
    const r = runs[i];
    const empty = median(r.map((x) => x.empty));
    const hookUs = median(r.map((x) => x.hook));
    const over = median(r.map((x) => x.hook - x.empty));
    const naive = median(r.map((x) => x.naive));
    const first = r[0].times.length > 0 ? summary(r[0].times) : undefined;
    const switched = first
      ? `${fmt(first.p50)} | ${fmt(first.p99)} | ${fmt(first.max)} | ${r[0].wrong}/${r[0].times.length}`
      : '– | – | – | –';
    console.log(
      `${shell} | ${variant} | ${empty.toFixed(1)} µs | ${hookUs.toFixed(1)} µs | ${over.toFixed(1)} µs | ${(naive / 1000).toFixed(1)} ms | ${(naive / over).toFixed(0)}× | ${switched}`,
    );
  });
}
console.log(
  '\ntargets: hook − empty <= 100 µs in every shell; first prompt after a switch <= 50 ms at p99; wrong = prompts that showed another context than the one just switched to (must be 0)',
);
daemon.stop();
t.cleanup();
