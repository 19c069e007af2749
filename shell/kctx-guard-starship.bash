# kctx-guard segment for starship's `custom` module, for shells without the kctx-guard hook.
# Runs inside the one bash process starship starts for the module (see shell/starship.toml),
# reads this shell's cache entry with builtins and prints "[level] segment". It never starts
# node: when the entry is missing or stale it registers the KUBECONFIG with the daemon and
# prints "⎈ ? unknown" for this one prompt.

__kg_main() {
  local dir v k d name entry p rest
  local -a f g paths
  if [[ -n ${KCTX_GUARD_DIR-} ]]; then dir=$KCTX_GUARD_DIR
  elif [[ -n ${XDG_RUNTIME_DIR-} ]]; then dir=$XDG_RUNTIME_DIR/kctx-guard
  elif [[ -n ${XDG_CACHE_HOME-} ]]; then dir=$XDG_CACHE_HOME/kctx-guard
  else dir=${HOME-}/.cache/kctx-guard
  fi
  v=${KUBECONFIG-}
  k=${v//%/%25}; k=${k//\//%2F}; k=${k//$'\n'/%0A}
  if [[ -n $v && :$v: == *:[!/:]* ]]; then
    d=${PWD//%/%25}; d=${d//\//%2F}; d=${d//$'\n'/%0A}
    k+="%00$d"
  fi
  if (( ${#k} <= 60 )); then name=e$k; else name=l${k:0:30}~${k: -25}~${#k}; fi
  entry=$dir/$name
  if mapfile -t -n 11 f 2>/dev/null < "$entry" && [[ ${f[0]-} == 'kctx-guard-entry 1' && ${f[1]-} == "$k" && -n ${f[10]+set} ]]; then
    rest=${f[2]}
    while [[ -n $rest ]]; do
      paths+=("${rest%%$'\x1f'*}")
      if [[ $rest == *$'\x1f'* ]]; then rest=${rest#*$'\x1f'}; else rest=; fi
    done
    for p in "${paths[@]}"; do
      [[ $entry -nt $p ]] || { printf '⎈ ? unknown (cache stale)'; return; }
    done
    # Judged fresh after reading: make sure the file read is still the file judged.
    mapfile -t -n 11 g 2>/dev/null < "$entry"
    [[ "${g[*]}" == "${f[*]}" ]] || { printf '⎈ ? unknown (cache changing)'; return; }
    printf '[%s] %s' "${f[3]}" "${f[7]}"
    return
  fi
  [[ -d $dir/reg ]] && printf 'kctx-guard-register 1\n%s\n' "$k" 2>/dev/null > "$dir/reg/$name"
  printf '⎈ ? unknown (no cache entry yet)'
}
__kg_main
