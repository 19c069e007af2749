/**
 * `kctx-guard __guard <kubectl|helm> -- <argv…>`, called by the shell wrappers and the PATH
 * shim before every command that is not surely read-only (src/guard/read-only.ts): resolves the effective target exactly as kubectl would, decides, asks
 * for the cluster name on the terminal when needed, and records the decision.
 * Exit 0: run the command. Exit 1: do not run it (the reason is already printed).
 */
import { resolve } from 'node:path';
import { kubeconfigFiles, type LoadedFile, type Resolution, resolveTarget } from '../kubeconfig/index.js';
import { configFile, homeDir, stateDir, type Env } from '../locations.js';
import { loadKubeconfigFile, loadKubeconfigFiles, readRuleFile } from '../pipeline/index.js';
import { sanitizeName } from '../render/index.js';
import { describeProblem, type RuleSet } from '../rules/index.js';
import { knownClusters } from './answer.js';
import { type CommandLine, parseCommandLine, type Tool } from './argv.js';
import type { BlastLook } from './blast.js';
import { mayLook } from './blast-request.js';
import { appendAudit, type AuditRecord } from './audit.js';
import { parseGuardConfig } from './config.js';
import { decide, type Decision, type Shown } from './decide.js';
import { readManifests } from './manifests.js';
import { summary } from './message.js';
import { isMutating } from './operations.js';
import { guardLevel, type GuardLevel } from './level.js';
import { ask, closeTerminal, openTerminal } from './tty.js';
import { unlockFor } from './unlock.js';

/**
 * The kubeconfigs the user has, each as kubectl merges it: the one the command reads, the shell's
 * KUBECONFIG, and ~/.kube/config. Merged apart, so a cluster name one file reuses cannot stand for
 * another file's cluster; each file is read once.
 */
function kubeconfigSets(loaded: LoadedFile[], env: Env, cwd: string): LoadedFile[][] {
  const byPath = new Map(loaded.map((file) => [file.path, file]));
  const load = (paths: string[]): LoadedFile[] =>
    paths.map((path) => byPath.get(path) ?? byPath.set(path, loadKubeconfigFile(path)).get(path)!);
  const key = (files: LoadedFile[]): string => files.map((file) => file.path).join('\n');
  const sets = [loaded];
  for (const value of [env['KUBECONFIG'], undefined]) {
    const set = load(kubeconfigFiles(value, homeDir(env), cwd));
    if (!sets.some((other) => key(other) === key(set))) sets.push(set);
  }
  return sets;
}

/** Every file once, in the order first met. */
function distinctFiles(sets: LoadedFile[][]): LoadedFile[] {
  return [...new Set(sets.flat())];
}

function shownFrom(env: Env): Shown | undefined {
  if (env['KCTX_GUARD_LEVEL'] === undefined) return undefined;
  return {
    context: env['KCTX_GUARD_CONTEXT'] ?? '',
    cluster: env['KCTX_GUARD_CLUSTER'] ?? '',
    namespace: env['KCTX_GUARD_NAMESPACE'] ?? '',
  };
}

/** Levels on which a destructive command asks (decide.ts): a look started early is likely to be used. */
const ASKING_LEVELS = new Set(['danger', 'warn']);

export async function runGuard(
  tool: Tool,
  argv: string[],
  env: Env,
  cwd: string,
  stderr: (text: string) => void,
): Promise<number> {
  const line = parseCommandLine(tool, argv, env);
  const file = configFile(env);
  const { text, ruleSet } = readRuleFile(file, homeDir(env));
  const kubeconfig = line.target.kubeconfig !== undefined ? resolve(cwd, line.target.kubeconfig) : undefined;
  const files = kubeconfig !== undefined ? [kubeconfig] : kubeconfigFiles(env['KUBECONFIG'], homeDir(env), cwd);
  const loaded = loadKubeconfigFiles(files);
  const resolution = resolveTarget(loaded, line.target);
  const sets = kubeconfigSets(loaded, env, cwd);
  const judged = resolution.ok ? guardLevel(resolution.target, ruleSet, sets, env) : undefined;
  // Where a question is likely, the look's worker starts now, so its start and imports overlap
  // the rest of the decision (every kubeconfig read for short names, manifests); elsewhere it
  // would only cost a command that runs at once (bench/RESULTS.md §9). Stopped on every way out.
  const likely = mayLook(line) && ASKING_LEVELS.has(judged?.decision.level ?? '');
  const { BlastLook, blastBudget } = likely ? await import('./blast.js') : {};
  const look = BlastLook && blastBudget && blastBudget(env) > 0 ? BlastLook.start() : undefined;
  try {
    return await guard(
      { line, tool, argv, env, cwd, text, file, files, sets, resolution, ruleSet, judged, look },
      stderr,
    );
  } finally {
    look?.stop();
  }
}

