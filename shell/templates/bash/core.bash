# Levels and markers drawn by the shell itself.
__kctx_guard_red=$'\001\e[@DANGER_SGR!@m\002'
__kctx_guard_hl=$'\001\e[1;7m\002'
__kctx_guard_dim=$'\001\e[35m\002'

# True when the folder $1 can be written by nobody but its owner. Its mode needs one `ls` (a fork),
# so the answer is kept per folder: once at start-up, or when the folder changes.
__kctx_guard_private() {
  [[ $1 == "$__kctx_guard_private_ok" ]] && \builtin return 0
  [[ $'\n'$__kctx_guard_refused == *$'\n'"$1"$'\n'* ]] && \builtin return 1
  \builtin local line
  line=$(\command ls -ldn -- "$1" 2>/dev/null) || \builtin return 1
  # drwx------: neither the group's nor the others' w (macOS may append @ or +).
  [[ $line == d????[!w]??[!w]* ]] || \builtin return 1
  __kctx_guard_private_ok=$1
}

# Sets __kctx_guard_dir to the first cache folder in the protocol's order that this shell may trust:
# missing (the daemon creates it private), or a real directory owned by this user that nobody else
# can write. Leaves in __kctx_guard_notice, once, which folders it passed over and why: said on stderr
# when the hook is sourced, as a marker on the next prompt after that. Empty when none is left.
__kctx_guard_cache_dir() {
  \builtin local d why refused=''
  __kctx_guard_candidates
  __kctx_guard_dir=
  for d in "${__kctx_guard_dirs[@]}"; do
    if [[ -L $d ]]; then why='is a symbolic link'
    elif [[ ! -e $d ]]; then __kctx_guard_dir=$d; \builtin break
    elif [[ ! -d $d ]]; then why='is not a directory'
    elif [[ ! -O $d ]]; then why='belongs to another user'
    elif __kctx_guard_private "$d"; then __kctx_guard_dir=$d; \builtin break
    else why='can be written by other users'
    fi
    [[ $'\n'$__kctx_guard_refused == *$'\n'"$d"$'\n'* ]] && \builtin continue
    __kctx_guard_refused+=$d$'\n'
    refused+="${refused:+; }$d $why"
  done
  [[ -z $refused ]] || \builtin printf -v __kctx_guard_notice 'kctx-guard: not trusting the cache folder %s; using %s instead' \
    "$refused" "${__kctx_guard_dir:-no cache (the prompt says unknown)}"
}

# The daemon rewrites its heartbeat file every second: its clock in whole seconds and its pid. It
# counts as alive while that time is at most @HEARTBEAT_STALE_S@ s from this shell's clock, either way,
# and the pid runs: a stopped (SIGSTOP) or hung daemon stops beating, a pid that survived a reboot
# beats nothing, and the pid check sees a killed daemon at once. Builtins only: one `read`, the clock of
# `printf %(%s)T`, and /proc (else `kill -0`).
__kctx_guard_daemon_alive() {
  \builtin local beat pid now
  { IFS=" " \builtin read -r beat pid < "$__kctx_guard_dir/"@HEARTBEAT_FILE@; } 2>/dev/null || \builtin return 1
  [[ -n $beat && $beat != *[!0-9]* && -n $pid && $pid != *[!0-9]* ]] || \builtin return 1
  \builtin printf -v now '%(%s)T' -1
  (( now - beat <= @HEARTBEAT_STALE_S@ && beat - now <= @HEARTBEAT_STALE_S@ )) || \builtin return 1
  # A daemon killed after its parent exited stays a zombie where PID 1 does not reap (containers):
  # /proc/<pid> remains and `kill -0` succeeds, but its cwd link no longer resolves.
  if (( __kctx_guard_proc )); then [[ -e /proc/$pid/cwd ]]; else \builtin kill -0 "$pid" 2>/dev/null; fi
}

__kctx_guard_start_daemon() {
  (( __kctx_guard_started )) && \builtin return
  __kctx_guard_started=1
  ( KCTX_GUARD_DIR=$__kctx_guard_dir "${__kctx_guard_cmd[@]}" daemon start >/dev/null 2>&1 </dev/null & )
}

# Waits for the daemon to write the entry, a few milliseconds at a time, without forking: `read -t`
# on a FIFO in the cache folder that nobody writes to (never the terminal, whose typed-ahead keys
# it would eat). The FIFO is made once per cache folder; the descriptor is open only while waiting.
__kctx_guard_wait_for() {
  \builtin local fifo="$__kctx_guard_dir/"@WAIT_FIFO@ fd i
  [[ -p $fifo ]] || \command mkfifo -m 600 "$fifo" 2>/dev/null
  [[ -p $fifo && -O $fifo ]] || \builtin return 1
  \builtin exec {fd}<>"$fifo" || \builtin return 1
  for (( i = 0; i < @WAIT_STEPS_BASH!@; i++ )); do
    \builtin read -r -t 0.002 -u "$fd" _ 2>/dev/null
    __kctx_guard_load "$1" && \builtin break
  done
  \builtin exec {fd}<&-
  (( i < @WAIT_STEPS_BASH!@ ))
}

# The cache cannot be trusted: register, give the daemon a moment, else compute directly.
__kctx_guard_slow() {
  \builtin local entry="$1" loaded="$2"
  if (( loaded == 2 )) && [[ -d $__kctx_guard_dir/@REG_DIR!@ ]]; then
    \builtin printf '%s\n%s\n' @REGISTER_HEADER@ "$__kctx_guard_key" > "$__kctx_guard_dir/"@REG_DIR@"/$__kctx_guard_name" 2>/dev/null
  fi
  (( __kctx_guard_alive )) && __kctx_guard_wait_for "$entry" && \builtin return 0
  KCTX_GUARD_DIR=$__kctx_guard_dir "${__kctx_guard_cmd[@]}" __refresh "$__kctx_guard_name" "$__kctx_guard_key" 2>/dev/null </dev/null \
    && __kctx_guard_load "$entry"
}

# In a locale that is not UTF-8 the line editor counts each byte as a column, so a non-ASCII
# character misplaces the cursor: there the text is kept ASCII (the symbol becomes "k8s").
# Sets __kctx_guard_a to $1, made ASCII when the locale needs it.
__kctx_guard_ascii() {
  __kctx_guard_a=$1
  case ${LC_ALL:-${LC_CTYPE:-${LANG-}}} in *[Uu][Tt][Ff]-8*|*[Uu][Tt][Ff]8*) \builtin return ;; esac
  __kctx_guard_a=${__kctx_guard_a//⎈/k8s}
  __kctx_guard_a=${__kctx_guard_a//✖/x}
  __kctx_guard_a=${__kctx_guard_a//⤷/^}
  __kctx_guard_a=${__kctx_guard_a//…/...}
  __kctx_guard_a=${__kctx_guard_a//[^[:ascii:]]/?}
}
