/**
 * `kctx-guard ack [name]`: says you have seen that a context name now reaches another cluster (drift),
 * or that kubectl ignores a later file's definition of a name (hidden), and clears the prompt's marker.
 */
import { Args, Command, Flags } from '@oclif/core';
import { acknowledgeAll, describeAcknowledgeable, pendingAcknowledgements } from '../cli/ack.js';
import { printable } from '../cli/format.js';

export default class Ack extends Command {
  static override description = `Acknowledge drift and hidden definitions, which every prompt marks until you do.

Drift: a context name now points at another cluster (API server or CA) than kctx-guard last saw: [drift: prod-eu now points at …; kctx-guard ack].

Hidden: a context or cluster name is defined again in a later KUBECONFIG file, for another cluster, and kubectl ignores that definition: [context prod also in b.yaml, hidden by kubectl; kctx-guard ack] in that shell, [hidden: …] in the others.

Without a name, acknowledges all of it. A hidden definition stays acknowledged until either of its two definitions reaches another cluster. The command returns once the daemon has rewritten the prompts' entries.`;
  static override examples = ['<%= config.bin %> ack', '<%= config.bin %> ack prod-eu', '<%= config.bin %> ack --list'];
  static override args = {
    name: Args.string({
      description: 'the context name (drift) or context or cluster name (hidden) you have seen; all when omitted',
    }),
  };
  static override flags = {
    list: Flags.boolean({ description: 'list what is not acknowledged yet, change nothing' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Ack);
    if (flags.list) {
      const pending = pendingAcknowledgements(process.env, process.cwd());
      if (pending.length === 0)
        this.log(
          'nothing to acknowledge: every context name reaches the cluster it reached before, and kubectl hides no definition',
        );
      for (const item of pending) this.log(`${item.kind}: ${printable(describeAcknowledgeable(item))}`);
      return;
    }
    let acknowledged: Awaited<ReturnType<typeof acknowledgeAll>>;
    try {
      acknowledged = await acknowledgeAll(process.env, process.cwd(), args.name);
    } catch (error) {
      this.error((error as Error).message, { exit: 1 });
    }
    if (acknowledged.length === 0) {
      const what = args.name === undefined ? '' : ` for a name ${JSON.stringify(printable(args.name))}`;
      this.log(`nothing to acknowledge${what}`);
      return;
    }
    for (const item of acknowledged) this.log(`acknowledged ${item.kind}: ${printable(item.text)}`);
  }
}
