\builtin typeset -g __kctx_guard_red=$'%{\e[@DANGER_SGR!@m%}' __kctx_guard_hl=$'%{\e[1;7m%}' __kctx_guard_dim=$'%{\e[35m%}' __kctx_guard_reset=$'%{\e[0m%}'
\builtin typeset -g __kctx_guard_marker=$'%{\e[@MARKER_SGR!@m%}' __kctx_guard_note=$'%{\e[@NOTE_SGR!@m%}'

# True when the folder $1 can be written by nobody but its owner. Its mode needs one `ls` (a fork),
# so the answer is kept per folder: once at start-up, or when the folder changes.
function __kctx_guard_private() {
  [[ $1 == "$__kctx_guard_private_ok" ]] && \builtin return 0
  [[ $'\n'$__kctx_guard_refused == *$'\n'"$1"$'\n'* ]] && \builtin return 1
  \builtin local line
  line=$(\command ls -ldn -- $1 2>/dev/null) || \builtin return 1
  # drwx------: neither the group's nor the others' w (macOS may append @ or +).
  [[ $line == d????[^w]??[^w]* ]] || \builtin return 1
  __kctx_guard_private_ok=$1
}

# Sets __kctx_guard_dir to the first cache folder in the protocol's order that this shell may trust:
# missing (the daemon creates it private), or a real directory owned by this user that nobody else
# can write. Leaves in __kctx_guard_notice, once, which folders it passed over and why: said on stderr
# when the hook is sourced, as a marker on the next prompt after that. Empty when none is left.
function __kctx_guard_cache_dir() {
  \builtin local d why refused='' c alt var
  \builtin local -a dirs
  dirs=()
  # The protocol's order (src/locations.ts): for each candidate, its first alternative whose variable is set.
  for c in @CACHE_DIRS@; do
    for alt in "${(@s:|:)c}"; do
      var=${alt%%/*}
      [[ -n ${(P)var-} ]] || \builtin continue
      if [[ $alt == */* ]]; then dirs+=("${(P)var}/${alt#*/}"); else dirs+=("${(P)var}"); fi
      \builtin break
    done
  done
  __kctx_guard_dir=
  for d in "${dirs[@]}"; do
    if [[ -L $d ]]; then why='is a symbolic link'
    elif [[ ! -e $d ]]; then __kctx_guard_dir=$d; \builtin break
    elif [[ ! -d $d ]]; then why='is not a directory'
    elif [[ ! -O $d ]]; then why='belongs to another user'
    elif __kctx_guard_private $d; then __kctx_guard_dir=$d; \builtin break
    else why='can be written by other users'
    fi
    [[ $'\n'$__kctx_guard_refused == *$'\n'"$d"$'\n'* ]] && \builtin continue
    __kctx_guard_refused+=$d$'\n'
    refused+="${refused:+; }$d $why"
  done
  [[ -z $refused ]] || \builtin printf -v __kctx_guard_notice 'kctx-guard: not trusting the cache folder %s; using %s instead' \
    "$refused" "${__kctx_guard_dir:-no cache (the prompt says unknown)}"
}

