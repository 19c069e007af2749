/** `kctx-guard daemon install`: writes a systemd user unit (Linux) or launchd agent (macOS) that keeps the daemon running. */
import { Command, Flags } from '@oclif/core';
import { BIN_SCRIPT } from '../../cli/lifecycle.js';
import { installServiceFile } from '../../cli/service.js';
import {
  defaultPlatform,
  enableCommands,
  PASSED_VARIABLES,
  SERVICE_PLATFORMS,
  serviceFileContent,
  servicePlan,
} from '../../service/index.js';
import { stableNodePath } from '../../service/node-path.js';

export default class DaemonInstall extends Command {
  static override description = `Write a service file that starts the daemon at login and restarts it when it fails.

Linux: a systemd user unit, $XDG_CONFIG_HOME/systemd/user/kctx-guard.service (default ~/.config/…).

macOS: a launchd agent, ~/Library/LaunchAgents/dev.kctx-guard.daemon.plist.

The file runs "daemon run --quiet" with the absolute paths of this node and this kctx-guard, so run install again after moving kctx-guard or upgrading node. ${PASSED_VARIABLES.join(', ')} are passed on when they are set now, so the service uses the same folders as your shells. The daemon logs to daemon.log in its state folder (kctx-guard daemon status shows it).

kctx-guard does not run systemctl or launchctl: it prints the commands to run.`;

  static override examples = [
    '<%= config.bin %> daemon install',
    '<%= config.bin %> daemon install --platform darwin --print',
  ];

  static override flags = {
    platform: Flags.string({
      description: 'write the file for this platform instead of the current one',
      options: [...SERVICE_PLATFORMS],
    }),
    force: Flags.boolean({ char: 'f', description: 'replace an existing file that differs' }),
    print: Flags.boolean({ description: 'print the file to stdout and write nothing' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(DaemonInstall);
    const platform = flags.platform === 'linux' || flags.platform === 'darwin' ? flags.platform : defaultPlatform();
    if (!platform) {
      this.error(
        `daemon install knows systemd (Linux) and launchd (macOS), not ${process.platform}; run "kctx-guard daemon run --quiet" from your own service manager, or pass --platform linux|darwin to write a file anyway`,
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
      if (flags.print) {
        process.stdout.write(serviceFileContent(plan));
        return;
      }
      const { outcome, content } = installServiceFile(plan, flags.force);
      const verb = { written: 'Wrote', replaced: 'Replaced', unchanged: 'Already up to date:' }[outcome];
      this.log(`${verb} ${plan.file}${outcome === 'unchanged' ? '' : ':'}`);
      if (outcome !== 'unchanged') this.log(content.replace(/^/gm, '    ').trimEnd());
      // An empty value is set to clear what the service manager would pass (launchd: KUBECONFIG), not passed on.
      const passed = plan.environment.filter(([, value]) => value !== '').map(([name]) => name);
      this.log(
        passed.length > 0
          ? `Passed on from this shell: ${passed.join(', ')}.`
          : `No ${PASSED_VARIABLES.join('/')} set: the service uses the default folders.`,
      );
      this.log(`The daemon logs to ${plan.logDir}/daemon.log.`);
      // The service runs `daemon run --replace`: a daemon a shell started hands over by itself.
      this.log('\nTo start it now and at every login:');
      this.log(
        enableCommands(plan)
          .map((line) => `    ${line}`)
          .join('\n'),
      );
    } catch (error) {
      this.error((error as Error).message, { exit: 1 });
    }
  }
}
