// Added time of the guard's kubectl wrapper for a read-only `kubectl get pods`, in bash, zsh and
// fish, side by side with calling the binary directly (`command kubectl get pods`) in the same
// shell. The binary is a stand-in that exits at once, so the figures are the wrapper's own cost.
// Then, for scale, a command line that is not read-only and so reaches `kctx-guard __guard`, which
// runs it without a question on this unclassified cluster (`kubectl apply -f app.yaml`).
// Usage: node bench/guard-overhead.mjs [--runs 100] [--guarded-runs 10]
import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, machine, option, smallKubeconfig, startDaemon, summary, tempEnv, waitFresh, writeText } from './lib.mjs';

const RUNS = Number(option('runs', '100'));
const GUARDED = Number(option('guarded-runs', '10'));
const t = tempEnv('guard');
writeText(t.kubeconfig, smallKubeconfig(['ctx-a', 'ctx-b'], 'ctx-a'));
const binDir = join(t.root, 'bin');
writeText(join(binDir, 'kubectl'), '#!/bin/sh\nexit 0\n');
chmodSync(join(binDir, 'kubectl'), 0o755);
const daemon = startDaemon(t);
waitFresh(t, daemon);

// Each probe prints "wrapped <µs>" and "direct <µs>" lines, alternating, after one warm-up prompt.
const probes = {
  bash: [
    'bash',
    [
      '--noprofile',
      '--norc',
      '-c',
      `eval "$1"; PS1='$ '; __kctx_guard_precmd; __kctx_guard_prompt
for ((i = 0; i < ${RUNS}; i++)); do
  s=$EPOCHREALTIME; kubectl get pods; e=$EPOCHREALTIME; echo "wrapped $(( \${e/./} - \${s/./} ))"
  s=$EPOCHREALTIME; command kubectl get pods; e=$EPOCHREALTIME; echo "direct $(( \${e/./} - \${s/./} ))"
done
for ((i = 0; i < ${GUARDED}; i++)); do
  s=$EPOCHREALTIME; kubectl apply -f app.yaml; e=$EPOCHREALTIME; echo "guarded $(( \${e/./} - \${s/./} ))"
done`,
      'probe',
    ],
  ],
  zsh: [
    'zsh',
    [
      '-f',
      '-c',
      `zmodload zsh/datetime; eval "$1"; PROMPT='%# '; __kctx_guard_precmd
for ((i = 0; i < ${RUNS}; i++)); do
  s=$EPOCHREALTIME; kubectl get pods; e=$EPOCHREALTIME; printf 'wrapped %.0f\\n' $(( (e - s) * 1000000 ))
  s=$EPOCHREALTIME; command kubectl get pods; e=$EPOCHREALTIME; printf 'direct %.0f\\n' $(( (e - s) * 1000000 ))
done
for ((i = 0; i < ${GUARDED}; i++)); do
  s=$EPOCHREALTIME; kubectl apply -f app.yaml; e=$EPOCHREALTIME; printf 'guarded %.0f\\n' $(( (e - s) * 1000000 ))
done`,
      'probe',
    ],
  ],
  fish: [
    'fish',
    [
      '--no-config',
      '-c',
      `echo $argv[1] | source; __kctx_guard_precmd
for i in (seq ${RUNS})
  set s (date +%s%N); kubectl get pods; set e (date +%s%N); echo wrapped (math --scale 0 "($e - $s) / 1000")
  set s (date +%s%N); command kubectl get pods; set e (date +%s%N); echo direct (math --scale 0 "($e - $s) / 1000")
end
for i in (seq ${GUARDED})
  set s (date +%s%N); kubectl apply -f app.yaml; set e (date +%s%N); echo guarded (math --scale 0 "($e - $s) / 1000")
end`,
    ],
  ],
};

console.log(`# guard overhead, ${machine()}`);
console.log(`# ${RUNS} runs of \`kubectl get pods\` through the wrapper and directly, alternating, stand-in binary\n`);
console.log(
  'shell | direct median | wrapped median | added (median of wrapped − direct) | target | not read-only (reaches the guard, runs), median',
);
console.log('----- | ---: | ---: | ---: | --- | ---:');
for (const [shell, [program, args]] of Object.entries(probes)) {
  const hook = spawnSync(process.execPath, [BIN, 'init', shell], { env: t.env, encoding: 'utf8' }).stdout;
  const env = { ...t.env, PATH: `${binDir}:${t.env.PATH}` };
  const run = spawnSync(program, [...args, hook], { env, cwd: t.home, encoding: 'utf8', timeout: 300_000 });
  if (run.status !== 0) throw new Error(`${shell} probe failed (${run.status}): ${run.stderr}`);
  const lines = run.stdout
    .trim()
    .split('\n')
    .map((line) => line.split(' '));
  const wrapped = lines.filter(([kind]) => kind === 'wrapped').map(([, us]) => Number(us) / 1000);
  const direct = lines.filter(([kind]) => kind === 'direct').map(([, us]) => Number(us) / 1000);
  const added = wrapped.map((w, i) => w - direct[i]);
  const guarded = lines.filter(([kind]) => kind === 'guarded').map(([, us]) => Number(us) / 1000);
  const a = summary(added).p50;
  console.log(
    `${shell} | ${summary(direct).p50.toFixed(2)} ms | ${summary(wrapped).p50.toFixed(2)} ms | ${a.toFixed(3)} ms | <= 5 ms: ${a <= 5 ? 'MET' : 'NOT MET'} | ${summary(guarded).p50.toFixed(0)} ms`,
  );
}
daemon.stop();
t.cleanup();
