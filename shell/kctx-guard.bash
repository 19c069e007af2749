# kctx-guard prompt integration for bash 4.4+.  Load it from ~/.bashrc with:
#
#   eval "$(kctx-guard init bash)"
#
# API (set before every prompt; safe to use in PS1 as ${VAR}, never paste them unescaped):
#   KCTX_GUARD_SEGMENT    the coloured segment, escaped for bash's PS1 (not exported)
#   KCTX_GUARD_LEVEL      danger | warn | safe | unclassified | error | unknown
#   KCTX_GUARD_CONTEXT    context name, sanitized, plain     (exported)
#   KCTX_GUARD_CLUSTER    cluster name, sanitized, plain     (exported)
#   KCTX_GUARD_NAMESPACE  namespace, sanitized, plain        (exported)
#   KCTX_GUARD_DANGER / _WARN / _SAFE / _UNCLASSIFIED / _ERROR / _UNKNOWN
#                         the plain segment in the variable of the current level only,
#                         for starship's env_var modules (exported)
# Settings (read at every prompt):
#   KCTX_GUARD_PROMPT=manual  leave PS1 alone; put ${KCTX_GUARD_SEGMENT} where you like
#   KCTX_GUARD_TITLE=on       also set the terminal title to "⎈ cluster [LEVEL]" when it changes
#
# The steady-state prompt runs builtins only: one `-nt` test per freshness path, one
# `mapfile` of the cache entry, one `read` of the daemon's pid file and `kill -0`.
# Everything else (registration, waiting for the daemon, the synchronous fallback) happens
# only when the cache cannot be trusted. See docs/protocol.md.
#
# The cache folder is read only when it is a directory of this user's that nobody else can write
# (checked with builtins, and its mode once per folder with one `ls`): a folder another user owns
# or can write (`su` without `-` keeps the first user's XDG_RUNTIME_DIR) is passed over for the
# next one in the protocol's order, with one line on stderr. Entry text is data: control
# characters are dropped from it and the colours are the hook's own.

__kctx_guard_cmd=(@KCTX_GUARD_CMD@)

# Levels and markers drawn by the shell itself.
__kctx_guard_red=$'\001\e[1;31m\002'
__kctx_guard_hl=$'\001\e[1;7m\002'
__kctx_guard_dim=$'\001\e[35m\002'
__kctx_guard_reset=$'\001\e[0m\002'
__kctx_guard_marker=$'\001\e[1;35m\002'
__kctx_guard_note=$'\001\e[33m\002'

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
# can write. Says once on stderr which folders it passed over, and why. Empty when none is left.
__kctx_guard_cache_dir() {
  \builtin local d why refused='' was="$__kctx_guard_dir"
  \builtin local -a dirs
  dirs=()
  [[ -n ${KCTX_GUARD_DIR-} ]] && dirs+=("$KCTX_GUARD_DIR")
  [[ -n ${XDG_RUNTIME_DIR-} ]] && dirs+=("$XDG_RUNTIME_DIR/kctx-guard")
  dirs+=("${XDG_CACHE_HOME:-${HOME-}/.cache}/kctx-guard")
  __kctx_guard_dir=
  for d in "${dirs[@]}"; do
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
  # Another folder has another daemon: the pid remembered is not its.
  [[ $__kctx_guard_dir == "$was" ]] || __kctx_guard_pid=
  [[ -z $refused ]] || \builtin printf 'kctx-guard: not trusting the cache folder %s; using %s instead\n' \
    "$refused" "${__kctx_guard_dir:-no cache (the prompt says unknown)}" >&2
}

