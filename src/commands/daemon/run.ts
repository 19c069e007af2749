/** `kctx-guard daemon run`: the daemon in the foreground, printing a status line whenever the target changes. */
import { Command, Flags } from '@oclif/core';
import kleur from 'kleur';
import { configureColor, statusLine } from '../../cli/format.js';
import { hasNoKubeconfig, prepareDemoKubeconfig } from '../../cli/demo.js';
import { AlreadyRunningError } from '../../daemon/control.js';
import { runDaemon, type RunOptions } from '../../daemon/run.js';
import { stopDaemon } from '../../cli/lifecycle.js';

export default class DaemonRun extends Command {
  static override description = `Run the daemon in the foreground (for npm start, systemd or launchd).

Prints one coloured status line each time the context, cluster, namespace or danger level of this shell's KUBECONFIG changes. Stops on Ctrl-C or SIGTERM; SIGHUP reloads the rules.`;

  static override examples = [
    '<%= config.bin %> daemon run',
    '<%= config.bin %> daemon run --demo-if-missing --verbose',
  ];

  static override flags = {
    'demo-if-missing': Flags.boolean({
      description: 'when no kubeconfig file exists, watch a copy of the bundled demo kubeconfig instead',
    }),
    verbose: Flags.boolean({ char: 'v', description: 'also print the daemon log lines' }),
    quiet: Flags.boolean({ char: 'q', description: 'print nothing; log to the log file only' }),
    replace: Flags.boolean({
      description: 'stop a daemon that already runs (one a shell started) and take over; what service managers use',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(DaemonRun);
    configureColor(process.stdout, process.env);
    const env = { ...process.env };
    if (flags['demo-if-missing'] && hasNoKubeconfig(env, process.cwd())) {
      const demo = prepareDemoKubeconfig(env);
      env['KUBECONFIG'] = demo;
      this.log(kleur.bold('No kubeconfig found, so this run watches the bundled demo kubeconfig:'));
      this.log(`  ${demo}`);
      this.log(`Switch contexts in another terminal and watch the line below change:`);
      this.log(`  KUBECONFIG=${demo} kubectl config use-context demo-prod`);
      this.log(`  KUBECONFIG=${demo} kubectl config use-context demo-staging\n`);
    }
    let last = '';
    try {
      const options: RunOptions = {
        env,
        cwd: process.cwd(),
        // In a terminal or under systemd/launchd: exit 75 on an upgrade; the user or the service restarts it.
        onUpgrade: 'exit',
        echoLog: flags.verbose ? (line) => process.stderr.write(kleur.dim(line)) : undefined,
        onOwnEntry: (entry) => {
          const { details } = entry;
          const summary = JSON.stringify([
            details.level,
            details.context,
            details.cluster,
            details.namespace,
            details.error,
            details.configProblems.length,
          ]);
          if (!flags.quiet && summary !== last) this.log(statusLine(details));
          last = summary;
        },
      };
      const daemon = await runDaemon(options).catch(async (error: unknown) => {
        // A service manager would otherwise restart us in a loop while a shell's daemon runs.
        if (!(error instanceof AlreadyRunningError) || !flags.replace) throw error;
        await stopDaemon(env);
        return runDaemon(options);
      });
      if (!flags.quiet)
        this.log(
          kleur.dim(
            `kctx-guard daemon running (pid ${daemon.pid}), cache ${daemon.cacheDir}, log ${daemon.logFile}; Ctrl-C stops it`,
          ),
        );
      await daemon.stopped;
    } catch (error) {
      if (error instanceof AlreadyRunningError) {
        this.error(
          'a kctx-guard daemon is already running for this cache folder; stop it first (kctx-guard daemon stop) or use kctx-guard status',
          { exit: 1 },
        );
      }
      throw error;
    }
  }
}