# Sets REPLY to $1 encoded as a key part (src/cache/key.ts).
function __kctx_guard_encode() {
  REPLY=${1//\%/@KEY_PCT@}
  REPLY=${REPLY//\//@KEY_SLASH@}
  REPLY=${REPLY//$'\n'/@KEY_NEWLINE@}
}

# Sets __kctx_guard_key and __kctx_guard_name for this shell's HOME, XDG_CONFIG_HOME and
# KUBECONFIG (and PWD when an entry is relative), exactly as src/cache/key.ts does.
function __kctx_guard_make_key() {
  \builtin local v=${KUBECONFIG-} k
  __kctx_guard_encode ${HOME-}; k=$REPLY@KEY_SEP@
  __kctx_guard_encode ${XDG_CONFIG_HOME-}; k+=$REPLY@KEY_SEP@
  __kctx_guard_encode $v; k+=$REPLY
  __kctx_guard_rel=0
  if [[ -n $v && :$v: == *:[^/:]* ]]; then
    __kctx_guard_encode $PWD; k+=@KEY_SEP@$REPLY
    __kctx_guard_rel=1
  fi
  __kctx_guard_key=$k
  if (( ${#k} <= @SHORT_KEY@ )); then __kctx_guard_name=e$k
  else __kctx_guard_name=l${k[1,@LONG_HEAD@]}~${k[-@LONG_TAIL@,-1]}~${#k}
  fi
  __kctx_guard_paths=()
  __kctx_guard_paths_line=
}

function __kctx_guard_fresh() {
  \builtin local p
  for p in "${__kctx_guard_paths[@]}"; do
    [[ $1 -nt $p ]] || \builtin return 1
  done
}

# An entry of a newer protocol: the package was upgraded under this shell, whose hook cannot read
# it. Returns 4 (say so) for a newer version, else 2 (missing: an older daemon's entry is replaced).
function __kctx_guard_newer() {
  \builtin local version=${1#@ENTRY_MAGIC@ }
  [[ $1 == @ENTRY_MAGIC@' '* && -n $version && $version != *[!0-9]* ]] && (( version > @ENTRY_VERSION@ )) && \builtin return 4
  \builtin return 2
}

# Loads a fresh entry into __kctx_guard_fields. Returns 1 when stale, 2 when missing or not ours,
# 4 when it is of a newer protocol.
function __kctx_guard_load() {
  \builtin local entry=$1 again
  [[ -r $entry ]] || \builtin return 2
  # $(<file) is read by zsh itself, without a fork.
  { __kctx_guard_raw=$(<$entry) } 2>/dev/null
  __kctx_guard_fields=("${(@f)__kctx_guard_raw}")
  [[ ${__kctx_guard_fields[@I_MAGIC@]-} == @ENTRY_HEADER@ ]] || { __kctx_guard_newer "${__kctx_guard_fields[@I_MAGIC@]-}"; \builtin return }
  [[ ${__kctx_guard_fields[@I_MAGIC@]-} == @ENTRY_HEADER@ && ${__kctx_guard_fields[@I_KEY@]-} == "$__kctx_guard_key" \
    && ${#__kctx_guard_fields} -ge @I_LAST@ ]] || \builtin return 2
  case ${__kctx_guard_fields[@I_LEVEL@]} in (@LEVELS|@) ;; (*) \builtin return 2 ;; esac
  if [[ ${__kctx_guard_fields[@I_FRESHNESS_PATHS@]} != "$__kctx_guard_paths_line" ]]; then
    __kctx_guard_paths_line=${__kctx_guard_fields[@I_FRESHNESS_PATHS@]}
    __kctx_guard_paths=("${(@ps:\x@PATH_SEP_HEX!@:)__kctx_guard_paths_line}")
    [[ -n $__kctx_guard_paths_line ]] || __kctx_guard_paths=()
  fi
  __kctx_guard_fresh $entry || \builtin return 1
  # Judged fresh after reading: make sure the file read is still the file judged.
  { again=$(<$entry) } 2>/dev/null
  [[ $again == "$__kctx_guard_raw" ]] || \builtin return 1
}

# The daemon rewrites its heartbeat file every second: its clock in whole seconds and its pid. It
# counts as alive while that time is at most @HEARTBEAT_STALE_S@ s from this shell's clock, either way,
# and the pid runs: a stopped (SIGSTOP) or hung daemon stops beating, a pid that survived a reboot
# beats nothing, and the pid check sees a killed daemon at once. Builtins only: one `read`, $EPOCHSECONDS
# (zsh/datetime; else the prompt escape %D{%s}), and /proc (else `kill -0`).
function __kctx_guard_daemon_alive() {
  \builtin local beat pid now
  # zsh reports a failed redirection on the shell's own stderr, whatever 2> says: look first.
  [[ -r $__kctx_guard_dir/@HEARTBEAT_FILE!@ ]] || \builtin return 1
  { IFS=" " \builtin read -r beat pid < $__kctx_guard_dir/@HEARTBEAT_FILE!@ } 2>/dev/null
  [[ -n $beat && $beat != *[^0-9]* && -n $pid && $pid != *[^0-9]* ]] || \builtin return 1
  if (( ${+EPOCHSECONDS} )); then now=$EPOCHSECONDS; else now=${(%):-"%D{%s}"}; fi
  (( now - beat <= @HEARTBEAT_STALE_S@ && beat - now <= @HEARTBEAT_STALE_S@ )) || \builtin return 1
  # A daemon killed after its parent exited stays a zombie where PID 1 does not reap (containers):
  # /proc/<pid> remains and `kill -0` succeeds, but its cwd link no longer resolves.
  if (( __kctx_guard_proc )); then [[ -e /proc/$pid/cwd ]]; else \builtin kill -0 $pid 2>/dev/null; fi
}

function __kctx_guard_start_daemon() {
  (( __kctx_guard_started )) && \builtin return
  __kctx_guard_started=1
  ( KCTX_GUARD_DIR=$__kctx_guard_dir "${__kctx_guard_cmd[@]}" daemon start >/dev/null 2>&1 </dev/null &! )
}

# The cache cannot be trusted: register, give the daemon a moment, else compute directly.
function __kctx_guard_slow() {
  \builtin local entry=$1 loaded=$2 i
  if (( loaded == 2 )) && [[ -d $__kctx_guard_dir/@REG_DIR!@ ]]; then
    { \builtin printf '%s\n%s\n' @REGISTER_HEADER@ "$__kctx_guard_key" > $__kctx_guard_dir/@REG_DIR!@/$__kctx_guard_name } 2>/dev/null
  fi
  # Waits a few milliseconds at a time without forking: zselect -t counts hundredths of a second.
  if (( __kctx_guard_alive )) && \builtin zmodload zsh/zselect 2>/dev/null; then
    for (( i = 0; i < @WAIT_STEPS_ZSH!@; i++ )); do
      \builtin zselect -t 1
      __kctx_guard_load $entry && \builtin return 0
    done
  fi
  KCTX_GUARD_DIR=$__kctx_guard_dir "${__kctx_guard_cmd[@]}" __refresh "$__kctx_guard_name" "$__kctx_guard_key" 2>/dev/null </dev/null \
    && __kctx_guard_load $entry
}

