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

Add the line for your shell to its rc file, or save the script to a file once (zsh, fish): the examples below show each.

Run the command again after upgrading kctx-guard if you saved the script to a file.`;

  // One example per line to add or run, with where it goes as its description: as a table of rc files
  // and commands they would not fit in 80 columns (the fish line alone takes 71 characters).
  static override examples = [
    { description: 'bash, in ~/.bashrc:', command: 'source <(<%= config.bin %> completion bash)' },
    { description: 'zsh, in ~/.zshrc (after compinit):', command: 'eval "$(<%= config.bin %> completion zsh)"' },
    {
      description: 'zsh, or once:',
      command: '<%= config.bin %> completion zsh > "${fpath[1]}/_<%= config.bin %>"',
    },
    {
      description: 'fish, once:',
      command: '<%= config.bin %> completion fish > ~/.config/fish/completions/<%= config.bin %>.fish',
    },
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
