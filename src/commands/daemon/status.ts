/** `kctx-guard daemon status`: is the daemon running, and what does it serve. */
import { Command, Flags } from '@oclif/core';
import { queryDaemon } from '../../cli/lifecycle.js';
import { printable } from '../../cli/format.js';

export default class DaemonStatus extends Command {
  static override description =
    `Show whether the daemon runs, since when, its log file and the KUBECONFIG values it serves.

Exit status: 0 when it runs, 1 when it does not.`;
  static override examples = ['<%= config.bin %> daemon status', '<%= config.bin %> daemon status --json'];
  static override flags = { json: Flags.boolean({ description: 'print machine-readable JSON' }) };

  async run(): Promise<void> {
    const { flags } = await this.parse(DaemonStatus);
    const info = await queryDaemon(process.env);
    if (flags.json) this.log(JSON.stringify(info ? { running: true, ...info } : { running: false }, null, 2));
    else if (!info) this.log('kctx-guard daemon is not running (start it: kctx-guard daemon start)');
    else {
      this.log(`kctx-guard daemon is running (pid ${info.pid}, since ${info.startedAt})`);
      this.log(`  cache: ${info.cacheDir}\n  log:   ${info.logFile}\n  serving:`);
      for (const served of info.served) {
        this.log(
          `    ${served.kubeconfig === null ? '(default kubeconfig)' : `KUBECONFIG=${printable(served.kubeconfig)}`}  ${served.level ?? 'pending'}`,
        );
      }
      for (const read of info.stuck ?? []) {
        const seconds = Math.round(read.forMs / 1000);
        this.log(
          `  stuck: entry ${read.entry} reading ${read.file === null ? '(unknown file)' : printable(read.file)} for ${seconds} s (a hung mount?)`,
        );
      }
    }
    if (!info) this.exit(1);
  }
}
