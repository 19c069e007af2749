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
    *) "${__kctx_guard_cmd[@]}" "$@" ;;
  esac
}
