/** `kctx-guard config init`: writes a commented starter config.yaml, never over an existing file unless asked. */
import { Command, Flags } from '@oclif/core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { printable } from '../../cli/format.js';
import { STARTER_CONFIG } from '../../cli/starter-config.js';
import { configFile } from '../../locations.js';

function reasonOf(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'a directory is in the way';
  if (code === 'ENOTDIR') return 'a file is in the way of its folder';
  return (error as Error).message;
}

export default class ConfigInit extends Command {
  static override description =
    `Write a commented starter config.yaml with example danger rules and the guard section, all commented out.

The file goes to $XDG_CONFIG_HOME/kctx-guard/config.yaml (default ~/.config/kctx-guard/config.yaml). As written it changes nothing: the built-in defaults stay in force until you uncomment a rule. An existing file is kept unless you pass --force.`;

  static override examples = [
    '<%= config.bin %> config init',
    '<%= config.bin %> config init --force',
    'XDG_CONFIG_HOME=/tmp/cfg <%= config.bin %> config init',
  ];

  static override flags = {
    force: Flags.boolean({ description: 'overwrite an existing config.yaml' }),
  };

  /** Unwrapped on stderr (oclif's this.error wraps at 80 columns, which breaks a command into pieces), then exit 1. */
  private fail(message: string): never {
    process.stderr.write(`kctx-guard: ${message}\n`);
    return this.exit(1);
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(ConfigInit);
    const file = configFile(process.env);
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, STARTER_CONFIG, { flag: flags.force ? 'w' : 'wx', mode: 0o644 });
    } catch (error) {
      if ((error as { code?: string }).code === 'EEXIST') {
        this.fail(
          `${printable(file)} already exists; edit it, or replace it with the starter file: kctx-guard config init --force`,
        );
      }
      this.fail(
        `cannot write ${printable(file)}: ${reasonOf(error)}; make its folder writable, or set XDG_CONFIG_HOME to a folder you own and run kctx-guard config init again`,
      );
    }
    this.log(`wrote ${printable(file)}`);
    this.log('edit it to add your rules; check them with: kctx-guard rules');
  }
}
