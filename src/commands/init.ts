/** `kctx-guard init <shell>`: prints the shell hook to eval from the shell's rc file. */
import { Args, Command } from '@oclif/core';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN_SCRIPT } from '../cli/lifecycle.js';
import { fillStarship, SHELLS, type ShellName } from '../render/index.js';
import { renderInit } from '../shell-tables/index.js';

const PACKAGE = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHELL_DIR = join(PACKAGE, 'shell');
/** The standalone scripts the build renders (npm run build); starship's module and tmux run them from there. */
export const RENDERED_DIR = join(PACKAGE, 'dist', 'shell');

export default class Init extends Command {
  static override description = `Print the prompt hook for a shell. Add the line for your shell to its rc file:

  bash  (~/.bashrc)                  eval "$(kctx-guard init bash)"
  zsh   (~/.zshrc)                   eval "$(kctx-guard init zsh)"
  fish  (~/.config/fish/config.fish) kctx-guard init fish | source

\`kctx-guard init starship\` prints the starship configuration (see shell/starship.toml).

From the next prompt on, the cluster segment appears in front of your prompt. Set
KCTX_GUARD_PROMPT=manual to place \${KCTX_GUARD_SEGMENT} yourself (see the README).`;

  static override examples = [
    'eval "$(<%= config.bin %> init bash)"',
    'eval "$(<%= config.bin %> init zsh)"',
    '<%= config.bin %> init fish | source',
    '<%= config.bin %> init starship >> ~/.config/starship.toml',
  ];

  static override args = {
    shell: Args.string({
      description: 'the shell to print the hook for',
      required: true,
      options: [...SHELLS, 'starship'],
    }),
  };

  async run(): Promise<void> {
    const { args } = await this.parse(Init);
    if (args.shell === 'starship') {
      const template = readFileSync(join(SHELL_DIR, 'starship.toml'), 'utf8');
      process.stdout.write(fillStarship(template, join(RENDERED_DIR, 'kctx-guard-starship.bash')));
      return;
    }
    // The line naming the program, then the version check holding the hook (a shell too old for the
    // hook says so in one line and installs nothing). The launcher (bin/kctx-guard) prints the same,
    // pre-rendered in dist/shell, naming itself.
    const shell = args.shell as ShellName;
    process.stdout.write(renderInit(shell, [process.execPath, BIN_SCRIPT]));
  }
}
