#compdef @KCTX_GUARD_BIN@
# @KCTX_GUARD_BIN@ completion for zsh. Load it from ~/.zshrc (after compinit) with: eval "$(@KCTX_GUARD_BIN@ completion zsh)"
# or save it once: @KCTX_GUARD_BIN@ completion zsh > "${fpath[1]}/_@KCTX_GUARD_BIN@"
_@KCTX_GUARD_BIN@() {
  emulate -L zsh -o no_aliases
  local table=@KCTX_GUARD_TABLE@
  local cur=${words[CURRENT]} node='' pending='' word line kind at name values summary
  local -i positional=0 i files=0
  local -a fields names display
  for (( i = 2; i < CURRENT; i++ )); do
    word=${words[i]}
    if [[ -n $pending ]]; then
      pending=''
    elif [[ $word == -* ]]; then
      [[ $table == *$'\n'"option|$node|$word|"* ]] && pending=$word
    elif (( positional == 0 )) && [[ $table == *$'\n'"child|$node|$word|"* ]]; then
      node=${node:+$node }$word
    else
      (( positional += 1 ))
    fi
  done
  for line in "${(@f)table}"; do
    fields=("${(@s:|:)line}")
    kind=${fields[1]} at=${fields[2]} name=${fields[3]} values=${fields[4]} summary=${fields[5]}
    [[ -n $kind && $at == "$node" ]] || continue
    if [[ -n $pending ]]; then
      [[ $kind == option && $name == "$pending" ]] || continue
      if [[ -z $values ]]; then files=1; else names+=(${(s: :)values}); display+=(${(s: :)values}); fi
    elif [[ $cur == -* ]]; then
      [[ $kind == (flag|option) ]] || continue
      names+=("$name"); display+=("$name${summary:+  -- $summary}")
    elif [[ $kind == child ]] && (( positional == 0 )); then
      names+=("$name"); display+=("$name${summary:+  -- $summary}")
    elif [[ $kind == arg && $name == "$positional" ]]; then
      names+=(${(s: :)values}); display+=(${(s: :)values})
    elif [[ $kind == dynamic && $name == "$positional" ]]; then
      fields=(${(f)"$(@KCTX_GUARD_BIN@ __complete $values 2>/dev/null)"})
      names+=($fields); display+=($fields)
    fi
  done
  if (( files )); then
    _files
  elif (( ${#names} )); then
    compadd -l -d display -- "${names[@]}"
  else
    return 1
  fi
}
if [[ ${funcstack[1]-} == _@KCTX_GUARD_BIN@ ]]; then
  _@KCTX_GUARD_BIN@ "$@"
elif (( ${+functions[compdef]} )); then
  compdef _@KCTX_GUARD_BIN@ @KCTX_GUARD_BIN@
else
  print -u2 -- '@KCTX_GUARD_BIN@ completion: compdef is missing; put "autoload -Uz compinit && compinit" before this line in ~/.zshrc'
fi
