/** `kctx-guard unlock <cluster> <duration>`: let the guard run commands on one cluster without asking, in this shell, for a while. */
import { Args, Command } from '@oclif/core';
import { runUnlock } from '../cli/unlock.js';

export default class Unlock extends Command {
  static override description =
    `Unlock one cluster in this shell for a while: the guard runs commands on it without asking.

For deliberate work (a migration, an incident). Asks once for the cluster's name, as the guard does; the prompt shows [unlocked <name> <time left>]; every command it lets through is still shown and logged to guard.log, as are the unlock and its end. It ends by itself, or with kctx-guard lock.

Only this shell, only that cluster (name and API server), never scripts run through the PATH shim. Works in a shell that loads the hook (the kctx-guard shell function names the shell). At most 8h.`;

  static override examples = ['<%= config.bin %> unlock prod-eu 10m', '<%= config.bin %> lock'];

  static override args = {
    cluster: Args.string({
      description: 'the cluster: its name as the prompt shows it, or the full name',
      required: true,
    }),
    duration: Args.string({ description: 'how long: 90s, 10m, 1h30m (at most 8h)', required: true }),
  };

  async run(): Promise<void> {
    const { args } = await this.parse(Unlock);
    const code = runUnlock(process.env, process.cwd(), args.cluster, args.duration, {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
    });
    if (code !== 0) this.exit(code);
  }
}
