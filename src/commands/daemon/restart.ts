/** `kctx-guard daemon restart`: stop, then start. */
import { Command } from '@oclif/core';
import { startDaemon, stopDaemon } from '../../cli/lifecycle.js';

export default class DaemonRestart extends Command {
  static override description = 'Restart the kctx-guard daemon (for example after upgrading kctx-guard).';
  static override examples = ['<%= config.bin %> daemon restart'];

  async run(): Promise<void> {
    await this.parse(DaemonRestart);
    await stopDaemon(process.env);
    try {
      const { info } = await startDaemon(process.env);
      this.log(`kctx-guard daemon restarted (pid ${info.pid})`);
    } catch (error) {
      this.error((error as Error).message, { exit: 1 });
    }
  }
}
