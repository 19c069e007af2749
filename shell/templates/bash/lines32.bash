# Reads the first @ENTRY_LINES@ lines of file $1 into the array named $2 (empty before the call), as
# lines.bash does, for bash 3.2 (macOS's /bin/bash has no mapfile). Fails when $1 cannot be opened.
# `read` at the end of the file still sets its element (to ''), so that one is removed again.
__kctx_guard_lines() {
  \builtin local __kctx_guard_n=0
  while (( __kctx_guard_n < @ENTRY_LINES@ )) && IFS= \builtin read -r "$2[$__kctx_guard_n]"; do
    __kctx_guard_n=$((__kctx_guard_n + 1))
  done 2>/dev/null < "$1" || \builtin return
  \builtin unset "$2[$__kctx_guard_n]"
}
