/** `kctx-guard rules`: every context of the current kubeconfig with its cluster, server, level and the rule that decided it. */
import { Command, Flags } from '@oclif/core';
import kleur from 'kleur';
import { configureColor, inLevelColor, printable } from '../../cli/format.js';
import { gatherRulesTable, type RulesTable } from '../../cli/rules-report.js';

function human(report: RulesTable): string {
  const head = ['', 'CONTEXT', 'CLUSTER', 'SERVER', 'LEVEL', 'RULE'];
  const rows = report.contexts.map((row) => [
    row.current ? '*' : '',
    printable(row.context),
    printable(row.cluster),
    row.problem ? `(${printable(row.problem)})` : printable(row.server),
    row.level,
    printable(row.rule),
  ]);
  const widths = head.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[], paint: (text: string, column: number) => string): string =>
    cells
      .map((cell, column) => paint(column === cells.length - 1 ? cell : cell.padEnd(widths[column]!), column))
      .join('  ')
      .trimEnd();
  const out = report.contexts.length > 0 ? [kleur.dim(line(head, (text) => text))] : [];
  report.contexts.forEach((row, index) => {
    out.push(
      line(rows[index]!, (text, column) =>
        column === 4 ? inLevelColor(row.level, text) : column === 0 || row.current ? kleur.bold(text) : text,
      ),
    );
  });
  out.push(
    kleur.dim(
      `kubeconfig: ${report.kubeconfig.map((file) => printable(file)).join(' : ')}   rules: ${printable(report.configFile)}`,
    ),
  );
  if (report.configProblems.length > 0) {
    out.push(kleur.yellow('config.yaml is broken, so the built-in defaults are in force (levels above use them):'));
    for (const problem of report.configProblems) out.push(kleur.yellow(`  ${printable(problem)}`));
    out.push(
      kleur.yellow(`  fix the lines above in ${printable(report.configFile)}; check again with: kctx-guard rules`),
    );
  }
  return out.join('\n');
}

/** Why the table is empty or incomplete, each with the fix; empty when all is well. */
function failures(report: RulesTable): string[] {
  const problems = report.brokenFiles.map(
    (file) =>
      `${printable(file.path)}: ${printable(file.message)}; kubectl refuses to run until it is fixed (repair or remove it, or leave it out of KUBECONFIG)`,
  );
  if (report.contexts.length === 0 && report.brokenFiles.length === 0) {
    const files = report.kubeconfig.map((file) => printable(file)).join(':');
    problems.push(
      `no contexts found in ${files}; create one (kubectl config set-context NAME --cluster=CLUSTER --user=USER) or point KUBECONFIG at a kubeconfig file`,
    );
  }
  return problems;
}

export default class Rules extends Command {
  static override description =
    `List every context of the current kubeconfig with its cluster, server, danger level and the rule that decided it.

Honours KUBECONFIG and merges its files as kubectl does (the first definition of a name wins). The current context is marked with *. Rules come from $XDG_CONFIG_HOME/kctx-guard/config.yaml; when that file is broken the built-in defaults are in force and the table says so.

Exit status: 0, or 1 when a kubeconfig file is broken or no context exists (reason on stderr).`;

  static override examples = [
    '<%= config.bin %> rules',
    'KUBECONFIG=~/.kube/work.yaml <%= config.bin %> rules',
    `<%= config.bin %> rules --json | jq -r '.contexts[] | select(.level == "danger") | .context'`,
    '<%= config.bin %> rules test --context prod-eu --server https://10.0.0.1',
  ];

  static override flags = {
    json: Flags.boolean({ description: 'print machine-readable JSON' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Rules);
    configureColor(process.stdout, process.env);
    const report = gatherRulesTable(process.env, process.cwd());
    this.log(flags.json ? JSON.stringify(report, null, 2) : human(report));
    const problems = failures(report);
    for (const problem of problems) process.stderr.write(`kctx-guard: ${problem}\n`);
    if (problems.length > 0) this.exit(1);
  }
}
