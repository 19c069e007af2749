/** `kctx-guard identities forget <id|name>`: drops remembered identities, e.g. of a deleted temporary kubeconfig. */
import { Args, Command } from '@oclif/core';
import { printable } from '../../cli/format.js';
import { forgetIdentity } from '../../cli/identities.js';

export default class IdentitiesForget extends Command {
  static override description =
    'Forget a remembered cluster identity, by its id (or a unique prefix) or by a context name seen reaching it. A cluster still named in a kubeconfig the daemon reads is learned again.';
  static override examples = ['<%= config.bin %> identities forget 3f2a9c', '<%= config.bin %> identities forget leap'];
  static override args = {
    what: Args.string({ description: 'identity id, id prefix or context name', required: true }),
  };

  async run(): Promise<void> {
    const { args } = await this.parse(IdentitiesForget);
    let removed: Awaited<ReturnType<typeof forgetIdentity>>;
    try {
      removed = await forgetIdentity(process.env, args.what);
    } catch (error) {
      this.error((error as Error).message, { exit: 1 });
    }
    if (removed.length === 0)
      this.error(
        `no remembered identity has the id or a context named ${JSON.stringify(printable(args.what))} (list them: kctx-guard identities)`,
        { exit: 1 },
      );
    for (const identity of removed)
      this.log(
        `forgot ${identity.id} ${printable(identity.server)} (${identity.seen.map((seen) => printable(seen.context)).join(', ')})${identity.declaredDropped ? ', and the level it declared' : ''}`,
      );
  }
}
