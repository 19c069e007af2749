/** `kctx-guard daemon start`: start the background daemon (once per user and cache folder). */
import { Command } from '@oclif/core';
import { startDaemon } from '../../cli/lifecycle.js';

export default class DaemonStart extends Command {
  static override description = 'Start the kctx-guard daemon in the background (does nothing if it already runs).';
  static override examples = ['<%= config.bin %> daemon start'];

  async run(): Promise<void> {
    await this.parse(DaemonStart);
    try {
      const { already, info, replaced } = await startDaemon(process.env);
      if (replaced)
        this.log(`ended the daemon pid ${replaced}: it answered nothing and had stopped beating (stopped or hung)`);
      this.log(
        already
          ? `kctx-guard daemon is already running (pid ${info.pid})`
          : `kctx-guard daemon started (pid ${info.pid}); log: ${info.logFile}`,
      );
    } catch (error) {
      this.error((error as Error).message, { exit: 1 });
    }
  }
}
