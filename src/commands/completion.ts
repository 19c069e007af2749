/** `kctx-guard completion <shell>`: prints a bash, zsh or fish completion script built from the commands this kctx-guard has. */
import { Args, Command } from '@oclif/core';
import {
  COMPLETION_SHELLS,
  completionScript,
  completionTable,
  type CommandInfo,
  type CompletionShell,
} from '../completion/index.js';

export default class Completion extends Command {
  static override description = `Print the tab-completion script for a shell (subcommands, flags and their values).

  bash  (~/.bashrc)     source <(kctx-guard completion bash)
  zsh   (~/.zshrc)      eval "$(kctx-guard completion zsh)"          (after compinit)
        or once:        kctx-guard completion zsh > "\${fpath[1]}/_kctx-guard"
  fish  once:           kctx-guard completion fish > ~/.config/fish/completions/kctx-guard.fish

Run the command again after upgrading kctx-guard if you saved the script to a file.`;

  static override examples = [
    'source <(<%= config.bin %> completion bash)',
    'eval "$(<%= config.bin %> completion zsh)"',
    '<%= config.bin %> completion fish > ~/.config/fish/completions/<%= config.bin %>.fish',
  ];

  static override args = {
    shell: Args.string({
      description: 'the shell to print the completion script for',
      required: true,
      options: [...COMPLETION_SHELLS],
    }),
  };

  async run(): Promise<void> {
    const { args } = await this.parse(Completion);
    const commands: CommandInfo[] = this.config.commands.map((command) => ({
      id: command.id,
      hidden: command.hidden,
      summary: command.summary,
      description: command.description,
      flags: Object.fromEntries(
        Object.entries(command.flags).map(([name, flag]) => [
          name,
          {
            name,
            char: flag.char,
            type: flag.type,
            options: flag.type === 'option' ? flag.options : undefined,
            summary: flag.summary,
            description: flag.description,
            hidden: flag.hidden,
          },
        ]),
      ),
      args: Object.fromEntries(Object.entries(command.args).map(([name, arg]) => [name, { options: arg.options }])),
    }));
    const table = completionTable(commands, this.config.topics);
    process.stdout.write(completionScript(args.shell as CompletionShell, this.config.bin, table));
  }
}
