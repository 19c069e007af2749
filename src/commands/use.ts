/** `kctx-guard use <context>`: this shell (only) uses another context, by a private overlay in its KUBECONFIG. */
import { spawnSync } from 'node:child_process';
import { Args, Command, Flags } from '@oclif/core';
import { needsShellFunction, reply, report, shellState } from '../cli/overlay-command.js';
import { kubeconfigFiles, listContexts } from '../kubeconfig/index.js';
import { OverlayError, unpinnedValue, useContext } from '../overlay/index.js';
import { loadKubeconfigFiles } from '../pipeline/index.js';
import { sanitizeName } from '../render/index.js';

export default class Use extends Command {
  static override summary = 'Switch this shell (only) to another context';
  static override description = `Switch this shell (only) to another context; other shells keep theirs.

The shell gets a tiny private overlay file in front of its KUBECONFIG holding only current-context, so kubectl, helm and every tool started from this shell use that context, and nested shells inherit it. Your own kubeconfig files are not touched: tokens and certificates stay there. The overlay is read-only: a kubectl command that would write to it (config set-credentials, set-cluster, use-context) fails on its .lock (kctx-guard status says why); run those with --global or with KUBECONFIG set to your own files.

use <context>  this shell only
use -          back to the context before the last use in this shell
use            list the contexts (* marks the current one)

use --global <context> switches every shell that follows your kubeconfig: it runs kubectl config use-context on your own files, and this shell leaves its overlay.`;

  static override examples = [
    '<%= config.bin %> use kind-dev',
    '<%= config.bin %> use -',
    '<%= config.bin %> use --global staging',
  ];

  static override args = {
    context: Args.string({ description: 'the context to use, or - for the previous one' }),
  };

  static override flags = {
    global: Flags.boolean({
      description: 'switch your kubeconfig file as kubectl would (every shell that follows it)',
    }),
    'shell-pid': Flags.integer({ hidden: true, description: 'set by the kctx-guard shell function: the shell to pin' }),
    previous: Flags.string({ hidden: true, description: 'set by the kctx-guard shell function: the context of use -' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Use);
    const out = (text: string): boolean => process.stdout.write(text);
    const err = (text: string): boolean => process.stderr.write(text);
    const pid = flags['shell-pid'];
    const code = report(
      () => {
        const state = shellState(process.env, process.cwd(), pid ?? process.pid);
        if (args.context === undefined) {
          if (flags.global) throw new OverlayError('use --global needs a context name');
          return contextList(state.kubeconfig, state.home, state.cwd);
        }
        let context = args.context;
        if (context === '-') {
          if (!flags.previous) throw new OverlayError('no previous context in this shell yet');
          context = flags.previous;
        }
        if (flags.global) return useGlobally(state.kubeconfig, state.home, context, pid !== undefined);
        if (pid === undefined) throw needsShellFunction('kctx-guard use');
        const switched = useContext(state, context);
        err(`kctx-guard: ${sanitizeName(switched.message, 500)}\n`);
        return reply(switched);
      },
      out,
      err,
    );
    if (code !== 0) this.exit(code);
  }
}

function contextList(kubeconfig: string | undefined, home: string, cwd: string): string {
  const listing = listContexts(loadKubeconfigFiles(kubeconfigFiles(kubeconfig, home, cwd)));
  return listing.contexts
    .map((context) => `${context.current ? '*' : ' '} ${sanitizeName(context.name, 500)}\n`)
    .join('');
}

/** `kubectl config use-context` on the user's own files; the shell leaves its overlay. */
function useGlobally(kubeconfig: string | undefined, home: string, context: string, fromShell: boolean): string {
  const own = unpinnedValue(kubeconfig, home);
  const env = { ...process.env };
  if (own === '') delete env['KUBECONFIG'];
  else env['KUBECONFIG'] = own;
  // kubectl's "Switched to context" goes to stderr: stdout is the reply the shell function reads.
  const result = spawnSync('kubectl', ['config', 'use-context', context], { env, stdio: ['ignore', 2, 2] });
  if (result.error) throw new OverlayError(`cannot run kubectl: ${result.error.message}; nothing was changed`);
  if (result.status !== 0) throw new OverlayError('kubectl config use-context failed (above); nothing was changed');
  return fromShell ? reply({ kubeconfig: own, previous: '' }) : '';
}
