/** `kctx-guard shim status`: whether the PATH shim is installed, current and first on PATH. */
import { Command, Flags } from '@oclif/core';
import { describeShim, shimStatus } from '../../cli/shim.js';

export default class ShimStatus extends Command {
  static override description =
    `Show the PATH shim: its scripts (current, outdated, missing) and where its folder is on PATH.

Exit status 0 when both scripts are current and the folder is first on PATH for kubectl and helm, else 1.`;

  static override examples = ['<%= config.bin %> shim status', '<%= config.bin %> shim status --json'];

  static override flags = { json: Flags.boolean({ description: 'print the status as JSON' }) };

  async run(): Promise<void> {
    const { flags } = await this.parse(ShimStatus);
    const status = shimStatus(process.env);
    if (flags.json) this.log(JSON.stringify(status, null, 2));
    else for (const line of describeShim(status)) this.log(line);
    const ok =
      status.files.every((file) => file.state === 'current') &&
      status.pathIndex !== -1 &&
      status.shadowedBy.length === 0;
    if (!ok) this.exit(1);
  }
}
