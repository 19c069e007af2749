/** `kctx-guard shim uninstall`: remove the PATH shim's scripts (only files the shim install wrote). */
import { Command, Flags } from '@oclif/core';
import { pathLines, shimDir, uninstallShim } from '../../cli/shim.js';

export default class ShimUninstall extends Command {
  static override description =
    `Remove the PATH shim (the kubectl and helm scripts shim install wrote, and their folder).

Files in the folder that the shim did not write are left alone and named. Remove the PATH line from your rc files yourself (it is listed).`;

  static override examples = ['<%= config.bin %> shim uninstall'];

  static override flags = {
    'dry-run': Flags.boolean({ char: 'n', description: 'show what would be removed, and remove nothing' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ShimUninstall);
    const { removed, kept } = uninstallShim(process.env, flags['dry-run']);
    if (removed.length === 0 && kept.length === 0) this.log(`No shim in ${shimDir(process.env)}.`);
    for (const path of removed) this.log(`${flags['dry-run'] ? 'Would remove' : 'Removed'} ${path}`);
    for (const path of kept) this.log(`Left alone: ${path} was not written by kctx-guard shim install.`);
    const lines = [...new Set(pathLines(shimDir(process.env)).map(({ line }) => line))];
    this.log(
      `Remove the PATH line from your rc files if you added it:\n${lines.map((line) => `  ${line}`).join('\n')}`,
    );
  }
}
