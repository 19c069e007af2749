/** `kctx-guard rules test`: which rule decides the level of a target given by flags, and which of its patterns matched. */
import { Command, Flags } from '@oclif/core';
import kleur from 'kleur';
import { configureColor, inLevelColor, printable, table } from '../../cli/format.js';
import { explainTarget, type RuleExplanation } from '../../cli/rules-report.js';
import { MATCH_FIELDS } from '../../rules/index.js';

function human(report: RuleExplanation): string {
  const rows: [string, string][] = [['level', inLevelColor(report.level, report.level)]];
  // Another source (the cluster's own declaration) raised the level above what the rules give.
  if (report.rule !== report.ruleOrigin)
    rows.push(['decided by', printable(report.rule)], ['rules say', `${report.ruleLevel}`]);
  rows.push(['rule', printable(report.ruleOrigin)]);
  if (report.matched.length > 0) {
    for (const match of report.matched)
      rows.push([`${match.field}`, `${JSON.stringify(printable(match.value))} matches ${printable(match.pattern)}`]);
  } else if (report.ruleOrigin !== 'no rule matched')
    rows.push(['why', 'the rule names no field, so it matches every target']);
  else
    rows.push([
      'why',
      `none of the ${report.skipped} rules matched; add one to ${printable(report.configFile)} (kctx-guard config init writes a starter file)`,
    ]);
  if (report.skipped > 0 && report.ruleOrigin !== 'no rule matched')
    rows.push(['before it', `${report.skipped} earlier rule(s) did not match`]);
  for (const [name, value] of [
    ['label', report.label],
    ['symbol', report.symbol],
    ['color', report.color],
  ] as const) {
    if (value !== null) rows.push([name, printable(value)]);
  }
  for (const cluster of report.clusterDeclared ?? [])
    rows.push(['cluster says', `${printable(cluster.summary)} ${kleur.dim(`(identity ${cluster.id})`)}`]);
  if (report.clusterDeclared?.length === 0)
    rows.push(['cluster says', kleur.dim('nothing cached for this server (the daemon asks clusters its shells use)')]);
  const out = [table(rows)];
  if (report.configProblems.length > 0) {
    out.push(kleur.yellow('config.yaml is broken, so the built-in defaults decided:'));
    for (const problem of report.configProblems) out.push(kleur.yellow(`  ${printable(problem)}`));
  }
  return out.join('\n');
}

export default class RulesTest extends Command {
  static override description =
    `Show which rule decides the danger level of a target, and which of its patterns matched.

Give any of the fields; the ones you leave out are empty strings (so a rule that needs them does not match). Rules are tried in order, first match wins, as in the prompt.

With cluster-levels fetching on in config.yaml, --server also shows the level the cluster at that server declared about itself (as the daemon last fetched it), which wins when it is more dangerous than the rule.`;

  static override examples = [
    '<%= config.bin %> rules test --context prod-eu',
    '<%= config.bin %> rules test --cluster gke_acme-prod_eu --server https://10.0.0.1 --namespace payments',
    '<%= config.bin %> rules test --context dev --user readonly-bot --json',
  ];

  static override flags = {
    context: Flags.string({ description: 'context name' }),
    cluster: Flags.string({ description: 'cluster name' }),
    server: Flags.string({ description: 'server URL, e.g. https://10.0.0.1:6443' }),
    namespace: Flags.string({ description: 'namespace (not filled in as "default": give it to match it)' }),
    user: Flags.string({ description: 'user name' }),
    json: Flags.boolean({ description: 'print machine-readable JSON' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(RulesTest);
    configureColor(process.stdout, process.env);
    if (MATCH_FIELDS.every((field) => flags[field] === undefined)) {
      process.stderr.write(
        'kctx-guard: nothing to test: give at least one of --context, --cluster, --server, --namespace, --user (for example: kctx-guard rules test --context prod-eu)\n',
      );
      this.exit(1);
    }
    const target = {
      context: flags.context ?? '',
      cluster: flags.cluster ?? '',
      server: flags.server ?? '',
      namespace: flags.namespace ?? '',
      user: flags.user ?? '',
    };
    const report = explainTarget(process.env, target);
    this.log(flags.json ? JSON.stringify(report, null, 2) : human(report));
  }
}
