/** `kctx-guard daemon uninstall`: removes the service file written by `daemon install` and prints how to stop the service. */
import { Command, Flags } from '@oclif/core';
import { uninstallServiceFile } from '../../cli/service.js';
import { defaultPlatform, disableCommands, SERVICE_PLATFORMS, servicePlan } from '../../service/index.js';
import { BIN_SCRIPT } from '../../cli/lifecycle.js';
import { stableNodePath } from '../../service/node-path.js';

export default class DaemonUninstall extends Command {
  static override description = `Remove the systemd user unit or launchd agent written by "daemon install".

Refuses to remove a file that kctx-guard did not write, unless --force. Prints the systemctl/launchctl commands that stop the running service; kctx-guard does not run them.`;

  static override examples = [
    '<%= config.bin %> daemon uninstall',
    '<%= config.bin %> daemon uninstall --platform darwin',
  ];

  static override flags = {
    platform: Flags.string({
      description: 'remove the file for this platform instead of the current one',
      options: [...SERVICE_PLATFORMS],
    }),
    force: Flags.boolean({ char: 'f', description: 'remove the file even if kctx-guard did not write it' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(DaemonUninstall);
    const platform = flags.platform === 'linux' || flags.platform === 'darwin' ? flags.platform : defaultPlatform();
    if (!platform) {
      this.error(
        `daemon uninstall knows systemd (Linux) and launchd (macOS), not ${process.platform}; pass --platform linux|darwin to remove such a file anyway`,
        { exit: 1 },
      );
    }
    try {
      const plan = servicePlan(
        platform,
        process.env,
        stableNodePath(process.execPath, process.env['PATH']),
        BIN_SCRIPT,
      );
      const removed = uninstallServiceFile(plan, flags.force);
      if (removed.length === 0) {
        this.log(`Nothing to remove: ${plan.file} does not exist (the service is not installed).`);
        return;
      }
      for (const file of removed) this.log(`Removed ${file}`);
      this.log('\nTo stop the service that is still running, run:');
      this.log(
        disableCommands(plan)
          .map((line) => `    ${line}`)
          .join('\n'),
      );
      this.log('Shells start the daemon again by themselves when they need it (kctx-guard daemon stop stops it).');
    } catch (error) {
      this.error((error as Error).message, { exit: 1 });
    }
  }
}
