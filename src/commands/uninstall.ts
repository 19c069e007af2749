/** `kctx-guard uninstall`: removes what kctx-guard installed and tells (or with --rc, removes) the rc-file lines that load it. */
import { Command, Flags } from '@oclif/core';
import { SERVICE_PLATFORMS, type ServicePlatform } from '../service/index.js';
import { uninstall } from '../cli/uninstall.js';

export default class Uninstall extends Command {
  static override description = `Remove what kctx-guard installed, after stopping the daemon.

Removes: the systemd user unit or launchd agent (only one "daemon install" wrote), the link ~/.local/bin/kctx-guard (only when it points to this kctx-guard), the cache folder(s) and the state folder (daemon log, guard decisions log).

Keeps: your kubeconfig files (never changed) and config.yaml (--config removes it too).

Lists the rc-file lines that load kctx-guard (kctx-guard init / completion) with file:line; --rc removes them, after copying each file to <file>.kctx-guard.bak. Lines that do more than load kctx-guard, or sit inside a block, are only listed: edit those by hand.

--dry-run shows every step without doing it.

Exit status: 0, or 1 when a step failed (the message says which; the other steps still run).`;

  static override examples = [
    '<%= config.bin %> uninstall --dry-run',
    '<%= config.bin %> uninstall',
    '<%= config.bin %> uninstall --rc',
    '<%= config.bin %> uninstall --rc --config     # also remove config.yaml',
  ];

  static override flags = {
    'dry-run': Flags.boolean({ char: 'n', description: 'show what would be removed, and remove nothing' }),
    rc: Flags.boolean({
      description: 'also remove the rc-file lines that load kctx-guard (backup: <file>.kctx-guard.bak)',
    }),
    config: Flags.boolean({ description: 'also remove config.yaml (your danger rules)' }),
    platform: Flags.string({
      description: 'look for the service file of this platform instead of the current one',
      options: [...SERVICE_PLATFORMS],
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Uninstall);
    const code = await uninstall(
      process.env,
      {
        dryRun: flags['dry-run'],
        rc: flags.rc,
        config: flags.config,
        platform: flags.platform as ServicePlatform | undefined,
      },
      (line) => this.log(line),
    );
    if (code !== 0) this.exit(code);
  }
}
