/**
 * The completion table: one line per subcommand, flag and argument value list, built from oclif's
 * command list, in a format all three shell scripts read (`kind|node|word|values|summary`). Pure.
 */

export interface FlagInfo {
  name: string;
  char?: string | undefined;
  /** `option` flags take a value; `boolean` flags do not. */
  type: 'boolean' | 'option';
  options?: readonly string[] | undefined;
  summary?: string | undefined;
  description?: string | undefined;
  hidden?: boolean | undefined;
}

export interface CommandInfo {
  /** oclif's id, words joined by `:` (`daemon:install`). */
  id: string;
  hidden: boolean;
  summary?: string | undefined;
  description?: string | undefined;
  flags: Record<string, FlagInfo>;
  args: Record<string, { options?: readonly string[] | undefined }>;
}

export interface TopicInfo {
  name: string;
  description?: string | undefined;
  hidden?: boolean | undefined;
}

/**
 * Arguments whose values come from the user's kubeconfig at completion time: the scripts ask
 * `<bin> __complete <list>` (src/completion/values.ts) for them.
 */
const DYNAMIC_ARGS: Record<string, string> = { use: 'contexts', ns: 'namespaces', ack: 'contexts' };

/** Words a completion may offer and the scripts may match without quoting; anything else is left out. */
const WORD = /^[A-Za-z0-9][A-Za-z0-9._+@,=/-]*$/;

/** The first sentence of a help text's first line, at most 72 characters, without control characters or `|` (the table's separator). */
export function summaryOf(text: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  const first = (text ?? '')
    .split('\n')[0]!
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029|]/g, ' ')
    .trim();
  const sentence = first.split(/(?<=[.:])\s/)[0]!.replace(/[.:]$/, '');
  return sentence.length <= 72 ? sentence : `${sentence.slice(0, 71).replace(/\s+\S*$/, '')}…`;
}

function words(values: readonly string[] | undefined): string {
  return (values ?? []).filter((value) => WORD.test(value)).join(' ');
}

/** The table lines for every visible command, its flags (plus `--help`) and the value lists of its arguments. */
export function completionTable(commands: readonly CommandInfo[], topics: readonly TopicInfo[]): string {
  const rows: string[] = [];
  const children = new Set<string>();
  const addChild = (node: string, word: string, summary: string): void => {
    if (children.has(`${node}|${word}`)) return;
    children.add(`${node}|${word}`);
    rows.push(`child|${node}|${word}||${summary}`);
  };
  const topicSummary = new Map(
    topics
      .filter((topic) => !topic.hidden)
      .map((topic) => [topic.name.replace(/:/g, ' '), summaryOf(topic.description)]),
  );
  const visible = commands.filter(
    (command) => !command.hidden && command.id.split(':').every((word) => WORD.test(word)),
  );
  for (const command of [...visible].sort((a, b) => a.id.localeCompare(b.id))) {
    const path = command.id.split(':');
    for (let depth = 1; depth < path.length; depth++) {
      const node = path.slice(0, depth).join(' ');
      addChild(path.slice(0, depth - 1).join(' '), path[depth - 1]!, topicSummary.get(node) ?? '');
    }
    const node = path.join(' ');
    addChild(path.slice(0, -1).join(' '), path.at(-1)!, summaryOf(command.summary ?? command.description));
    for (const [name, flag] of Object.entries(command.flags).sort(([a], [b]) => a.localeCompare(b))) {
      if (flag.hidden || !WORD.test(name)) continue;
      const kind = flag.type === 'option' ? 'option' : 'flag';
      const summary = summaryOf(flag.summary ?? flag.description);
      rows.push(`${kind}|${node}|--${name}|${words(flag.options)}|${summary}`);
      if (flag.char && WORD.test(flag.char))
        rows.push(`${kind}|${node}|-${flag.char}|${words(flag.options)}|${summary}`);
    }
    if (!('help' in command.flags)) rows.push(`flag|${node}|--help||show help for ${node}`);
    Object.values(command.args).forEach((arg, index) => {
      if (arg.options?.length) rows.push(`arg|${node}|${index}|${words(arg.options)}|`);
    });
    const dynamic = DYNAMIC_ARGS[command.id];
    if (dynamic) rows.push(`dynamic|${node}|0|${dynamic}|`);
  }
  rows.push('flag||--help||show help', 'flag||--version||show the version');
  return rows.join('\n');
}
