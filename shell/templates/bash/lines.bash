# Reads the first @ENTRY_LINES@ lines of file $1 into the array named $2 with one `mapfile` (the hook
# needs bash 4.4). The standalone scripts use lines32.bash instead: the same contract for bash 3.2.
__kctx_guard_lines() {
  \builtin mapfile -t -n @ENTRY_LINES@ "$2" 2>/dev/null < "$1"
}
