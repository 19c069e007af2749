// Idle cost of the daemon: RSS and CPU over a window with nothing changing, side by side with a bare
// idle node process (`node -e "setInterval(()=>{},1e9)"`) sampled over the same window.
//
//   node bench/idle.mjs [--seconds 60] [--settle 5] [--contexts 5]
// --contexts N: size of the kubeconfig the daemon serves (5000 → the big file of resolve-5000).
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import {
  bigKubeconfig,
  machine,
  option,
  sleepMs,
  smallKubeconfig,
  startDaemon,
  tempEnv,
  waitFresh,
  writeText,
} from './lib.mjs';

const SECONDS = Number(option('seconds', '60'));
const SETTLE = Number(option('settle', '5'));
const CONTEXTS = Number(option('contexts', '5'));
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);

/** One sample of a process: RSS (kB), utime+stime (ticks, all threads), CPU ns and voluntary switches summed over threads. */
function sample(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
  // Fields after the parenthesised comm: state is field 3, utime 14, stime 15.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  let cpuNs = 0;
  let wakeups = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      cpuNs += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
      wakeups += Number(
        /voluntary_ctxt_switches:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8'))[1],
      );
    } catch {
      // A thread that ended between readdir and read.
    }
  }
  return { rssKb, ticks, cpuNs, wakeups, at: performance.now() };
}

function report(name, samples) {
  const first = samples[0];
  const last = samples[samples.length - 1];
  const seconds = (last.at - first.at) / 1000;
  const mb = (kb) => (kb / 1024).toFixed(1);
  const maxRss = Math.max(...samples.map((s) => s.rssKb));
  const cpuTicks = (((last.ticks - first.ticks) / CLK_TCK / seconds) * 100).toFixed(3);
  const cpuSched = (((last.cpuNs - first.cpuNs) / 1e9 / seconds) * 100).toFixed(4);
  const wakeups = ((last.wakeups - first.wakeups) / seconds).toFixed(2);
  console.log(
    `${name.padEnd(30)} RSS start ${mb(first.rssKb)} MB, end ${mb(last.rssKb)} MB, max ${mb(maxRss)} MB | ` +
      `CPU ${cpuTicks} % (utime+stime, ${last.ticks - first.ticks} ticks) = ${cpuSched} % (schedstat) | ${wakeups} wakeups/s`,
  );
  return { maxRssMb: maxRss / 1024, cpu: Number(cpuSched), seconds };
}

const t = tempEnv('idle');
const names = Array.from(
  { length: Math.max(1, Math.min(CONTEXTS, 5)) },
  (_, i) => ['dev-eu', 'staging-us', 'prod-eu', 'kind-local', 'qa-ap'][i],
);
writeText(t.kubeconfig, CONTEXTS > 5 ? bigKubeconfig(CONTEXTS) : smallKubeconfig(names, names[0]));
const daemon = startDaemon(t);
const baseline = spawn(process.execPath, ['-e', 'setInterval(()=>{},1e9)'], { stdio: 'ignore' });
process.on('exit', () => baseline.kill('SIGTERM'));
try {
  console.log(`# idle  (${machine()})`);
  waitFresh(t, daemon, 30000);
  console.log(
    `daemon pid ${daemon.pid} (kubeconfig: ${CONTEXTS} contexts), baseline pid ${baseline.pid}; settling ${SETTLE} s, then sampling every 1 s for ${SECONDS} s`,
  );
  sleepMs(SETTLE * 1000);
  const ours = [];
  const base = [];
  for (let i = 0; i <= SECONDS; i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
    ours.push(sample(daemon.pid));
    base.push(sample(baseline.pid));
  }
  console.log('');
  const o = report('kctx-guard daemon', ours);
  const b = report('baseline: idle node process', base);
  console.log(
    `\nratio RSS (max): daemon / idle node = ${(o.maxRssMb / b.maxRssMb).toFixed(2)}x; CPU difference: ${(o.cpu - b.cpu).toFixed(4)} percentage points`,
  );
  console.log(
    `target idle CPU ~0: ${o.cpu < 0.1 ? 'MET' : 'NOT MET'} (${o.cpu.toFixed(4)} % of one core); target RSS <= 80 MB: ${o.maxRssMb <= 80 ? 'MET' : 'NOT MET'} (max ${o.maxRssMb.toFixed(1)} MB)`,
  );
} finally {
  daemon.stop();
  baseline.kill('SIGTERM');
  sleepMs(200);
  t.cleanup();
}
