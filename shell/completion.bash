# @KCTX_GUARD_BIN@ completion for bash 3.2+ (macOS's /bin/bash too). Load it from ~/.bashrc with:
#   eval "$(@KCTX_GUARD_BIN@ completion bash)"
# (not `source <(…)`, which reads nothing in bash 3.2). No mapfile: bash 3.2 lacks it.
_kctx_guard() {
  local table cur node='' pending='' word i kind at name values files=0
  local -i positional=0
  local -a candidates=() list=()
  table=@KCTX_GUARD_TABLE@
  cur=${COMP_WORDS[COMP_CWORD]}
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    if [[ -n $pending ]]; then
      pending=''
    elif [[ $word == -* ]]; then
      [[ $table == *$'\n'"option|$node|$word|"* ]] && pending=$word
    elif ((positional == 0)) && [[ $table == *$'\n'"child|$node|$word|"* ]]; then
      node=${node:+$node }$word
    else
      positional+=1
    fi
  done
  while IFS='|' read -r kind at name values _; do
    [[ $at == "$node" ]] || continue
    if [[ -n $pending ]]; then
      [[ $kind == option && $name == "$pending" ]] || continue
      if [[ -z $values ]]; then files=1; else read -ra list <<<"$values" && candidates+=("${list[@]}"); fi
    elif [[ $cur == -* ]]; then
      [[ $kind == flag || $kind == option ]] && candidates+=("$name")
    elif [[ $kind == child ]] && ((positional == 0)); then
      candidates+=("$name")
    elif [[ $kind == arg && $name == "$positional" ]]; then
      read -ra list <<<"$values" && candidates+=("${list[@]}")
    elif [[ $kind == dynamic && $name == "$positional" ]]; then
      while IFS= read -r word; do candidates+=("$word"); done < <(@KCTX_GUARD_BIN@ __complete "$values" 2>/dev/null)
    fi
  done <<<"$table"
  COMPREPLY=()
  if ((files)); then
    compopt -o filenames 2>/dev/null # compat: compopt is bash 4.0+; bash 3.2 only adds no "/" to folders
    while IFS= read -r word; do COMPREPLY+=("$word"); done < <(compgen -f -- "$cur")
  else
    while IFS= read -r word; do COMPREPLY+=("$word"); done < <(compgen -W "${candidates[*]}" -- "$cur")
  fi
}
complete -F _kctx_guard @KCTX_GUARD_BIN@
