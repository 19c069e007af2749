# `kctx-guard` in this shell. `off` / `on` hide or show the segment in this shell, `off --global` /
# `on --global` in every shell of this user (a file in the cache folder, tested at every prompt);
# the guard stays on either way. Everything else goes to the program.
function kctx-guard {
  case $#:${1-}:${2-} in
    1:off:) __kctx_guard_hidden=1 ;;
    1:on:)
      __kctx_guard_hidden=
      [[ -n $__kctx_guard_dir && -e $__kctx_guard_dir/@PROMPT_OFF!@ ]] \
        && \builtin printf 'kctx-guard: the segment stays hidden in every shell until: kctx-guard on --global\n' >&2 ;;
    2:off:--global)
      __kctx_guard_cache_dir
      if [[ -z $__kctx_guard_dir || ! -d $__kctx_guard_dir ]]; then
        \builtin printf 'kctx-guard: no cache folder yet to keep that in (is the daemon running? kctx-guard status)\n' >&2
        \builtin return 1
      fi
      : >| "$__kctx_guard_dir/"@PROMPT_OFF@ ;;
    2:on:--global)
      __kctx_guard_hidden=
      __kctx_guard_cache_dir
      [[ -n $__kctx_guard_dir && -e $__kctx_guard_dir/@PROMPT_OFF!@ ]] && \command rm -f -- "$__kctx_guard_dir/"@PROMPT_OFF@
      \builtin return 0 ;;
    *:unlock:* | 1:lock:) __kctx_guard_unlock "$@" ;;
    *:use:* | *:ns:*) __kctx_guard_overlay "$@" ;;
    *) "${__kctx_guard_cmd[@]}" "$@" ;;
  esac
}

# `kctx-guard unlock <cluster> <duration>` / `kctx-guard lock`: a timed unlock of this shell. The
# program asks, writes the unlock (the guard's only source: src/guard/unlock.ts) and prints
# `<expiry>\t<name>\t<file>`; the shell keeps them only to draw the prompt marker.
__kctx_guard_unlock() {
  \builtin local out status
  out=$(__KCTX_GUARD_SHELL=$$ "${__kctx_guard_cmd[@]}" "$@")
  status=$?
  __kctx_guard_unlock_until=''
  __kctx_guard_unlock_name=''
  __kctx_guard_unlock_file=''
  if [[ $1 == unlock && $status == 0 && $out == *$'\t'*$'\t'* ]]; then
    __kctx_guard_unlock_until=${out%%$'\t'*}
    out=${out#*$'\t'}
    __kctx_guard_unlock_name=${out%%$'\t'*}
    __kctx_guard_unlock_file=${out#*$'\t'}
  fi
  \builtin return "$status"
}

# At the prompt, builtins only: sets __kctx_guard_u to `[unlocked <name> <time left>]` while this
# shell's unlock is in force (its file still there, its time not up), else forgets it and fails.
__kctx_guard_unlocked() {
  \builtin local now left
  \builtin printf -v now '%(%s)T' -1
  left=$(( ${__kctx_guard_unlock_until:-0} - now ))
  if (( left <= 0 )) || [[ ! -e $__kctx_guard_unlock_file ]]; then
    __kctx_guard_unlock_until=
    \builtin return 1
  fi
  if (( left >= 60 )); then left="$(( (left + 59) / 60 ))m"; else left="${left}s"; fi
  __kctx_guard_u="${__kctx_guard_red}[unlocked ${__kctx_guard_unlock_name} ${left}]${__kctx_guard_reset}"
}

: "${__kctx_guard_unlock_until=}" "${__kctx_guard_unlock_name=}" "${__kctx_guard_unlock_file=}"

# `use` and `ns` pin this shell alone: the program writes a private overlay (src/overlay) and replies
# with this shell's new KUBECONFIG (src/overlay/reply.ts), which only this shell exports.
function __kctx_guard_overlay {
  \builtin local reply kc previous var=__kctx_guard_previous_context
  \builtin local -a more
  more=()
  [[ $1 == ns ]] && var=__kctx_guard_previous_namespace
  [[ -n ${!var-} ]] && more=(--previous "${!var}")
  reply=$("${__kctx_guard_cmd[@]}" "$@" --shell-pid "$$" "${more[@]}") || \builtin return
  if [[ $reply != @OVERLAY_REPLY@$'\n'*$'\n'*$'\n'end ]]; then
    [[ -z $reply ]] || \builtin printf '%s\n' "$reply"
    \builtin return 0
  fi
  reply=${reply#*$'\n'}
  kc=${reply%%$'\n'*}
  reply=${reply#*$'\n'}
  previous=${reply%%$'\n'*}
  [[ -n $previous ]] && \builtin printf -v "$var" '%s' "$previous"
  if [[ -n $kc ]]; then \builtin export KUBECONFIG="$kc"; else \builtin unset KUBECONFIG; fi
}