interface Read {
  line: CommandLine;
  tool: Tool;
  argv: string[];
  env: Env;
  cwd: string;
  text: string | undefined;
  file: string;
  files: string[];
  sets: LoadedFile[][];
  resolution: Resolution;
  ruleSet: RuleSet;
  judged: GuardLevel | undefined;
  look: BlastLook | undefined;
}

async function guard(read: Read, stderr: (text: string) => void): Promise<number> {
  const { line, tool, argv, env, cwd, text, file, files, sets, resolution, ruleSet, judged, look } = read;
  const classification = judged?.decision;
  const guardConfig = parseGuardConfig(text, file);
  const manifests = isMutating(line) ? readManifests(line, cwd) : undefined;
  const decision = decide({
    line,
    ...guardConfig,
    resolution,
    classification,
    shown: shownFrom(env),
    manifests,
    display: ruleSet.display,
    knownClusters: knownClusters(distinctFiles(sets)),
    unacknowledged: judged?.unacknowledged,
    clusterAlias: judged?.clusterAlias,
  });
  if (decision.action === 'run') return 0;

  const target = resolution.ok ? resolution.target : undefined;
  const record = (outcome: AuditRecord['decision']): void =>
    appendAudit(stateDir(env), {
      decision: outcome,
      tool,
      argv,
      target: {
        context: target?.context ?? null,
        cluster: target?.cluster ?? null,
        namespace: line.target.namespace ?? target?.namespace ?? null,
        server: line.target.server ?? target?.server ?? null,
      },
      reasons: decision.reasons,
    });
  // A broken rules file (or a team file it includes) leaves the defaults deciding: the question says so.
  const ruleProblems = ruleSet.problems.map((problem) => `${describeProblem(problem)} (defaults in force)`);
  const plain = summary(line, argv, resolution, classification, decision, [...guardConfig.problems, ...ruleProblems]);
  // kubectl skips the missing overlay and would run against the files' current-context: no answer makes that right.
  if (!resolution.ok && resolution.error.code === 'missing-overlay') {
    record('refused');
    stderr(`${plain}\nkctx-guard: refusing: ${resolution.error.message}.\n`);
    return 1;
  }
  // A timed unlock of this shell for exactly this cluster (unlock.ts): shown and logged, not asked.
  const unlock = target && decision.level !== 'unknown' ? unlockFor(env, target) : undefined;
  if (unlock) {
    const until = new Date(unlock.expires).toTimeString().slice(0, 5);
    stderr(`${plain}\n  unlocked in this shell until ${until} (kctx-guard lock ends it): running it without asking\n`);
    record('ran-unlocked');
    return 0;
  }
  // Loaded only when the report is shown: commands that run without it never pay for the look.
  const report = async (): Promise<string> => {
    const { blastReport } = await import('./blast-report.js');
    return [plain, ...blastReport({ line, files, resolution, decision, manifests, env, look })].join('\n');
  };
  const terminal = openTerminal();
  if (terminal === undefined) return withoutTerminal(env, decision, report, record, stderr);
  try {
    const typed = ask(terminal, `${await report()}\n${question(decision)}`);
    if (decision.accepted.includes(typed.text) && !typed.pasted) {
      record('confirmed');
      return 0;
    }
    record('aborted');
    stderr(
      typed.pasted
        ? 'kctx-guard: aborted, nothing ran (a pasted name does not count: type it).\n'
        : `kctx-guard: aborted, nothing ran (you typed ${JSON.stringify(sanitizeName(typed.text))}, not ${JSON.stringify(sanitizeName(decision.answer))}).\n`,
    );
    return 1;
  } finally {
    closeTerminal(terminal);
  }
}

/** The question, with exactly what to type (and why the short name will not do, when it will not). */
function question(decision: Decision): string {
  const note = decision.answerNote === undefined ? '' : `(${decision.answerNote})\n`;
  return `${note}Type the cluster name (${sanitizeName(decision.answer)}) to run it; anything else aborts: `;
}

async function withoutTerminal(
  env: Env,
  decision: Decision,
  report: () => Promise<string>,
  record: (outcome: AuditRecord['decision']) => void,
  stderr: (text: string) => void,
): Promise<number> {
  // With nothing naming the target, accepting the environment's answer would be a blanket bypass.
  const confirm = env['KCTX_GUARD_CONFIRM'];
  if (decision.named && confirm !== undefined && decision.accepted.includes(confirm)) {
    record('confirmed');
    return 0;
  }
  record('refused');
  const note = decision.answerNote === undefined ? '' : ` (${decision.answerNote})`;
  const how = !decision.named
    ? 'Run it from a terminal to confirm.'
    : `To confirm from a script, set KCTX_GUARD_CONFIRM=${JSON.stringify(sanitizeName(decision.answer))} for this command${note}.`;
  stderr(`${await report()}\nkctx-guard: refusing without a terminal. ${how}\n`);
  return 1;
}
