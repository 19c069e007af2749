# Reads a kctx-guard cache entry from the standalone bash scripts (the starship module, the tmux
# segment): cache folder, key and entry name as docs/protocol.md defines them, and its freshness
# rule. Builtins only. The prompt hooks carry their own copy: `init` prints a single file.

# Sets __kg_dir to the cache folder.
__kg_cache_dir() {
  if [[ -n ${KCTX_GUARD_DIR-} ]]; then __kg_dir=$KCTX_GUARD_DIR
  elif [[ -n ${XDG_RUNTIME_DIR-} ]]; then __kg_dir=$XDG_RUNTIME_DIR/kctx-guard
  elif [[ -n ${XDG_CACHE_HOME-} ]]; then __kg_dir=$XDG_CACHE_HOME/kctx-guard
  else __kg_dir=${HOME-}/.cache/kctx-guard
  fi
}

# Sets __kg_key and __kg_name for the KUBECONFIG value $1 (and $PWD when an entry is relative).
__kg_entry_name() {
  local v=$1 k d
  k=${v//%/%25}; k=${k//\//%2F}; k=${k//$'\n'/%0A}
  if [[ -n $v && :$v: == *:[!/:]* ]]; then
    d=${PWD//%/%25}; d=${d//\//%2F}; d=${d//$'\n'/%0A}
    k+="%00$d"
  fi
  __kg_key=$k
  if (( ${#k} <= 60 )); then __kg_name=e$k; else __kg_name=l${k:0:30}~${k: -25}~${#k}; fi
}

# Reads the entry file $1 holding key $2 into __kg_fields (its first 11 lines).
# Returns 0 when fresh, 1 when stale, 2 when missing or not this key's, 3 when it changed while read.
__kg_read_entry() {
  local entry=$1 rest p
  local -a paths g
  __kg_fields=()
  mapfile -t -n 11 __kg_fields 2>/dev/null < "$entry" || return 2
  [[ ${__kg_fields[0]-} == 'kctx-guard-entry 1' && ${__kg_fields[1]-} == "$2" && -n ${__kg_fields[10]+set} ]] || return 2
  rest=${__kg_fields[2]}
  while [[ -n $rest ]]; do
    paths+=("${rest%%$'\x1f'*}")
    if [[ $rest == *$'\x1f'* ]]; then rest=${rest#*$'\x1f'}; else rest=; fi
  done
  for p in "${paths[@]}"; do
    [[ -e $p && $entry -nt $p ]] || return 1
  done
  # Judged fresh after reading: make sure the file read is still the file judged.
  mapfile -t -n 11 g 2>/dev/null < "$entry"
  [[ "${g[*]}" == "${__kg_fields[*]}" ]] || return 3
}
