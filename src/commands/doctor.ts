/** `kctx-guard doctor`: checks everything kctx-guard needs and prints the exact fix for each problem. Changes nothing. */
import { Command, Flags } from '@oclif/core';
import kleur from 'kleur';
import { configureColor } from '../cli/format.js';
import { sanitizeName } from '../render/index.js';
import { runDoctor, type Check, type DoctorReport } from '../cli/doctor.js';

const MARK: Record<Check['status'], () => string> = {
  ok: () => kleur.green('✔'),
  warn: () => kleur.yellow('!'),
  fail: () => kleur.red('✖'),
};

/** A doctor line holds paths, servers and a date: longer than a name may be, still made inert and capped. */
const MAX_LINE = 600;
const line = (text: string): string => sanitizeName(text, MAX_LINE);

function human(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((check) => check.name.length));
  const out: string[] = [];
  for (const check of report.checks) {
    const [first = '', ...rest] = check.detail.split('\n').map(line);
    out.push(`${MARK[check.status]()} ${check.name.padEnd(width)}  ${first}`);
    for (const text of rest) out.push(`  ${' '.repeat(width)}    ${text}`);
    if (check.fix !== null) {
      for (const [index, text] of check.fix.split('\n').entries())
        out.push(`  ${' '.repeat(width)}  ${index === 0 ? kleur.bold('fix:') : '    '} ${line(text)}`);
    }
  }
  const failed = report.checks.filter((check) => check.status === 'fail').length;
  const warned = report.checks.filter((check) => check.status === 'warn').length;
  const summary =
    failed === 0 ? kleur.green('all checks passed') : kleur.red(`${failed} check${failed === 1 ? '' : 's'} failed`);
  out.push(
    '',
    `${summary}${warned > 0 ? kleur.yellow(` (${warned} warning${warned === 1 ? '' : 's'}: ! marks what is odd here but does not break kctx-guard)`) : ''}`,
  );
  return out.join('\n');
}

export default class Doctor extends Command {
  static override description = `Check everything kctx-guard needs, and print the exact fix for each problem.

Checks: Node.js version, the daemon (running and answering), the cache folder (yours, mode 700), config.yaml, drift and definitions kubectl hides not acknowledged yet (kctx-guard ack), every kubeconfig file kubectl would read here (honours KUBECONFIG) and the current context, kubectl on PATH, this shell running the hook, and which rc files (~/.bashrc, ~/.bash_profile, ~/.zshrc, ~/.config/fish/config.fish) hold the init line.

✔ passed, ✖ failed, ! a warning (this shell is not hooked, the cache folder does not exist yet). Doctor only reads: it never creates or changes a file.

Exit status: 0 when no check failed (warnings allowed), 1 otherwise.`;

  static override examples = [
    '<%= config.bin %> doctor',
    `<%= config.bin %> doctor --json | jq '.checks[] | select(.status == "fail")'`,
  ];

  static override flags = {
    json: Flags.boolean({ description: 'print machine-readable JSON: {ok, checks: [{name, status, detail, fix}]}' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Doctor);
    configureColor(process.stdout, process.env);
    const report = await runDoctor(process.env, process.cwd());
    this.log(flags.json ? JSON.stringify(report, null, 2) : human(report));
    if (!report.ok) this.exit(1);
  }
}
