/** `kctx-guard daemon stop`: stop the background daemon. */
import { Command } from '@oclif/core';
import { stopDaemon } from '../../cli/lifecycle.js';

export default class DaemonStop extends Command {
  static override description =
    'Stop the kctx-guard daemon. Prompts keep working: they compute directly until it runs again.';
  static override examples = ['<%= config.bin %> daemon stop'];

  async run(): Promise<void> {
    await this.parse(DaemonStop);
    const pid = await stopDaemon(process.env);
    this.log(pid === undefined ? 'kctx-guard daemon is not running' : `kctx-guard daemon stopped (pid ${pid})`);
  }
}
