// Shell start-up with the README's init line, up to the first drawn prompt (daemon running), beside
// the same shell without it, in bash, zsh and fish; and beside kube-ps1 when KUBE_PS1_PATH names its
// kube-ps1.sh. Each run starts an interactive shell on a pty (`script`); a prompt hook installed
// after everything else exits the shell as its first prompt is about to be drawn (after every
// other hook has run). Timed by hyperfine, which prints its own figures; the summary below gives
// the medians side by side.
// Usage: node bench/shell-start.mjs [--runs 40] [--warmup 5]
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, machine, option, smallKubeconfig, startDaemon, tempEnv, waitFresh, writeText } from './lib.mjs';

const RUNS = option('runs', '40');
const WARMUP = option('warmup', '5');
const KUBE_PS1 = process.env.KUBE_PS1_PATH;

const t = tempEnv('shell-start');
writeText(t.kubeconfig, smallKubeconfig(['ctx-a', 'ctx-b'], 'ctx-a'));
const daemon = startDaemon(t);
waitFresh(t, daemon);

// The package's bin as npm installs it: the launcher, found on PATH.
const binDir = join(t.root, 'bin');
mkdirSync(binDir);
spawnSync('ln', ['-s', join(ROOT, 'bin', 'kctx-guard'), join(binDir, 'kctx-guard')]);
const env = { ...t.env, PATH: `${binDir}:${process.env.PATH}`, TERM: 'xterm' };
/** The last rc line: leave at the first prompt, once every other prompt hook has run. */
const EXIT = {
  bash: "PROMPT_COMMAND+=($'exit')",
  zsh: 'precmd_functions+=(__bench_exit); __bench_exit() { exit }',
  fish: 'function __bench_exit --on-event fish_prompt; exit; end',
};

/** rc-file lines per shell and variant; every variant sets a plain prompt that forks nothing. */
const RC = {
  bash: {
    bare: ["PS1='$ '"],
    'kctx-guard': ["PS1='$ '", 'eval "$(kctx-guard init bash)"'],
    'kube-ps1': KUBE_PS1 && ["PS1='$ '", `source '${KUBE_PS1}'`, `PS1='$(kube_ps1) '$PS1`],
  },
  zsh: {
    bare: ["PROMPT='$ '"],
    'kctx-guard': ["PROMPT='$ '", 'eval "$(kctx-guard init zsh)"'],
    'kube-ps1': KUBE_PS1 && [
      "PROMPT='$ '",
      'setopt prompt_subst',
      `source '${KUBE_PS1}'`,
      "PROMPT='$(kube_ps1) '$PROMPT",
    ],
  },
  fish: {
    bare: ["function fish_prompt; echo -n '$ '; end", 'set -g fish_greeting'],
    'kctx-guard': ["function fish_prompt; echo -n '$ '; end", 'set -g fish_greeting', 'kctx-guard init fish | source'],
    'kube-ps1': undefined,
  },
};

function launcher(shell, variant, lines) {
  const dir = join(t.root, `${shell}-${variant}`);
  mkdirSync(dir, { recursive: true });
  const rc = join(dir, shell === 'zsh' ? '.zshrc' : `rc.${shell}`);
  // bash: PROMPT_COMMAND as an array, so the exit runs after kctx-guard's prompt function too.
  writeFileSync(rc, `${shell === 'bash' ? 'PROMPT_COMMAND=()\n' : ''}${[...lines, EXIT[shell]].join('\n')}\n`);
  const command = {
    bash: `bash --noprofile --rcfile '${rc}' -i`,
    zsh: `ZDOTDIR='${dir}' zsh -i`,
    fish: `fish --no-config -i -C 'source ${rc}'`,
  }[shell];
  const script = join(dir, 'run.sh');
  writeFileSync(script, `#!/bin/sh\nexec script -qec "${command}" /dev/null < /dev/null > /dev/null\n`);
  chmodSync(script, 0o755);
  return script;
}

console.log(machine());
console.log(`kube-ps1: ${KUBE_PS1 ? KUBE_PS1 : 'KUBE_PS1_PATH not set, left out'}`);
const medians = {};
const cpu = {};
for (const [shell, variants] of Object.entries(RC)) {
  const commands = [];
  for (const [variant, lines] of Object.entries(variants))
    if (lines) commands.push([variant, launcher(shell, variant, lines)]);
  const json = join(t.root, `${shell}.json`);
  const args = ['-N', '--runs', RUNS, '--warmup', WARMUP, '--export-json', json];
  for (const [variant, script] of commands) args.push('-n', `${shell} ${variant}`, script);
  const run = spawnSync('hyperfine', args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0) throw new Error(`hyperfine failed for ${shell}`);
  for (const result of JSON.parse(readFileSync(json, 'utf8')).results) {
    medians[result.command] = result.median * 1000;
    cpu[result.command] = (result.user + result.system) * 1000;
  }
}

// On a loaded machine wall time swings by tens of ms; CPU time (user + system, every process of the
// run) is the steadier measure of what the init line adds.
console.log('\nms from exec to the first prompt, daemon running: median wall time (mean CPU time)');
console.log('| shell | bare | with kctx-guard | difference | kube-ps1 |');
console.log('| ----- | ---: | --------------: | ---------: | -------: |');
const both = (name) => `${medians[name].toFixed(1)} (${cpu[name].toFixed(1)})`;
for (const shell of Object.keys(RC)) {
  const bare = medians[`${shell} bare`];
  const ours = medians[`${shell} kctx-guard`];
  const ps1 = medians[`${shell} kube-ps1`];
  console.log(
    `| ${shell} | ${both(`${shell} bare`)} | ${both(`${shell} kctx-guard`)} | ${(ours - bare).toFixed(1)} (${(cpu[`${shell} kctx-guard`] - cpu[`${shell} bare`]).toFixed(1)}) | ${ps1 === undefined ? '—' : both(`${shell} kube-ps1`)} |`,
  );
}
daemon.stop();
