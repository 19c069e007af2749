/**
 * `kctx-guard unlock <cluster> <duration>` and `kctx-guard lock`, reached through the hook's
 * `kctx-guard` shell function, which names its shell (`__KCTX_GUARD_SHELL`). Unlock asks once on
 * the terminal for the cluster's name (the guard's own confirmation, src/guard/answer.ts), writes
 * the shell's unlock file (src/guard/unlock.ts), logs it, and prints `<expiry s>\t<name>\t<file>`
 * on stdout for the function to draw the prompt marker from. Lock removes it and logs that.
 */
import { kubeconfigFiles } from '../kubeconfig/index.js';
import { configFile, homeDir, stateDir, type Env } from '../locations.js';
import { loadKubeconfigFiles, readRuleFile } from '../pipeline/index.js';
import { sanitizeName } from '../render/index.js';
import { defaultDisplay, displayName } from '../rules/index.js';
import { confirmationAnswer, knownClusters, type KnownCluster } from '../guard/answer.js';
import { appendAudit } from '../guard/audit.js';
import { ask, closeTerminal, openTerminal } from '../guard/tty.js';
import { callingShell, MAX_UNLOCK_MS, parseDuration, readUnlock, removeUnlock, writeUnlock } from '../guard/unlock.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const NO_SHELL =
  'kctx-guard: unlock and lock act on one shell: run them in a shell that loads the hook (eval "$(kctx-guard init …)"), where the kctx-guard function names that shell.\n';

function clustersOf(env: Env, cwd: string): KnownCluster[] {
  const paths = [
    ...new Set([
      ...kubeconfigFiles(env['KUBECONFIG'], homeDir(env), cwd),
      ...kubeconfigFiles(undefined, homeDir(env), cwd),
    ]),
  ];
  const seen = new Set<string>();
  return knownClusters(loadKubeconfigFiles(paths)).filter((cluster) => {
    const key = `${cluster.name}\n${cluster.server}`;
    return !seen.has(key) && seen.add(key);
  });
}

export function runUnlock(env: Env, cwd: string, name: string, duration: string, io: Io): number {
  const shell = callingShell(env);
  if (shell === undefined) {
    io.stderr(NO_SHELL);
    return 2;
  }
  const ms = parseDuration(duration);
  if (ms === undefined) {
    io.stderr(
      `kctx-guard: "${sanitizeName(duration)}" is not a duration from 1s to ${MAX_UNLOCK_MS / 3600_000}h (e.g. 90s, 10m, 1h30m).\n`,
    );
    return 2;
  }
  const file = configFile(env);
  const display = readRuleFile(file, homeDir(env)).ruleSet.display ?? defaultDisplay();
  const known = clustersOf(env, cwd);
  const matches = known.filter(
    (cluster) => cluster.name === name || displayName(cluster.name, 'cluster', display) === name,
  );
  const exact = matches.filter((cluster) => cluster.name === name);
  const picked = exact.length > 0 ? exact : matches;
  if (picked.length !== 1) {
    io.stderr(
      picked.length === 0
        ? `kctx-guard: no cluster named "${sanitizeName(name)}" in your kubeconfig files (KUBECONFIG, ~/.kube/config).\n`
        : `kctx-guard: "${sanitizeName(name)}" names ${picked.length} clusters (${picked.map((c) => `${sanitizeName(c.name)} at ${sanitizeName(c.server)}`).join(', ')}); give the full name.\n`,
    );
    return 1;
  }
  const cluster = picked[0]!;
  const target = { context: '', cluster: cluster.name, namespace: '', user: '', server: cluster.server, source: '' };
  const answer = confirmationAnswer({ ok: true, target, files: [] }, undefined, display, known);
  const expires = Date.now() + ms;
  const until = new Date(expires).toTimeString().slice(0, 5);
  const terminal = openTerminal();
  if (terminal === undefined) {
    io.stderr('kctx-guard: unlock asks on a terminal, and there is none.\n');
    return 1;
  }
  let typed: ReturnType<typeof ask>;
  try {
    const note = answer.note === undefined ? '' : `(${answer.note})\n`;
    typed = ask(
      terminal,
      `kctx-guard: unlock cluster ${sanitizeName(cluster.name)} (${sanitizeName(cluster.server)}) in this shell for ${sanitizeName(duration)}, until ${until}:\n` +
        '  the guard runs every command on it without asking (it still shows and logs them).\n' +
        `${note}Type the cluster name (${sanitizeName(answer.answer)}) to unlock it; anything else aborts: `,
    );
  } finally {
    closeTerminal(terminal);
  }
  if (!answer.accepted.includes(typed.text) || typed.pasted) {
    io.stderr(
      `kctx-guard: not unlocked (${typed.pasted ? 'a pasted name does not count: type it' : `you typed ${JSON.stringify(sanitizeName(typed.text))}`}).\n`,
    );
    return 1;
  }
  const shown = sanitizeName(answer.answer, 40);
  const written = writeUnlock(env, {
    pid: shell,
    cluster: cluster.name,
    server: cluster.server,
    display: shown,
    expires,
  });
  appendAudit(stateDir(env), {
    decision: 'unlock',
    tool: 'kctx-guard',
    argv: ['unlock', name, duration],
    target: { context: null, cluster: cluster.name, namespace: null, server: cluster.server },
    reasons: [],
    unlock: { shell, until: new Date(expires).toISOString() },
  });
  io.stderr(`kctx-guard: ${shown} is unlocked in this shell until ${until}; kctx-guard lock ends it sooner.\n`);
  io.stdout(`${Math.floor(expires / 1000)}\t${shown}\t${written.file}\n`);
  return 0;
}

export function runLock(env: Env, io: Io): number {
  const shell = callingShell(env);
  if (shell === undefined) {
    io.stderr(NO_SHELL);
    return 2;
  }
  const unlock = readUnlock(env, shell);
  removeUnlock(env, shell);
  if (unlock === undefined) {
    io.stderr('kctx-guard: this shell has no unlock in force.\n');
    return 0;
  }
  appendAudit(stateDir(env), {
    decision: 'lock',
    tool: 'kctx-guard',
    argv: ['lock'],
    target: { context: null, cluster: unlock.cluster, namespace: null, server: unlock.server },
    reasons: [],
    unlock: { shell, until: new Date().toISOString() },
  });
  io.stderr(`kctx-guard: ${unlock.display} is locked again in this shell.\n`);
  return 0;
}
