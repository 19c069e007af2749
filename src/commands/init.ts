/** `kctx-guard init <shell>`: prints the shell hook to eval from the shell's rc file. */
import { Args, Command, Flags } from '@oclif/core';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN_SCRIPT } from '../cli/lifecycle.js';
import { sanitizeName, SHELLS, type ShellName } from '../render/index.js';
import { starshipConfigPath, starshipSnippet, writeStarshipConfig } from '../cli/starship-init.js';
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

\`kctx-guard init starship\` prints starship tables to merge into your starship.toml (the env_var modules for shells with the hook; --custom: the module for shells without it); with --write it merges them itself, keeping the rest of the file as it is (see the README, "starship").

\`kctx-guard init tmux\` prints the ~/.tmux.conf lines of the status-line segment.

From the next prompt on, the cluster segment appears in front of your prompt. Set KCTX_GUARD_PROMPT=manual to place \${KCTX_GUARD_SEGMENT} yourself (see the README).`;

  static override examples = [
    'eval "$(<%= config.bin %> init bash)"',
    'eval "$(<%= config.bin %> init zsh)"',
    '<%= config.bin %> init fish | source',
    '<%= config.bin %> init starship --write',
    '<%= config.bin %> init starship --custom >> ~/.config/starship.toml',
    '<%= config.bin %> init tmux >> ~/.tmux.conf',
  ];

  static override args = {
    shell: Args.string({
      description: 'the shell to print the hook for',
      required: true,
      options: [...SHELLS, 'starship', 'tmux'],
    }),
  };

  static override flags = {
    custom: Flags.boolean({ description: 'starship: the custom module, for shells without the kctx-guard hook' }),
    write: Flags.boolean({
      description: 'starship: merge into your starship.toml ($STARSHIP_CONFIG or ~/.config/starship.toml)',
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Init);
    if ((flags.custom || flags.write) && args.shell !== 'starship') this.error('--custom and --write are for starship');
    if (args.shell === 'tmux') {
      process.stdout.write(tmuxLines(join(RENDERED_DIR, 'tmux-status.sh')));
      return;
    }
    if (args.shell === 'starship') {
      const snippet = starshipSnippet(SHELL_DIR, RENDERED_DIR, flags.custom);
      if (!flags.write) {
        process.stdout.write(snippet);
        return;
      }
      const { StarshipMergeError } = await import('../cli/starship-merge.js');
      try {
        const done = await writeStarshipConfig(starshipConfigPath(process.env), snippet, flags.custom);
        process.stderr.write(`kctx-guard: ${sanitizeName(done, 2000)}\n`);
      } catch (error) {
        if (!(error instanceof StarshipMergeError)) throw error;
        process.stderr.write(`kctx-guard: ${sanitizeName(error.message, 2000)}\n`);
        this.exit(1);
      }
      return;
    }
    // The line naming the program, then the version check holding the hook (a shell too old for the
    // hook says so in one line and installs nothing). The launcher (bin/kctx-guard) prints the same,
    // pre-rendered in dist/shell, naming itself.
    const shell = args.shell as ShellName;
    process.stdout.write(renderInit(shell, [process.execPath, BIN_SCRIPT]));
  }
}

/** The ~/.tmux.conf lines of the status-line segment (README, "tmux status line"). */
function tmuxLines(script: string): string {
  if (/['\n]/.test(script)) throw new Error(`cannot put ${script} into a tmux.conf line`);
  return `set -g status-right '#(${script} #{pid} #{pane_id}) %H:%M'\nset -g status-interval 5\n`;
}
