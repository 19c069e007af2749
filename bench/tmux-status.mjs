// Cost of one run of the tmux status segment (dist/shell/tmux-status.sh), which tmux starts every
// status-interval and on every pane change: a bare `bash -c :` (the floor: tmux pays a bash start
// whatever the script does), the script for the default kubeconfig (no pane arguments: what it cost
// before issue 13), and for a pane whose shells published pane files (one shell; three nested shells,
// the innermost shown). Medians of --runs runs each, interleaved so load hits every case alike.
// Usage: node bench/tmux-status.mjs [--runs 300]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { entryFileName, PANE_MAGIC } from '../dist/cache/index.js';
import {
  ROOT,
  fmt,
  machine,
  option,
  smallKubeconfig,
  startDaemon,
  summary,
  tempEnv,
  timeCommand,
  waitFresh,
  writeText,
} from './lib.mjs';

const RUNS = Number(option('runs', '300'));
const SCRIPT = join(ROOT, 'dist', 'shell', 'tmux-status.sh');

const t = tempEnv('tmux');
writeText(t.kubeconfig, smallKubeconfig(['ctx-a', 'ctx-b'], 'ctx-a'));
const daemon = startDaemon(t);
const key = waitFresh(t, daemon);

// Pane files as shells write them; this process stands in for the tmux server and the shells (it runs).
const start = readFileSync(`/proc/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ')[19];
const publish = (pane, shellPid, level) =>
  writeFileSync(
    join(t.cacheDir, 'panes', `${process.pid}-${pane}-${shellPid}`),
    `${PANE_MAGIC}\n${level}\n${shellPid === process.pid ? start : 0}\n${entryFileName(key)}\n${key}\n`,
  );
publish(1, process.pid, 1);
for (const [shellPid, level] of [
  [process.pid, 1],
  [daemon.pid, 2],
  [process.ppid, 3],
])
  publish(3, shellPid, level);

const cases = [
  ['bash -c : (floor)', ['-c', ':']],
  ['default kubeconfig (no pane arguments)', [SCRIPT]],
  ['pane with one hooked shell', [SCRIPT, String(process.pid), '%1']],
  ['pane with three nested hooked shells', [SCRIPT, String(process.pid), '%3']],
];
const times = cases.map(() => []);
for (let run = 0; run < RUNS; run++)
  cases.forEach(([, args], i) => {
    const { elapsed, stdout } = timeCommand('bash', args, t.env);
    if (i > 0 && !stdout.includes('ctx-a')) throw new Error(`${cases[i][0]}: printed ${stdout}`);
    times[i].push(elapsed);
  });

console.log(`# tmux status segment, ${machine()}`);
console.log(`# ${RUNS} runs each, interleaved; wall time from spawn to exit\n`);
console.log('case | p50 | p90 | p50 − floor');
console.log('---- | ---: | ---: | ---:');
const floor = summary(times[0]).p50;
cases.forEach(([name], i) => {
  const s = summary(times[i]);
  console.log(`${name} | ${fmt(s.p50)} | ${fmt(s.p90)} | ${fmt(s.p50 - floor)}`);
});
daemon.stop();
t.cleanup();
