/** `kctx-guard lock`: end this shell's timed unlock now. */
import { Command } from '@oclif/core';
import { runLock } from '../cli/unlock.js';

export default class Lock extends Command {
  static override description = `End this shell's timed unlock (kctx-guard unlock) now; the guard asks again.`;

  static override examples = ['<%= config.bin %> lock'];

  async run(): Promise<void> {
    await this.parse(Lock);
    const code = runLock(process.env, {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
    });
    if (code !== 0) this.exit(code);
  }
}
