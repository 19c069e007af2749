# kctx-guard for zsh: what `kctx-guard init zsh` prints. It loads the hook (the quoted word below)
# only in zsh @MIN_MAJOR!@.@MIN_MINOR!@ or newer; an older zsh prints one line on stderr and installs
# nothing. This part must parse and run in any zsh (the hook is only a quoted word to it).
__kctx_guard_init_v=${ZSH_VERSION%%[!0-9.]*}.
__kctx_guard_init_minor=${__kctx_guard_init_v#*.}
if \builtin test "${__kctx_guard_init_v%%.*}" -gt @MIN_MAJOR!@ 2>/dev/null \
  || { \builtin test "${__kctx_guard_init_v%%.*}" -eq @MIN_MAJOR!@ && \builtin test "${__kctx_guard_init_minor%%.*}" -ge @MIN_MINOR!@; } 2>/dev/null; then
  \builtin unset __kctx_guard_init_v __kctx_guard_init_minor
  \builtin eval @HOOK@
else
  \builtin printf '%s%s%s\n' @TOO_OLD_HEAD@ "${__kctx_guard_init_v%.}" @TOO_OLD_TAIL@ >&2
  \builtin unset __kctx_guard_init_v __kctx_guard_init_minor __kctx_guard_cmd
fi
