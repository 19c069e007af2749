# Sets __kctx_guard_e to $1 encoded as a key part (src/cache/key.ts).
__kctx_guard_encode() {
  __kctx_guard_e=${1//%/@KEY_PCT@}
  __kctx_guard_e=${__kctx_guard_e//\//@KEY_SLASH@}
  __kctx_guard_e=${__kctx_guard_e//$'\n'/@KEY_NEWLINE@}
}

# Sets __kctx_guard_key and __kctx_guard_name for this shell's HOME, XDG_CONFIG_HOME and
# KUBECONFIG (and PWD when an entry is relative), exactly as src/cache/key.ts does.
__kctx_guard_make_key() {
  \builtin local v="${KUBECONFIG-}" k
  __kctx_guard_encode "${HOME-}"; k=$__kctx_guard_e@KEY_SEP@
  __kctx_guard_encode "${XDG_CONFIG_HOME-}"; k+=$__kctx_guard_e@KEY_SEP@
  __kctx_guard_encode "$v"; k+=$__kctx_guard_e
  __kctx_guard_rel=0
  if [[ -n $v && :$v: == *:[!/:]* ]]; then
    __kctx_guard_encode "$PWD"; k+=@KEY_SEP@$__kctx_guard_e
    __kctx_guard_rel=1
  fi
  __kctx_guard_key=$k
  if (( ${#k} <= @SHORT_KEY@ )); then __kctx_guard_name=e$k
  else __kctx_guard_name=l${k:0:@LONG_HEAD@}~${k: -@LONG_TAIL@}~${#k}
  fi
  __kctx_guard_paths=()
  __kctx_guard_paths_line=
}
