/** `kctx-guard shim install`: write the kubectl and helm PATH shims, and say how to put them first on PATH. */
import { Command } from '@oclif/core';
import { describeShim, installShim, pathLines, shimStatus } from '../../cli/shim.js';

export default class ShimInstall extends Command {
  static override description =
    `Install the PATH shim: kubectl and helm scripts that ask the guard, then run the real ones.

The shell wrappers guard what you type; the shim also guards what they cannot see: scripts, xargs, watch, sudo -E, "command kubectl", "env kubectl", kubectl plugins. It writes two scripts into ~/.local/share/kctx-guard/shim ($XDG_DATA_HOME/kctx-guard/shim, mode 700) and prints the line that puts that folder first on PATH; it changes no rc file. Read-only commands start no extra process.

Run it again after upgrading kctx-guard (shim status says when the scripts are outdated).`;

  static override examples = ['<%= config.bin %> shim install', '<%= config.bin %> shim status'];

  async run(): Promise<void> {
    await this.parse(ShimInstall);
    const written = installShim(process.env);
    for (const file of written) this.log(`Wrote ${file}`);
    const status = shimStatus(process.env);
    if (status.pathIndex === 0) {
      this.log('The folder is already first on PATH.');
      return;
    }
    this.log('\nPut the folder first on PATH, in the rc file of each shell you use (before the init line):');
    for (const { shell, file, line } of pathLines(status.dir)) this.log(`  ${shell.padEnd(5)} ${file}: ${line}`);
    this.log(`\nNow: ${describeShim(status).at(-1)}`);
  }
}
