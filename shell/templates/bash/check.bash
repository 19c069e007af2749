# kctx-guard for bash: what `kctx-guard init bash` prints. It loads the hook (the quoted word below)
# only in bash @MIN_MAJOR!@.@MIN_MINOR!@ or newer; an older bash (macOS's /bin/bash is 3.2) prints one
# line on stderr and installs nothing. This part must parse and run in bash 3.2 (the hook is only a
# quoted word to it), so it uses nothing newer: scripts/lint-shell-compat.mjs checks that.
# BASH_VERSION, not the read-only BASH_VERSINFO: a test can give the check any version.
__kctx_guard_init_v=${BASH_VERSION%%[!0-9.]*}.
__kctx_guard_init_minor=${__kctx_guard_init_v#*.}
if \builtin test "${__kctx_guard_init_v%%.*}" -gt @MIN_MAJOR!@ 2>/dev/null \
  || { \builtin test "${__kctx_guard_init_v%%.*}" -eq @MIN_MAJOR!@ && \builtin test "${__kctx_guard_init_minor%%.*}" -ge @MIN_MINOR!@; } 2>/dev/null; then
  \builtin unset __kctx_guard_init_v __kctx_guard_init_minor
  \builtin eval @HOOK@
else
  \builtin printf '%s%s%s\n' @TOO_OLD_HEAD@ "${__kctx_guard_init_v%%.*}.${__kctx_guard_init_minor%%.*}" @TOO_OLD_TAIL@ >&2
  \builtin unset __kctx_guard_init_v __kctx_guard_init_minor __kctx_guard_cmd
fi
