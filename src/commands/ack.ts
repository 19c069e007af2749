/** `kctx-guard ack [context]`: says you have seen that a context name now reaches another cluster, and clears the prompt's drift marker. */
import { Args, Command, Flags } from '@oclif/core';
import { acknowledgeDrift, pendingDrift } from '../cli/ack.js';
import { printable } from '../cli/format.js';

export default class Ack extends Command {
  static override description =
    'Acknowledge drift: a context name that now points at another cluster (API server or CA) than kctx-guard last saw. Every prompt shows a [drift: …] marker until you do. Without a context, acknowledges all.';
  static override examples = ['<%= config.bin %> ack', '<%= config.bin %> ack prod-eu', '<%= config.bin %> ack --list'];
  static override args = {
    context: Args.string({ description: 'the context name whose drift you have seen (all when omitted)' }),
  };
  static override flags = {
    list: Flags.boolean({ description: 'list the drift not acknowledged yet, change nothing' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Ack);
    if (flags.list) {
      const pending = pendingDrift(process.env);
      if (pending.length === 0) this.log('no drift: every context name reaches the cluster it reached before');
      for (const item of pending) this.log(`${printable(item.text)} (since ${item.at})`);
      return;
    }
    let acknowledged: Awaited<ReturnType<typeof acknowledgeDrift>>;
    try {
      acknowledged = await acknowledgeDrift(process.env, args.context);
    } catch (error) {
      this.error((error as Error).message, { exit: 1 });
    }
    if (acknowledged.length === 0) {
      const what = args.context === undefined ? '' : ` for a context named ${JSON.stringify(printable(args.context))}`;
      this.log(`no drift to acknowledge${what}`);
      return;
    }
    for (const item of acknowledged) this.log(`acknowledged: ${printable(item.text)}`);
  }
}
