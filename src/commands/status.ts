/** `kctx-guard status`: what kubectl would use in this shell, how dangerous it is, and whether the cache agrees. */
import { Command, Flags } from '@oclif/core';
import { runStatus } from '../cli/status-command.js';
import { DEFAULT_PROBE_TIMEOUT_MS } from '../cli/status-flags.js';

// Plain `status` invocations never get here: src/bin/run.ts runs them without oclif. This class
// answers the rest (--help, flag errors) and is what completion and the help list read.
export default class Status extends Command {
  static override description = `Show the cluster, namespace and danger level kubectl would use in this shell.

Honours this shell's KUBECONFIG. Reads the daemon's cache when it is fresh; otherwise (daemon stopped, cache stale) computes the answer directly and says so.

With --probe, also asks the cluster's API server for /version with your own credentials (never done by the prompt) and shows whether it answers, its version and how long it took.

Exit status: 0 when a context resolved (and, with --probe, the API answered), else 1 (reason on stderr).`;

  static override examples = [
    '<%= config.bin %> status',
    '<%= config.bin %> status --json | jq -r .context',
    '<%= config.bin %> status --probe --timeout 2000',
    'KUBECONFIG=./other.yaml <%= config.bin %> status',
  ];

  static override flags = {
    json: Flags.boolean({ description: 'print machine-readable JSON (stable field names, see docs/protocol.md)' }),
    probe: Flags.boolean({ description: "contact the cluster's API server (GET /version) with your credentials" }),
    timeout: Flags.integer({
      description: 'milliseconds --probe waits for the API server',
      default: DEFAULT_PROBE_TIMEOUT_MS,
      min: 1,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Status);
    const code = await runStatus(flags, process.env, process.cwd());
    if (code !== 0) this.exit(code);
  }
}
