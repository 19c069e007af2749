/** `kctx-guard ns <namespace>`: this shell (only) uses another namespace of its context, by a private overlay. */
import { Args, Command, Flags } from '@oclif/core';
import { needsShellFunction, reply, report, shellState } from '../cli/overlay-command.js';
import { clusterNamespaces, OverlayError, useNamespace } from '../overlay/index.js';
import { sanitizeName } from '../render/index.js';

export default class Ns extends Command {
  static override summary = 'Switch this shell (only) to another namespace';
  static override description = `Switch this shell (only) to another namespace of its current context.

The shell's overlay (see: kctx-guard use --help) then also holds that one context entry, naming your own cluster and user with the new namespace; credentials stay in your files. The namespace is checked with the cluster (kubectl get --raw /api/v1/namespaces); when the cluster cannot be asked, the shell switches anyway and says so.

  ns <namespace>   this shell only
  ns -             back to the namespace before the last ns in this shell`;

  static override examples = ['<%= config.bin %> ns payments', '<%= config.bin %> ns -'];

  static override args = {
    namespace: Args.string({ description: 'the namespace to use, or - for the previous one', required: true }),
  };

  static override flags = {
    'shell-pid': Flags.integer({ hidden: true, description: 'set by the kctx-guard shell function: the shell to pin' }),
    previous: Flags.string({
      hidden: true,
      description: 'set by the kctx-guard shell function: the namespace of ns -',
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Ns);
    const err = (text: string): boolean => process.stderr.write(text);
    const pid = flags['shell-pid'];
    const code = report(
      () => {
        if (pid === undefined) throw needsShellFunction('kctx-guard ns');
        let namespace = args.namespace;
        if (namespace === '-') {
          if (!flags.previous) throw new OverlayError('no previous namespace in this shell yet');
          namespace = flags.previous;
        }
        const state = shellState(process.env, process.cwd(), pid);
        const switched = useNamespace(state, namespace, (context, own) => clusterNamespaces(context, own, process.env));
        if (switched.warning) err(`kctx-guard: ${sanitizeName(switched.warning, 500)}\n`);
        err(`kctx-guard: ${sanitizeName(switched.message, 500)}\n`);
        return reply(switched);
      },
      (text) => process.stdout.write(text),
      err,
    );
    if (code !== 0) this.exit(code);
  }
}
