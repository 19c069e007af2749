/** `kctx-guard status`: what kubectl would use in this shell, how dangerous it is, and whether the cache agrees. */
import { Command, Flags } from '@oclif/core';
import kleur from 'kleur';
import { configureColor, inLevelColor, printable, table } from '../cli/format.js';
import type { ProbeResult } from '../cli/probe.js';
import { gatherStatus, type StatusReport } from '../cli/status.js';

function probeRow(probe: ProbeResult): string {
  if (probe.ok) return kleur.green(`✔ answers ${printable(probe.version ?? '(no gitVersion)')} in ${probe.ms} ms`);
  return kleur.red(`✖ ${printable(probe.error)}`);
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
    rows.push(['rule', printable(report.rule)]);
  }
  rows.push([
    'kubeconfig',
    report.kubeconfig.map((file) => printable(file)).join(kleur.dim(' : ')) || kleur.dim('(none)'),
  ]);
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

export default class Status extends Command {
  static override description = `Show the cluster, namespace and danger level kubectl would use in this shell.

Honours this shell's KUBECONFIG. Reads the daemon's cache when it is fresh; otherwise
(daemon stopped, cache stale) computes the answer directly and says so.
With --probe, also asks the cluster's API server for /version with your own credentials
(never done by the prompt) and shows whether it answers, its version and how long it took.
Exit status: 0 when a context resolved (and, with --probe, the API answered), else 1 (reason on stderr).`;

  static override examples = [
    '<%= config.bin %> status',
    '<%= config.bin %> status --json | jq -r .context',
    '<%= config.bin %> status --probe --timeout 2000',
    'KUBECONFIG=./other.yaml <%= config.bin %> status',
  ];

  static override flags = {
    json: Flags.boolean({ description: 'print machine-readable JSON (stable field names, see docs/protocol.md)' }),
    probe: Flags.boolean({ description: "contact the cluster's API server (GET /version) with your credentials" }),
    timeout: Flags.integer({ description: 'milliseconds --probe waits for the API server', default: 5000, min: 1 }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Status);
    configureColor(process.stdout, process.env);
    const report = await gatherStatus(process.env, process.cwd());
    // Loaded only here: client-node costs ~450 ms and ~80 MB, which plain `status` must not pay.
    const probe =
      flags.probe && report.level !== 'error'
        ? await (await import('../cli/probe.js')).probeTarget(report, flags.timeout)
        : undefined;
    this.log(flags.json ? JSON.stringify(probe ? { ...report, probe } : report, null, 2) : human(report, probe));
    if (report.level === 'error') {
      process.stderr.write(`kctx-guard: ${printable(report.error)}\n${report.fix ? `  fix: ${report.fix}\n` : ''}`);
      this.exit(1);
    }
    if (probe && !probe.ok) {
      process.stderr.write(`kctx-guard: the API server did not answer: ${printable(probe.error)}\n`);
      this.exit(1);
    }
  }
}