# Sets __kctx_guard_key and __kctx_guard_name for this shell's HOME, XDG_CONFIG_HOME and
# KUBECONFIG (and PWD when an entry is relative), exactly as src/cache/key.ts does.
__kctx_guard_make_key() {
  \builtin local v="${KUBECONFIG-}" k h c d
  h=${HOME-}; h=${h//%/%25}; h=${h//\//%2F}; h=${h//$'\n'/%0A}
  c=${XDG_CONFIG_HOME-}; c=${c//%/%25}; c=${c//\//%2F}; c=${c//$'\n'/%0A}
  k=${v//%/%25}; k=${k//\//%2F}; k=${k//$'\n'/%0A}
  k="$h%00$c%00$k"
  __kctx_guard_rel=0
  if [[ -n $v && :$v: == *:[!/:]* ]]; then
    d=${PWD//%/%25}; d=${d//\//%2F}; d=${d//$'\n'/%0A}
    k+="%00$d"
    __kctx_guard_rel=1
  fi
  __kctx_guard_key=$k
  if (( ${#k} <= 60 )); then __kctx_guard_name=e$k
  else __kctx_guard_name=l${k:0:30}~${k: -25}~${#k}
  fi
  __kctx_guard_paths=()
  __kctx_guard_paths_line=
}

__kctx_guard_fresh() {
  \builtin local p
  for p in "${__kctx_guard_paths[@]}"; do
    [[ -e $p && $1 -nt $p ]] || \builtin return 1
  done
}

# Loads a fresh entry into __kctx_guard_fields. Returns 1 when stale (or replaced while read), 2
# when missing or not ours.
__kctx_guard_load() {
  \builtin local entry="$1" rest IFS=$'\n'
  \builtin local -a again
  __kctx_guard_fields=()
  \builtin mapfile -t -n 12 __kctx_guard_fields 2>/dev/null < "$entry" || \builtin return 2
  [[ ${__kctx_guard_fields[0]-} == 'kctx-guard-entry 2' && ${__kctx_guard_fields[1]-} == "$__kctx_guard_key" && -n ${__kctx_guard_fields[11]+set} ]] || \builtin return 2
  case ${__kctx_guard_fields[3]} in danger|warn|safe|unclassified|error) ;; *) \builtin return 2 ;; esac
  if [[ ${__kctx_guard_fields[2]} != "$__kctx_guard_paths_line" ]]; then
    __kctx_guard_paths_line=${__kctx_guard_fields[2]}
    __kctx_guard_paths=()
    rest=$__kctx_guard_paths_line
    while [[ -n $rest ]]; do
      __kctx_guard_paths+=("${rest%%$'\x1f'*}")
      if [[ $rest == *$'\x1f'* ]]; then rest=${rest#*$'\x1f'}; else rest=; fi
    done
  fi
  __kctx_guard_fresh "$entry" || \builtin return 1
  # Judged fresh after reading: make sure the file read is still the file judged.
  \builtin mapfile -t -n 12 again 2>/dev/null < "$entry"
  [[ "${again[*]}" == "${__kctx_guard_fields[*]}" ]]
}

# A daemon killed after its parent exited stays a zombie where PID 1 does not reap (containers,
# some VMs): /proc/<pid> remains and `kill -0` succeeds, but its cwd link no longer resolves.
__kctx_guard_pid_alive() {
  if (( __kctx_guard_proc )); then [[ -e /proc/$1/cwd ]]
  else \builtin kill -0 "$1" 2>/dev/null
  fi
}

# The pid is remembered; the pid file is read again only when that process is gone.
__kctx_guard_daemon_alive() {
  [[ -n $__kctx_guard_pid ]] && __kctx_guard_pid_alive "$__kctx_guard_pid" && \builtin return 0
  __kctx_guard_pid=
  \builtin read -r __kctx_guard_pid 2>/dev/null < "$__kctx_guard_dir/daemon.pid"
  [[ -n $__kctx_guard_pid && $__kctx_guard_pid != *[!0-9]* ]] && __kctx_guard_pid_alive "$__kctx_guard_pid"
}

__kctx_guard_start_daemon() {
  (( __kctx_guard_started )) && \builtin return
  __kctx_guard_started=1
  ( KCTX_GUARD_DIR=$__kctx_guard_dir "${__kctx_guard_cmd[@]}" daemon start >/dev/null 2>&1 </dev/null & )
}

# The cache cannot be trusted: register, give the daemon a moment, else compute directly.
__kctx_guard_slow() {
  \builtin local entry="$1" loaded="$2" i
  if (( loaded == 2 )) && [[ -d $__kctx_guard_dir/reg ]]; then
    \builtin printf 'kctx-guard-register 2\n%s\n' "$__kctx_guard_key" > "$__kctx_guard_dir/reg/$__kctx_guard_name" 2>/dev/null
  fi
  if (( __kctx_guard_alive )); then
    for (( i = 0; i < 80; i++ )); do
      \command sleep 0.002
      __kctx_guard_load "$entry" && \builtin return 0
    done
  fi
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

# Sets __kctx_guard_c to $1 without control characters (C0, DEL, C1): entry text is shown as text only.
__kctx_guard_clean() {
  __kctx_guard_c=${1//[[:cntrl:]]/}
  case ${LC_ALL:-${LC_CTYPE:-${LANG-}}} in *[Uu][Tt][Ff]-8*|*[Uu][Tt][Ff]8*) ;;
    # Outside UTF-8, [[:cntrl:]] is bytes 0-31 and 127: C1 characters (UTF-8 C2 80 to C2 9F) go too,
    # without cutting other characters, whose continuation bytes may lie in 80-9F.
    *) __kctx_guard_c=${__kctx_guard_c//$'\xc2'[$'\x80'-$'\x9f']/} ;;
  esac
}

# Sets __kctx_guard_s to the segment drawn from an entry's parts (colour, symbol, text, marker,
# note; docs/protocol.md), for PS1, and __kctx_guard_p to the same as plain text. Entry text is data:
# control characters are dropped, and the only colours are the hook's own.
__kctx_guard_segment() {
  \builtin local sgr="$1" symbol text marker note
  # A colour that is not an SGR token (a forged entry): the danger colour, never its bytes.
  [[ $sgr == *[!0-9\;]* ]] && sgr='1;31'
  __kctx_guard_clean "$2"; symbol=$__kctx_guard_c
  __kctx_guard_clean "$3"; text=$__kctx_guard_c
  __kctx_guard_clean "$4"; marker=$__kctx_guard_c
  __kctx_guard_clean "$5"; note=$__kctx_guard_c
  # ${VAR} values are not re-read as prompt escapes, so data needs none; readline's \001 \002 mark the colours.
  __kctx_guard_s="$symbol $text"
  [[ -n $sgr ]] && __kctx_guard_s=$'\001\e['"${sgr}"$'m\002'"$__kctx_guard_s$__kctx_guard_reset"
  [[ -n $marker ]] && __kctx_guard_s="$__kctx_guard_marker$marker $__kctx_guard_reset$__kctx_guard_s"
  [[ -n $note ]] && __kctx_guard_s+="$__kctx_guard_note $note$__kctx_guard_reset"
  __kctx_guard_p="${marker:+$marker }$symbol $text${note:+ $note}"
}

# Exports only what changed: exporting rebuilds the environment, the costliest builtin here.
__kctx_guard_export() {
  [[ "$1|$2|$3|$4|$5" == "$__kctx_guard_exported" ]] && \builtin return
  __kctx_guard_exported="$1|$2|$3|$4|$5"
  \builtin unset KCTX_GUARD_DANGER KCTX_GUARD_WARN KCTX_GUARD_SAFE KCTX_GUARD_UNCLASSIFIED KCTX_GUARD_ERROR KCTX_GUARD_UNKNOWN
  \export KCTX_GUARD_LEVEL="$1" KCTX_GUARD_CONTEXT="$2" KCTX_GUARD_CLUSTER="$3" KCTX_GUARD_NAMESPACE="$4"
  case $1 in
    danger) \export KCTX_GUARD_DANGER="$5" ;;
    warn) \export KCTX_GUARD_WARN="$5" ;;
    safe) \export KCTX_GUARD_SAFE="$5" ;;
    unclassified) \export KCTX_GUARD_UNCLASSIFIED="$5" ;;
    error) \export KCTX_GUARD_ERROR="$5" ;;
    *) \export KCTX_GUARD_UNKNOWN="$5" ;;
  esac
}

__kctx_guard_update() {
  \builtin local entry loaded seg now context cluster namespace
  __kctx_guard_cache_dir
  if [[ -z $__kctx_guard_name || ${KUBECONFIG-} != "$__kctx_guard_kc" || ${HOME-} != "$__kctx_guard_home" \
    || ${XDG_CONFIG_HOME-} != "$__kctx_guard_cfg" ]] || { (( __kctx_guard_rel )) && [[ $PWD != "$__kctx_guard_pwd" ]]; }; then
    __kctx_guard_kc=${KUBECONFIG-}
    __kctx_guard_home=${HOME-}
    __kctx_guard_cfg=${XDG_CONFIG_HOME-}
    __kctx_guard_pwd=$PWD
    __kctx_guard_make_key
  fi
  __kctx_guard_alive=0
  if [[ -n $__kctx_guard_dir ]] && __kctx_guard_daemon_alive; then __kctx_guard_alive=1; __kctx_guard_started=0; fi
  entry=$__kctx_guard_dir/$__kctx_guard_name
  __kctx_guard_entry=$entry
  __kctx_guard_env="${KCTX_GUARD_DIR-}|${XDG_RUNTIME_DIR-}|${XDG_CACHE_HOME-}|${XDG_CONFIG_HOME-}|${HOME-}|${KUBECONFIG-}|${LC_ALL-}|${LC_CTYPE-}|${LANG-}"
  loaded=2
  if [[ -n $__kctx_guard_dir ]]; then
    __kctx_guard_load "$entry"
    loaded=$?
    if (( loaded != 0 )); then
      __kctx_guard_slow "$entry" "$loaded"
      loaded=$?
    fi
    (( __kctx_guard_alive )) || __kctx_guard_start_daemon
  fi
  if (( loaded != 0 )); then
    __kctx_guard_ascii "${__kctx_guard_red}⎈ ? unknown: the kctx-guard cache cannot be trusted (run: kctx-guard status)${__kctx_guard_reset}"
    KCTX_GUARD_SEGMENT=$__kctx_guard_a
    __kctx_guard_export unknown '' '' '' '⎈ ? unknown'
    __kctx_guard_shown=
    __kctx_guard_last=
    \builtin return
  fi
  __kctx_guard_segment "${__kctx_guard_fields[@]:4:5}"
  seg=$__kctx_guard_s
  __kctx_guard_clean "${__kctx_guard_fields[9]}"; context=$__kctx_guard_c
  __kctx_guard_clean "${__kctx_guard_fields[10]}"; cluster=$__kctx_guard_c
  __kctx_guard_clean "${__kctx_guard_fields[11]}"; namespace=$__kctx_guard_c
  (( __kctx_guard_depth > 0 )) && seg="${__kctx_guard_dim}⤷${__kctx_guard_depth}${__kctx_guard_reset} $seg"
  (( __kctx_guard_alive )) || seg+=" ${__kctx_guard_red}[daemon down]${__kctx_guard_reset}"
  now="$context:$namespace@$cluster"
  if [[ -n ${__kctx_guard_last-} && $now != "$__kctx_guard_last" ]]; then
    seg+=" ${__kctx_guard_hl}changed from ${__kctx_guard_last_shown}${__kctx_guard_reset}"
  fi
  __kctx_guard_last=$now
  # Written like the segment: one name when cluster and context are the same.
  if [[ -z $cluster || $cluster == "$context" ]]; then
    __kctx_guard_last_shown="$context:$namespace"
  else
    __kctx_guard_last_shown="$cluster/$context:$namespace"
  fi
  __kctx_guard_ascii "$seg"
  KCTX_GUARD_SEGMENT=$__kctx_guard_a
  # What the next prompt may take without a full update: only a plain, settled state.
  __kctx_guard_shown=
  if (( __kctx_guard_alive )) && [[ $seg != *"${__kctx_guard_hl}"* ]]; then
    IFS=$'\n'
    __kctx_guard_shown="${__kctx_guard_fields[*]}"
    IFS=$' \t\n'
  fi
  __kctx_guard_export "${__kctx_guard_fields[3]}" "$context" "$cluster" "$namespace" "$__kctx_guard_p"
}

# True while this shell's entry is still exactly the one the last prompt was drawn from: same
# environment, daemon alive, entry fresh against every freshness path, same content. Builtins
# only. Clears __kctx_guard_shown otherwise, so the next prompt takes the full update. Used by
# the prompt's steady state and by the guard ("did the target change under the prompt?").
__kctx_guard_unchanged() {
  \builtin local p IFS=$'\n'
  \builtin local -a f
  if [[ -n $__kctx_guard_shown && "${KCTX_GUARD_DIR-}|${XDG_RUNTIME_DIR-}|${XDG_CACHE_HOME-}|${XDG_CONFIG_HOME-}|${HOME-}|${KUBECONFIG-}|${LC_ALL-}|${LC_CTYPE-}|${LANG-}" == "$__kctx_guard_env" ]] \
    && { (( ! __kctx_guard_rel )) || [[ $PWD == "$__kctx_guard_pwd" ]]; } \
    && { (( __kctx_guard_proc )) && [[ -e /proc/$__kctx_guard_pid/cwd ]] || { (( ! __kctx_guard_proc )) && \builtin kill -0 "$__kctx_guard_pid" 2>/dev/null; }; }; then
    for p in "${__kctx_guard_paths[@]}"; do
      [[ -e $p && $__kctx_guard_entry -nt $p ]] || { __kctx_guard_shown=; \builtin return 1; }
    done
    \builtin mapfile -t -n 12 f 2>/dev/null < "$__kctx_guard_entry" && [[ "${f[*]}" == "$__kctx_guard_shown" ]] && \builtin return 0
  fi
  __kctx_guard_shown=
  \builtin return 1
}

# Runs first, so every later PROMPT_COMMAND (starship, other prompt tools) sees fresh values.
# The steady state (same environment, daemon alive, entry fresh and unchanged since the last
# prompt) costs one function call and builtins; anything else takes the full update.
__kctx_guard_precmd() {
  \builtin local __kctx_guard_status=$? IFS=$' \t\n'
  __kctx_guard_unchanged || __kctx_guard_update
  [[ -n ${__KCTX_GUARD_OUTER+set} && $__KCTX_GUARD_OUTER == "${KUBECONFIG-}" ]] || \export __KCTX_GUARD_OUTER="${KUBECONFIG-}"
  [[ ${KCTX_GUARD_TITLE-} == on ]] && __kctx_guard_title
  \builtin return "$__kctx_guard_status"
}

# KCTX_GUARD_TITLE=on: the terminal title (OSC 0) says cluster and level, written only when it
# changed. The names are sanitized already; dropping control characters keeps the title inert.
__kctx_guard_title() {
  \builtin local t="⎈ ${KCTX_GUARD_CLUSTER:-${KCTX_GUARD_CONTEXT:-?}} [${KCTX_GUARD_LEVEL^^}]"
  t=${t//[[:cntrl:]]/}
  __kctx_guard_ascii "$t"
  t=$__kctx_guard_a
  [[ $t == "${__kctx_guard_title_shown-}" ]] && \builtin return
  __kctx_guard_title_shown=$t
  \builtin printf '\e]0;%s\a' "$t"
}

# Runs last, after prompt frameworks that rewrite PS1, and puts the segment back in front.
__kctx_guard_prompt() {
  \builtin local __kctx_guard_status=$?
  if [[ ${KCTX_GUARD_PROMPT-} != manual ]] && \builtin shopt -q promptvars; then
    # shellcheck disable=SC2016  # the prompt references the variable; it is expanded at display time
    case $PS1 in
      '${KCTX_GUARD_SEGMENT:+$KCTX_GUARD_SEGMENT }'*) ;;
      *) PS1='${KCTX_GUARD_SEGMENT:+$KCTX_GUARD_SEGMENT }'$PS1 ;;
    esac
  fi
  \builtin return "$__kctx_guard_status"
}

# The guard: `kubectl` and `helm` are functions (so aliases such as k=kubectl reach them too).
# Which command lines need `kctx-guard __guard` is decided here with builtins, so everything
# else (get, describe, logs, exec, helm list, completion requests) starts the real binary with
# no extra process. The guard reads the terminal itself (/dev/tty); it gets no stdin and writes
# to stderr only, so pipes and redirections reach the real binary untouched.
# KCTX_GUARD_GUARD=off (read at every call) runs the real binary directly.

# Succeeds when the command line needs the guard: destructive operations always; other mutating
# ones when the target may differ from what the prompt showed (a target flag, the entry changed
# since the prompt was drawn, or a danger/error/unknown level). A flag it does not know in front
# of the verb makes the command line unreadable here: then it needs the guard.
__kctx_guard_needs() {
  \builtin local tool=$1 a verb='' sub='' want='' target=0 force=0 prune=0 zero=0
  \builtin shift
  for a in "$@"; do
    if [[ -n $want ]]; then
      [[ $want == replicas && -n $a && $a != *[!0]* ]] && zero=1
      want=
      \builtin continue
    fi
    case $tool:$a in
      *:--) \builtin break ;;
      kubectl:--context|kubectl:--kubeconfig|kubectl:--cluster|kubectl:--user|kubectl:-s|kubectl:--server|*:-n|*:--namespace \
        |helm:--kube-context|helm:--kubeconfig|helm:--kube-apiserver)
        target=1; want=value ;;
      kubectl:--context=*|kubectl:--kubeconfig=*|kubectl:--cluster=*|kubectl:--user=*|kubectl:-s?*|kubectl:--server=*|*:-n?*|*:--namespace=* \
        |kubectl:-A|kubectl:--all-namespaces|kubectl:--all-namespaces=*|helm:--kube-context=*|helm:--kubeconfig=*|helm:--kube-apiserver=*)
        target=1 ;;
      kubectl:--token|kubectl:--as|kubectl:--as-group|kubectl:--as-uid|kubectl:--request-timeout|kubectl:-v|kubectl:--v|kubectl:--cache-dir \
        |kubectl:--certificate-authority|kubectl:--client-certificate|kubectl:--client-key|kubectl:--tls-server-name|kubectl:--password \
        |kubectl:--username|kubectl:--profile|kubectl:--profile-output|kubectl:--log-flush-frequency|kubectl:--vmodule|kubectl:-o|kubectl:--output \
        |helm:--kube-token|helm:--kube-as-user|helm:--kube-as-group|helm:--kube-ca-file|helm:--kube-tls-server-name|helm:--registry-config \
        |helm:--repository-config|helm:--repository-cache|helm:--content-cache|helm:--burst-limit|helm:--qps)
        want=value ;;
      kubectl:--replicas) want=replicas ;;
      kubectl:--replicas=*) [[ ${a#*=} != *[!0]* ]] && zero=1 ;;
      kubectl:--force|kubectl:--force=*) [[ $a == --force=false ]] || force=1 ;;
      kubectl:--prune|kubectl:--prune=*) [[ $a == --prune=false ]] || prune=1 ;;
      kubectl:--insecure-skip-tls-verify*|kubectl:--match-server-version*|kubectl:--warnings-as-errors*|kubectl:--disable-compression* \
        |helm:--debug*|helm:--kube-insecure-skip-tls-verify*|*:-h|*:--help|*:-?*=*) ;;
      *:-?*) [[ -n $verb ]] || \builtin return 0 ;;
      *)
        if [[ -z $verb ]]; then verb=$a
        elif [[ -z $sub ]]; then sub=$a
        fi ;;
    esac
  done
  case $tool:$verb in
    kubectl:delete|kubectl:drain|helm:uninstall|helm:delete|helm:del|helm:un|helm:rollback) \builtin return 0 ;;
    kubectl:replace) (( force )) && \builtin return 0 ;;
    kubectl:apply) (( prune )) && \builtin return 0 ;;
    kubectl:scale) (( zero )) && \builtin return 0 ;;
    kubectl:config)
      case $sub in delete-context|delete-cluster|delete-user) \builtin return 0 ;; esac
      \builtin return 1 ;;
    kubectl:create|kubectl:edit|kubectl:patch|kubectl:autoscale|kubectl:annotate|kubectl:label|kubectl:set|kubectl:taint \
      |kubectl:cordon|kubectl:uncordon|kubectl:rollout|kubectl:expose|kubectl:run|helm:install|helm:upgrade) ;;
    *) \builtin return 1 ;;
  esac
  (( target )) && \builtin return 0
  case ${KCTX_GUARD_LEVEL:-unknown} in danger|error|unknown) \builtin return 0 ;; esac
  __kctx_guard_unchanged && \builtin return 1
  \builtin return 0
}

