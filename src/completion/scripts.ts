/**
 * The bash, zsh and fish completion scripts: fixed code that walks the completion table (see
 * table.ts), with the table embedded as one quoted string. Each shell finds the command the words
 * so far name (`daemon install`), then offers its subcommands, flags, a flag's values or an
 * argument's values. The scripts hold no data but the table, so they stay the same as commands grow.
 */

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

const singleQuoted = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
const fishQuoted = (text: string): string => `'${text.replace(/[\\']/g, (char) => `\\${char}`)}'`;

function bash(bin: string, table: string): string {
  return `# ${bin} completion for bash 4.4+. Load it from ~/.bashrc with: source <(${bin} completion bash)
_kctx_guard() {
  local table cur node='' pending='' word i kind at name values files=0
  local -i positional=0
  local -a candidates=() list=()
  table=${singleQuoted(`\n${table}\n`)}
  cur=\${COMP_WORDS[COMP_CWORD]}
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=\${COMP_WORDS[i]}
    if [[ -n $pending ]]; then
      pending=''
    elif [[ $word == -* ]]; then
      [[ $table == *$'\\n'"option|$node|$word|"* ]] && pending=$word
    elif ((positional == 0)) && [[ $table == *$'\\n'"child|$node|$word|"* ]]; then
      node=\${node:+$node }$word
    else
      positional+=1
    fi
  done
  while IFS='|' read -r kind at name values _; do
    [[ $at == "$node" ]] || continue
    if [[ -n $pending ]]; then
      [[ $kind == option && $name == "$pending" ]] || continue
      if [[ -z $values ]]; then files=1; else read -ra list <<<"$values" && candidates+=("\${list[@]}"); fi
    elif [[ $cur == -* ]]; then
      [[ $kind == flag || $kind == option ]] && candidates+=("$name")
    elif [[ $kind == child ]] && ((positional == 0)); then
      candidates+=("$name")
    elif [[ $kind == arg && $name == "$positional" ]]; then
      read -ra list <<<"$values" && candidates+=("\${list[@]}")
    fi
  done <<<"$table"
  if ((files)); then
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -W "\${candidates[*]}" -- "$cur")
  fi
}
complete -F _kctx_guard ${bin}
`;
}

function zsh(bin: string, table: string): string {
  return `#compdef ${bin}
# ${bin} completion for zsh. Load it from ~/.zshrc (after compinit) with: eval "$(${bin} completion zsh)"
# or save it once: ${bin} completion zsh > "\${fpath[1]}/_${bin}"
_${bin}() {
  emulate -L zsh -o no_aliases
  local table=${singleQuoted(`\n${table}\n`)}
  local cur=\${words[CURRENT]} node='' pending='' word line kind at name values summary
  local -i positional=0 i files=0
  local -a fields names display
  for (( i = 2; i < CURRENT; i++ )); do
    word=\${words[i]}
    if [[ -n $pending ]]; then
      pending=''
    elif [[ $word == -* ]]; then
      [[ $table == *$'\\n'"option|$node|$word|"* ]] && pending=$word
    elif (( positional == 0 )) && [[ $table == *$'\\n'"child|$node|$word|"* ]]; then
      node=\${node:+$node }$word
    else
      (( positional += 1 ))
    fi
  done
  for line in "\${(@f)table}"; do
    fields=("\${(@s:|:)line}")
    kind=\${fields[1]} at=\${fields[2]} name=\${fields[3]} values=\${fields[4]} summary=\${fields[5]}
    [[ -n $kind && $at == "$node" ]] || continue
    if [[ -n $pending ]]; then
      [[ $kind == option && $name == "$pending" ]] || continue
      if [[ -z $values ]]; then files=1; else names+=(\${(s: :)values}); display+=(\${(s: :)values}); fi
    elif [[ $cur == -* ]]; then
      [[ $kind == (flag|option) ]] || continue
      names+=("$name"); display+=("$name\${summary:+  -- $summary}")
    elif [[ $kind == child ]] && (( positional == 0 )); then
      names+=("$name"); display+=("$name\${summary:+  -- $summary}")
    elif [[ $kind == arg && $name == "$positional" ]]; then
      names+=(\${(s: :)values}); display+=(\${(s: :)values})
    fi
  done
  if (( files )); then
    _files
  elif (( \${#names} )); then
    compadd -l -d display -- "\${names[@]}"
  else
    return 1
  fi
}
if [[ \${funcstack[1]-} == _${bin} ]]; then
  _${bin} "$@"
elif (( \${+functions[compdef]} )); then
  compdef _${bin} ${bin}
else
  print -u2 -- '${bin} completion: compdef is missing; put "autoload -Uz compinit && compinit" before this line in ~/.zshrc'
fi
`;
}

function fish(bin: string, table: string): string {
  return `# ${bin} completion for fish. Install it once: ${bin} completion fish > ~/.config/fish/completions/${bin}.fish
function __kctx_guard_complete
    set -l rows (string split \\n -- ${fishQuoted(table)})
    set -l keys (string replace -r '^([^|]*\\|[^|]*\\|[^|]*)\\|.*$' '$1' -- $rows)
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -l node ''
    set -l pending ''
    set -l positional 0
    for word in $tokens[2..-1]
        if test -n "$pending"
            set pending ''
        else if string match -q -- '-*' $word
            contains -- "option|$node|$word" $keys; and set pending $word
        else if test $positional -eq 0; and contains -- "child|$node|$word" $keys
            set node (string trim -- "$node $word")
        else
            set positional (math $positional + 1)
        end
    end
    for row in $rows
        set -l f (string split '|' -- $row)
        test "$f[2]" = "$node"; or continue
        if test -n "$pending"
            test "$f[1]" = option; and test "$f[3]" = "$pending"; or continue
            if test -z "$f[4]"
                __fish_complete_path "$cur"
            else
                string split ' ' -- $f[4]
            end
        else if string match -q -- '-*' "$cur"
            contains -- $f[1] flag option; and printf '%s\\t%s\\n' $f[3] $f[5]
        else if test "$f[1]" = child; and test $positional -eq 0
            printf '%s\\t%s\\n' $f[3] $f[5]
        else if test "$f[1]" = arg; and test "$f[3]" = "$positional"
            string split ' ' -- $f[4]
        end
    end
end
complete -c ${bin} -f -a '(__kctx_guard_complete)'
`;
}

/** The completion script for a shell. `bin` must be a plain command name (letters, digits, `-`, `_`, `.`). */
export function completionScript(shell: CompletionShell, bin: string, table: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(bin)) throw new Error(`cannot write completions for the command name ${JSON.stringify(bin)}: use a name of letters, digits, ".", "-" and "_"`);
  return { bash, zsh, fish }[shell](bin, table);
}
