// Added time of the PATH shim (shell/templates/sh/shim.sh, run by /bin/sh) for a read-only
// `kubectl get pods`, measured in bash: the stand-in binary directly, the shim in front of it (what
// a script or xargs runs), and bash's kubectl wrapper with the shim first on PATH (what a user who
// opted in types), 100 runs each, alternating. The binary exits at once: the figures are the costs.
// Usage: node bench/shim-overhead.mjs [--runs 100]
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderShim } from '../dist/shell-tables/index.js';
import { BIN, machine, option, summary, tempEnv, writeText } from './lib.mjs';

const RUNS = Number(option('runs', '100'));
const t = tempEnv('shim');
writeText(t.kubeconfig, '');
const binDir = join(t.root, 'bin');
writeText(join(binDir, 'kubectl'), '#!/bin/sh\nexit 0\n');
chmodSync(join(binDir, 'kubectl'), 0o755);
const shim = join(t.root, 'shim');
mkdirSync(shim, { mode: 0o700 });
writeFileSync(join(shim, 'kubectl'), renderShim('kubectl', shim, join(t.root, 'no-guard')), { mode: 0o755 });

const hook = spawnSync(process.execPath, [BIN, 'init', 'bash'], { env: t.env, encoding: 'utf8' }).stdout;
const probe = `eval "$1"; PS1='$ '
t() { local s=$EPOCHREALTIME; "$@"; local e=$EPOCHREALTIME; echo "$(( \${e/./} - \${s/./} ))"; }
for ((i = 0; i < ${RUNS}; i++)); do
  echo "direct $(t ${binDir}/kubectl get pods)"
  echo "shim $(t ${shim}/kubectl get pods)"
  echo "wrapper+shim $(t kubectl get pods)"
done`;
const env = { ...t.env, PATH: `${shim}:${binDir}:${t.env.PATH}`, KCTX_GUARD_LEVEL: 'safe' };
const run = spawnSync('bash', ['--noprofile', '--norc', '-c', probe, 'probe', hook], {
  env,
  cwd: t.home,
  encoding: 'utf8',
  timeout: 300_000,
});
if (run.status !== 0) throw new Error(`probe failed (${run.status}): ${run.stderr}`);
const rows = new Map();
for (const [kind, us] of run.stdout
  .trim()
  .split('\n')
  .map((line) => line.split(' '))) {
  rows.set(kind, [...(rows.get(kind) ?? []), Number(us) / 1000]);
}
const direct = rows.get('direct');
console.log(`# PATH shim overhead, ${machine()}`);
console.log(
  `# ${RUNS} runs each of a read-only \`kubectl get pods\`, alternating, stand-in binary, /bin/sh = ${spawnSync('readlink', ['-f', '/bin/sh'], { encoding: 'utf8' }).stdout.trim()}\n`,
);
console.log('path | median | added (median of the differences) | target');
console.log('---- | ---: | ---: | ---');
for (const kind of ['direct', 'shim', 'wrapper+shim']) {
  const times = rows.get(kind);
  const added = summary(times.map((time, i) => time - direct[i])).p50;
  const verdict = kind === 'direct' ? '' : `<= 5 ms: ${added <= 5 ? 'MET' : 'NOT MET'}`;
  console.log(
    `${kind} | ${summary(times).p50.toFixed(2)} ms | ${kind === 'direct' ? '' : `${added.toFixed(3)} ms`} | ${verdict}`,
  );
}
t.cleanup();