# Runs the real kubectl or helm ($1), after the guard when the command line needs it. Exit 1
# from the guard: it aborted and said why. Any other failure (node missing, a crash): refuse too.
__kctx_guard_run() {
  if [[ ${KCTX_GUARD_GUARD-} != off ]] && __kctx_guard_needs "$@"; then
    "${__kctx_guard_cmd[@]}" __guard "$1" -- "${@:2}" </dev/null >&2
    \builtin set -- "$?" "$@"
    if (( $1 != 0 )); then
      (( $1 == 1 )) || \builtin printf 'kctx-guard: the guard failed (status %s); not running %s. Set KCTX_GUARD_GUARD=off to bypass.\n' "$1" "$2" >&2
      \builtin return 1
    fi
    \builtin shift
  fi
  \command "$@"
}

# The `function` keyword keeps a user's alias of the same name from renaming these at definition.
function kubectl { __kctx_guard_run kubectl "$@"; }
function helm { __kctx_guard_run helm "$@"; }

# Once per shell: how many shells with a KUBECONFIG of their own this one is nested in.
if [[ -z ${__kctx_guard_depth+set} ]]; then
  __kctx_guard_depth=${__KCTX_GUARD_OUTER_DEPTH:-0}
  if [[ -n ${__KCTX_GUARD_OUTER+set} && ${KUBECONFIG-} != "$__KCTX_GUARD_OUTER" ]]; then
    __kctx_guard_depth=$(( __kctx_guard_depth + 1 ))
  fi
  __kctx_guard_started=0
  __kctx_guard_alive=0
  __kctx_guard_key=
  __kctx_guard_name=
  __kctx_guard_paths=()
  __kctx_guard_paths_line=
  __kctx_guard_pwd=
  __kctx_guard_kc=
  __kctx_guard_home=
  __kctx_guard_cfg=
  __kctx_guard_rel=0
  __kctx_guard_dir=
  __kctx_guard_refused=
  __kctx_guard_private_ok=
  __kctx_guard_pid=
  __kctx_guard_proc=0
  [[ -d /proc/self ]] && __kctx_guard_proc=1
  __kctx_guard_exported=
  __kctx_guard_shown=
  __kctx_guard_env=
  __kctx_guard_entry=
  \export __KCTX_GUARD_OUTER_DEPTH="$__kctx_guard_depth"
  __kctx_guard_last=
  __kctx_guard_last_shown=
fi

# Installed once however often this file is sourced.
if [[ -n ${PROMPT_COMMAND+set} && ${PROMPT_COMMAND@a} == *a* ]]; then
  [[ " ${PROMPT_COMMAND[*]} " == *' __kctx_guard_precmd '* ]] || PROMPT_COMMAND=(__kctx_guard_precmd "${PROMPT_COMMAND[@]}" __kctx_guard_prompt)
elif [[ ${PROMPT_COMMAND-} != *__kctx_guard_precmd* ]]; then
  # shellcheck disable=SC2178  # PROMPT_COMMAND is a string in this branch
  PROMPT_COMMAND="__kctx_guard_precmd${PROMPT_COMMAND:+$'\n'${PROMPT_COMMAND%;}}"$'\n'__kctx_guard_prompt
fi
