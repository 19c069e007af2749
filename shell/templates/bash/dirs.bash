# Sets __kctx_guard_dirs to the cache folders this environment names, in the protocol's order: for
# each candidate, its first alternative whose variable is set (src/locations.ts).
__kctx_guard_candidates() {
  \builtin local c alt var
  __kctx_guard_dirs=()
  for c in @CACHE_DIRS@; do
    while [[ -n $c ]]; do
      alt=${c%%|*}
      if [[ $c == *'|'* ]]; then c=${c#*|}; else c=; fi
      var=${alt%%/*}
      [[ -n ${!var-} ]] || \builtin continue
      if [[ $alt == */* ]]; then __kctx_guard_dirs+=("${!var}/${alt#*/}"); else __kctx_guard_dirs+=("${!var}"); fi
      \builtin break
    done
  done
}
