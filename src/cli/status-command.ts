/**
 * What `kctx-guard status` does and prints, without oclif: the oclif command and the entry's fast
 * path (src/bin/run.ts) both call `runStatus`, so the two print byte for byte the same.
 */
import { format } from 'node:util';
import kleur from 'kleur';
import { configureColor, inLevelColor, printable, table } from './format.js';
import type { ProbeResult } from './probe.js';
import { withAge } from '../declared/index.js';
import type { DeclaredReport } from './status-declared.js';
import type { StatusFlags } from './status-flags.js';
import { gatherStatus, type StatusReport } from './status.js';

function probeRow(probe: ProbeResult): string {
  if (probe.ok) return kleur.green(`✔ answers ${printable(probe.version ?? '(no gitVersion)')} in ${probe.ms} ms`);
  return kleur.red(`✖ ${printable(probe.error)}`);
}

/**
 * Why kubectl's writes fail in a pinned shell: the overlay's file name sends the user here
 * (`…see-kctx-guard-status.yaml.lock: file exists`).
 */
function pinnedRows(pinned: NonNullable<StatusReport['pinned']>): [string, string][] {
  const own = printable(pinned.ownKubeconfig);
  return [
    ['pinned', `this shell only (kctx-guard use/ns), by ${kleur.dim(printable(pinned.overlay))}`],
    [
      'read-only',
      'kubectl commands that write a kubeconfig (config use-context, set-context, set-credentials, ' +
        'set-cluster, delete-context; aws eks update-kubeconfig, gcloud get-credentials) fail here with ' +
        '"….yaml.lock: file exists": the overlay never takes a credential',
    ],
    ['to write', `all shells: kctx-guard use --global <context>; your files: KUBECONFIG=${own} kubectl config …`],
  ];
}

/** The `cluster says` row (and the problems of the cluster's ConfigMap) when fetching is on. */
function declaredRows(declared: DeclaredReport): [string, string][] {
  const failed = declared.record?.failure != null || declared.cacheProblem !== null;
  const rows: [string, string][] = [
    ['cluster says', failed ? kleur.yellow(printable(declared.summary)) : printable(declared.summary)],
  ];
  for (const problem of declared.record?.problems ?? []) rows.push(['cluster says', kleur.yellow(printable(problem))]);
  if (declared.cacheProblem) rows.push(['cluster says', kleur.yellow(printable(declared.cacheProblem))]);
  return rows;
}

function human(report: StatusReport, probe: ProbeResult | undefined): string {
  const rows: [string, string][] = [];
  const head =
    report.level === 'error'
      ? inLevelColor('error', `✖ ERROR  ${printable(report.error)}`)
      : inLevelColor(
          report.level,
          `⎈ ${report.level.toUpperCase()}${report.label ? ` ${printable(report.label)}` : ''}`,
        );
  rows.push(['context', printable(report.context) || kleur.dim('(none)')]);
  if (report.level !== 'error') {
    rows.push(
      ['cluster', printable(report.cluster)],
      ['namespace', printable(report.namespace)],
      ['user', printable(report.user)],
      ['server', printable(report.server)],
    );
    rows.push(['rule', printable(withAge(report.rule ?? '', report.clusterDeclared?.record?.fetchedAt, new Date()))]);
    if (report.identity)
      rows.push(['identity', `${report.identity.id} ${kleur.dim(printable(report.identity.server))}`]);
    for (const problem of report.levelProblems ?? []) rows.push(['extension', kleur.yellow(printable(problem))]);
    for (const hidden of report.shadowed ?? []) {
      const text = `${hidden.kind} ${printable(hidden.name)} is defined again in ${printable(hidden.file)} (${printable(hidden.server)}); kubectl uses the first definition`;
      rows.push([
        'hidden',
        hidden.acknowledged ? kleur.dim(`${text} (acknowledged)`) : kleur.yellow(`${text}; seen it? kctx-guard ack`),
      ]);
    }
    if (report.clusterDeclared) rows.push(...declaredRows(report.clusterDeclared));
  }
  for (const item of report.drift ?? [])
    rows.push(['drift', kleur.red(`${printable(item.text)} (since ${item.at}; seen it? kctx-guard ack)`)]);
  for (const item of report.hiddenElsewhere ?? [])
    rows.push(['hidden', kleur.yellow(`${printable(item.text)} (in another shell's files; seen it? kctx-guard ack)`)]);
  rows.push([
    'kubeconfig',
    report.kubeconfig.map((file) => printable(file)).join(kleur.dim(' : ')) || kleur.dim('(none)'),
  ]);
  if (report.pinned) rows.push(...pinnedRows(report.pinned));
  if (report.source) rows.push(['defined in', printable(report.source)]);
  if (report.errorFile) rows.push(['problem in', printable(report.errorFile)]);
  for (const problem of report.configProblems) {
    rows.push([
      'config',
      kleur.yellow(
        `${printable(problem.file)}${problem.line ? `:${problem.line}` : ''}: ${printable(problem.message)} (defaults in force)`,
      ),
    ]);
  }
  rows.push([
    'daemon',
    report.daemon.running
      ? kleur.green(`running (pid ${report.daemon.pid})`)
      : report.daemon.silent
        ? kleur.red(
            `not answering: pid ${report.daemon.silent.pid} runs but its last heartbeat is ${report.daemon.silent.beatAgeS} s old (stopped or hung); computed directly (kctx-guard daemon start replaces it)`,
          )
        : kleur.yellow('not running: computed directly (start it: kctx-guard daemon start)'),
  ]);
  const cache = report.cache.usedForThisReport ? kleur.green('fresh (this report comes from it)') : report.cache.state;
  rows.push(['cache', `${cache} ${kleur.dim(printable(report.cache.file))}`]);
  if (report.cacheDirProblem) rows.push(['cache dir', kleur.red(printable(report.cacheDirProblem))]);
  if (report.cacheWriteProblem) {
    rows.push(['cache dir', kleur.red(`cannot write: ${printable(report.cacheWriteProblem.message)}`)]);
    rows.push(['fix', printable(report.cacheWriteProblem.fix)]);
  }
  if (report.fallback) {
    const at = new Date(report.fallback.at).toLocaleTimeString();
    rows.push(['prompt', kleur.red(`showed unknown at ${at}: ${printable(report.fallback.reason)}`)]);
    rows.push(['fix', printable(report.fallback.fix)]);
  }
  if (probe) rows.push(['api', probeRow(probe)]);
  return `${head}\n${table(rows)}`;
}

/**
 * Prints the report on stdout (through `util.format`, as oclif's `this.log` does) and the reason
 * for a failure on stderr. Returns the exit status: 0, or 1 in the error state or when --probe
 * found no answering API server.
 */
export async function runStatus(flags: StatusFlags, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  configureColor(process.stdout, env);
  const report = await gatherStatus(env, cwd);
  // Loaded only here: client-node costs ~450 ms and ~80 MB, which plain `status` must not pay.
  const probe =
    flags.probe && report.level !== 'error'
      ? await (await import('./probe.js')).probeTarget(report, flags.timeout)
      : undefined;
  console.log(
    format(flags.json ? JSON.stringify(probe ? { ...report, probe } : report, null, 2) : human(report, probe)),
  );
  if (report.level === 'error') {
    process.stderr.write(`kctx-guard: ${printable(report.error)}\n${report.fix ? `  fix: ${report.fix}\n` : ''}`);
    return 1;
  }
  if (probe && !probe.ok) {
    process.stderr.write(`kctx-guard: the API server did not answer: ${printable(probe.error)}\n`);
    return 1;
  }
  return 0;
}
