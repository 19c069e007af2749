# Exports only what changed: exporting rebuilds the environment, the costliest builtin here.
__kctx_guard_export() {
  [[ "$1|$2|$3|$4|$5" == "$__kctx_guard_exported" ]] && \builtin return
  __kctx_guard_exported="$1|$2|$3|$4|$5"
  \builtin unset @LEVEL_VARS@
  \export KCTX_GUARD_LEVEL="$1" KCTX_GUARD_CONTEXT="$2" KCTX_GUARD_CLUSTER="$3" KCTX_GUARD_NAMESPACE="$4"
  case $1 in
    @LEVELS|@) \export "KCTX_GUARD_${1^^}=$5" ;;
    *) \export KCTX_GUARD_UNKNOWN="$5" ;;
  esac
}

# In tmux: tells the status line (tmux-status.sh) which entry this shell shows, in the pane file
# panes/<server pid>-<pane>-<shell pid> (docs/protocol.md, "Panes"). Runs only from the full update
# and writes only when the file or the key changed: never on a steady prompt, never a fork.
__kctx_guard_pane() {
  \builtin local srv=${TMUX-} pane=${TMUX_PANE-} file line start=0
  \builtin local -a f
  srv=${srv#*,}
  srv=${srv%%,*}
  pane=${pane#%}
  [[ -n $__kctx_guard_dir && -n $srv && $srv != *[!0-9]* && -n $pane && $pane != *[!0-9]* ]] || \builtin return
  file=$__kctx_guard_dir/@PANES_DIR!@/$srv-$pane-$$
  [[ "$file|$__kctx_guard_key" != "$__kctx_guard_pane_done" && -d $__kctx_guard_dir/@PANES_DIR!@ ]] || \builtin return
  # The start time (/proc/<pid>/stat field 22, after the command name's last `)`) tells a reused pid apart.
  if (( __kctx_guard_proc )) && IFS= \builtin read -r line 2>/dev/null < "/proc/$$/stat"; then
    # shellcheck disable=SC2206  # the fields after the command name: numbers and a state letter, split on purpose
    f=(${line##*\) })
    start=${f[19]:-0}
  fi
  \builtin printf '%s\n' @PANE_HEADER@ "${SHLVL:-1}" "$start" "$__kctx_guard_name" "$__kctx_guard_key" 2>/dev/null >| "$file" \
    && __kctx_guard_pane_done="$file|$__kctx_guard_key"
}

# Sets __kctx_guard_h to helm's target variables as this shell exports them (helm sees only
# exported ones). The environment comparison holds it, so setting, changing or unsetting one takes
# the full update at the next prompt. Builtins only.
__kctx_guard_helm_env() {
  \builtin local v
  __kctx_guard_h=
  for v in @HELM_VARS@; do
    [[ -n ${!v+set} && ${!v@a} == *x* ]] && __kctx_guard_h+="|$v=${!v}"
  done
}

# Sets __kctx_guard_m to `[helm: context=… ns=… token]` for the helm variables exported non-empty
# (empty when none): values cleaned like entry text and cut, a token's value never shown.
__kctx_guard_helm_marker() {
  \builtin local e v label text=
  for e in @HELM_ENV@; do
    v=${e%%[=/]*}
    label=${e#*[=/]}
    [[ -n ${!v:+set} && ${!v@a} == *x* ]] || continue
    if [[ $e == *=* ]]; then
      __kctx_guard_clean "${!v}"
      (( ${#__kctx_guard_c} > @HELM_VALUE_MAX@ )) && __kctx_guard_c="${__kctx_guard_c:0:@HELM_VALUE_MAX@}…"
      text+=" $label=$__kctx_guard_c"
    else
      text+=" $label"
    fi
  done
  __kctx_guard_m=${text:+[helm:$text]}
}

__kctx_guard_update() {
  \builtin local entry loaded seg now context cluster namespace level refused=
  __kctx_guard_cache_dir
  # A folder refused at prompt time: said on this prompt, in the segment (nothing else is printed here).
  [[ -n $__kctx_guard_notice ]] && refused=" ${__kctx_guard_hl}[cache folder refused: kctx-guard status]${__kctx_guard_reset}"
  __kctx_guard_notice=
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
  __kctx_guard_helm_env
  __kctx_guard_env="${KCTX_GUARD_DIR-}|${XDG_RUNTIME_DIR-}|${XDG_CACHE_HOME-}|${XDG_CONFIG_HOME-}|${HOME-}|${KUBECONFIG-}|${LC_ALL-}|${LC_CTYPE-}|${LANG-}$__kctx_guard_h"
  loaded=2
  if [[ -n $__kctx_guard_dir ]]; then
    __kctx_guard_load "$entry"
    loaded=$?
    # A newer protocol's entry: no fallback can help this shell (its hook is the old one).
    if (( loaded != 0 && loaded != 4 )); then
      __kctx_guard_slow "$entry" "$loaded"
      loaded=$?
    fi
    (( __kctx_guard_alive )) || __kctx_guard_start_daemon
  fi
  # After the load: its fallback (__refresh) makes the cache folder, panes/ included, on a first prompt.
  [[ -n ${TMUX_PANE-} ]] && __kctx_guard_pane
  if (( loaded != 0 )); then
    # No target to show: an entry of a newer protocol (upgraded under this shell), or none to trust.
    \builtin local text=@SYMBOL@' ? unknown: the kctx-guard cache cannot be trusted (run: kctx-guard status)' short=@SYMBOL@' ? unknown'
    (( loaded == 4 )) && text=@SYMBOL@' ✖ kctx-guard was upgraded: open a new shell' && short=$text
    __kctx_guard_ascii "${__kctx_guard_red}${text}${__kctx_guard_reset}${refused}"
    __kctx_guard_full=$__kctx_guard_a
    __kctx_guard_export unknown '' '' '' "$short"
    __kctx_guard_shown=
    __kctx_guard_last=
    \builtin return
  fi
  __kctx_guard_draw
  seg=$__kctx_guard_s
  level=${__kctx_guard_fields[@I_LEVEL@]}
  __kctx_guard_clean "${__kctx_guard_fields[@I_CONTEXT@]}"; context=$__kctx_guard_c
  __kctx_guard_clean "${__kctx_guard_fields[@I_CLUSTER@]}"; cluster=$__kctx_guard_c
  __kctx_guard_clean "${__kctx_guard_fields[@I_NAMESPACE@]}"; namespace=$__kctx_guard_c
  __kctx_guard_helm_marker
  [[ -n $__kctx_guard_m ]] && seg+=" $__kctx_guard_marker$__kctx_guard_m$__kctx_guard_reset"
  (( __kctx_guard_depth > 0 )) && seg="${__kctx_guard_dim}⤷${__kctx_guard_depth}${__kctx_guard_reset} $seg"
  (( __kctx_guard_alive )) || seg+=" ${__kctx_guard_red}[daemon down]${__kctx_guard_reset}"
  seg+=$refused
  now="$context:$namespace@$cluster"
  if [[ -n ${__kctx_guard_last-} && $now != "$__kctx_guard_last" ]]; then
    seg+=" ${__kctx_guard_hl}changed from ${__kctx_guard_last_shown}${__kctx_guard_reset}"
  fi
  # An error names no target to have changed from: the next change says nothing of it.
  if [[ $level == error ]]; then __kctx_guard_last=; else __kctx_guard_last=$now; fi
  # Written like the segment: one name when cluster and context are the same.
  if [[ -z $cluster || $cluster == "$context" ]]; then
    __kctx_guard_last_shown="$context:$namespace"
  else
    __kctx_guard_last_shown="$cluster/$context:$namespace"
  fi
  __kctx_guard_ascii "$seg"
  __kctx_guard_full=$__kctx_guard_a
  # What the next prompt may take without a full update: only a plain, settled state.
  __kctx_guard_shown=
  if (( __kctx_guard_alive )) && [[ $seg != *"${__kctx_guard_hl}"* ]]; then
    IFS=$'\n'
    __kctx_guard_shown="${__kctx_guard_fields[*]}"
    IFS=$' \t\n'
  fi
  __kctx_guard_export "$level" "$context" "$cluster" "$namespace" "$__kctx_guard_p${__kctx_guard_m:+ $__kctx_guard_m}"
}

# True while this shell's entry is still exactly the one the last prompt was drawn from: same
# environment, daemon alive, entry fresh against every freshness path, same content. Builtins
# only. Clears __kctx_guard_shown otherwise, so the next prompt takes the full update. Used by
# the prompt's steady state and by the guard ("did the target change under the prompt?").
__kctx_guard_unchanged() {
  \builtin local p IFS=$'\n'
  \builtin local -a f
  __kctx_guard_helm_env
  if [[ -n $__kctx_guard_shown && "${KCTX_GUARD_DIR-}|${XDG_RUNTIME_DIR-}|${XDG_CACHE_HOME-}|${XDG_CONFIG_HOME-}|${HOME-}|${KUBECONFIG-}|${LC_ALL-}|${LC_CTYPE-}|${LANG-}$__kctx_guard_h" == "$__kctx_guard_env" ]] \
    && { (( ! __kctx_guard_rel )) || [[ $PWD == "$__kctx_guard_pwd" ]]; } \
    && __kctx_guard_daemon_alive; then
    for p in "${__kctx_guard_paths[@]}"; do
      [[ -e $p && $__kctx_guard_entry -nt $p ]] || { __kctx_guard_shown=; \builtin return 1; }
    done
    \builtin mapfile -t -n @ENTRY_LINES@ f 2>/dev/null < "$__kctx_guard_entry" && [[ "${f[*]}" == "$__kctx_guard_shown" ]] && \builtin return 0
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
  # `kctx-guard off` here, or `off --global` (a file in the cache folder): no segment, the rest as ever.
  # shellcheck disable=SC2034  # PS1 reads it
  if [[ -n $__kctx_guard_hidden || ( -n $__kctx_guard_dir && -e $__kctx_guard_dir/@PROMPT_OFF!@ ) ]]; then
    KCTX_GUARD_SEGMENT=
    # starship's env_var modules show the level's variable: hidden too (once: unsetting rebuilds the environment).
    [[ $__kctx_guard_exported == hidden ]] || { \builtin unset @LEVEL_VARS@; __kctx_guard_exported=hidden; }
  else
    [[ $__kctx_guard_exported == hidden ]] && __kctx_guard_update
    KCTX_GUARD_SEGMENT=$__kctx_guard_full
    [[ -n $__kctx_guard_unlock_until ]] && __kctx_guard_unlocked && KCTX_GUARD_SEGMENT+=" $__kctx_guard_u"
  fi
  # KCTX_GUARD_SHOW=on-command (read at every prompt): bash cannot redraw its prompt while a line
  # is typed, so here the mode shows the segment on danger, warn and errors only.
  if [[ ${KCTX_GUARD_SHOW-} == on-command ]]; then
    case ${KCTX_GUARD_LEVEL-} in danger|warn|error|unknown) ;; *) KCTX_GUARD_SEGMENT= ;; esac
  fi
  [[ -n ${__KCTX_GUARD_OUTER+set} && $__KCTX_GUARD_OUTER == "${KUBECONFIG-}" ]] || \export __KCTX_GUARD_OUTER="${KUBECONFIG-}"
  [[ ${KCTX_GUARD_TITLE-} == on ]] && __kctx_guard_title
  [[ ${KCTX_GUARD_TERMINAL_COLOR-} == on || -n ${__kctx_guard_tc-} ]] && __kctx_guard_terminal_colour
  \builtin return "$__kctx_guard_status"
}

# KCTX_GUARD_TITLE=on: the terminal title (OSC 0) says cluster and level, written only when it
# changed. The names are sanitized already; dropping control characters keeps the title inert.
__kctx_guard_title() {
  \builtin local t=@SYMBOL@" ${KCTX_GUARD_CLUSTER:-${KCTX_GUARD_CONTEXT:-?}} [${KCTX_GUARD_LEVEL^^}]"
  t=${t//[[:cntrl:]]/}
  __kctx_guard_ascii "$t"
  t=$__kctx_guard_a
  [[ $t == "${__kctx_guard_title_shown-}" ]] && \builtin return
  __kctx_guard_title_shown=$t
  \builtin printf '\e]0;%s\a' "$t"
}

# KCTX_GUARD_TERMINAL_COLOR=on: on danger the terminal's background turns dark red (OSC 11; in
# iTerm2 the tab too, OSC 6), written only when that changes and only to a terminal; leaving
# danger, turning the option off, and leaving the shell (an EXIT trap, chained with the one set
# before; one set later replaces it) reset it (OSC 111).
__kctx_guard_terminal_colour() {
  \builtin local want='' old
  [[ ${KCTX_GUARD_TERMINAL_COLOR-} == on && ${KCTX_GUARD_LEVEL-} == danger && -t 1 ]] && want=danger
  [[ $want == "${__kctx_guard_tc-}" ]] && \builtin return
  if [[ -n $want ]]; then
    \builtin printf '\e]11;%s\a' @TERMINAL_DANGER_BG@
    [[ ${TERM_PROGRAM-} == iTerm.app ]] && \builtin printf '\e]6;1;bg;red;brightness;200\a\e]6;1;bg;green;brightness;0\a\e]6;1;bg;blue;brightness;0\a'
    __kctx_guard_tc=$want
    if [[ -z ${__kctx_guard_tc_trap-} ]]; then
      # Once per shell, on entering danger (never on a steady prompt): reading the trap forks.
      __kctx_guard_tc_trap=1
      old=$(\builtin trap -p EXIT)
      old=${old#"trap -- "}
      old=${old%" EXIT"}
      \builtin eval "old=${old:-''}"
      # shellcheck disable=SC2064  # the user's trap is fixed now, on purpose
      \builtin trap "__kctx_guard_terminal_reset${old:+; $old}" EXIT
    fi
  else
    __kctx_guard_terminal_reset
  fi
}

__kctx_guard_terminal_reset() {
  [[ -n ${__kctx_guard_tc-} && -t 1 ]] || \builtin return 0
  \builtin printf '\e]111\a'
  [[ ${TERM_PROGRAM-} == iTerm.app ]] && \builtin printf '\e]6;1;bg;*;default\a'
  __kctx_guard_tc=
}

# Runs last, after prompt frameworks that rewrite PS1, and puts the segment back in front; with
# KCTX_GUARD_PROMPT=manual (read at every prompt) it takes it out again.
__kctx_guard_prompt() {
  \builtin local __kctx_guard_status=$?
  # shellcheck disable=SC2016  # the prompt references the variable; it is expanded at display time
  \builtin local prefix='${KCTX_GUARD_SEGMENT:+$KCTX_GUARD_SEGMENT }'
  if [[ ${KCTX_GUARD_PROMPT-} == manual ]]; then
    PS1=${PS1#"$prefix"}
  elif \builtin shopt -q promptvars; then
    [[ $PS1 == "$prefix"* ]] || PS1=$prefix$PS1
  fi
  \builtin return "$__kctx_guard_status"
}

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
  __kctx_guard_dirs=()
  __kctx_guard_pwd=
  __kctx_guard_kc=
  __kctx_guard_home=
  __kctx_guard_cfg=
  __kctx_guard_rel=0
  __kctx_guard_dir=
  __kctx_guard_refused=
  __kctx_guard_private_ok=
  __kctx_guard_proc=0
  # KCTX_GUARD_TEST_PLATFORM=darwin (tests only): take the path of systems without /proc, as on macOS.
  [[ -d /proc/self && ${KCTX_GUARD_TEST_PLATFORM-} != darwin ]] && __kctx_guard_proc=1
  __kctx_guard_exported=
  __kctx_guard_shown=
  __kctx_guard_full=
  __kctx_guard_hidden=
  __kctx_guard_env=
  __kctx_guard_h=
  __kctx_guard_m=
  __kctx_guard_entry=
  __kctx_guard_pane_done=
  \export __KCTX_GUARD_OUTER_DEPTH="$__kctx_guard_depth"
  __kctx_guard_last=
  __kctx_guard_last_shown=
  __kctx_guard_notice=
  # A cache folder this shell cannot trust is said now, while the hook is sourced, not at a prompt.
  __kctx_guard_cache_dir
  [[ -z $__kctx_guard_notice ]] || \builtin printf '%s\n' "$__kctx_guard_notice" >&2
  __kctx_guard_notice=
fi

# Installed once however often this file is sourced.
if [[ -n ${PROMPT_COMMAND+set} && ${PROMPT_COMMAND@a} == *a* ]]; then
  [[ " ${PROMPT_COMMAND[*]} " == *' __kctx_guard_precmd '* ]] || PROMPT_COMMAND=(__kctx_guard_precmd "${PROMPT_COMMAND[@]}" __kctx_guard_prompt)
elif [[ ${PROMPT_COMMAND-} != *__kctx_guard_precmd* ]]; then
  # shellcheck disable=SC2178  # PROMPT_COMMAND is a string in this branch
  PROMPT_COMMAND="__kctx_guard_precmd${PROMPT_COMMAND:+$'\n'${PROMPT_COMMAND%;}}"$'\n'__kctx_guard_prompt
fi
