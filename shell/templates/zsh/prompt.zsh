# Exports only what changed: exporting is the costliest step of a steady-state prompt.
function __kctx_guard_export() {
  [[ "$1|$2|$3|$4|$5" == "$__kctx_guard_exported" ]] && \builtin return
  __kctx_guard_exported="$1|$2|$3|$4|$5"
  \builtin unset @LEVEL_VARS@
  \builtin export KCTX_GUARD_LEVEL="$1" KCTX_GUARD_CONTEXT="$2" KCTX_GUARD_CLUSTER="$3" KCTX_GUARD_NAMESPACE="$4"
  case $1 in
    (@LEVELS|@) \builtin export "KCTX_GUARD_${(U)1}=$5" ;;
    (*) \builtin export KCTX_GUARD_UNKNOWN="$5" ;;
  esac
}

# Escapes shell-side text (names from the entry's plain lines) for a zsh prompt.
function __kctx_guard_escape() {
  REPLY=${1//\%/%%}
}

# Sets REPLY to $1 without control characters (C0, DEL, C1): entry text is shown as text only.
function __kctx_guard_clean() {
  REPLY=${1//[[:cntrl:]]/}
  case ${LC_ALL:-${LC_CTYPE:-${LANG-}}} in (*[Uu][Tt][Ff]-8*|*[Uu][Tt][Ff]8*) ;;
    # Outside UTF-8, [[:cntrl:]] is bytes 0-31 and 127: C1 characters (UTF-8 C2 80 to C2 9F) go too,
    # without cutting other characters, whose continuation bytes may lie in 80-9F.
    (*) \builtin setopt local_options no_multibyte; REPLY=${REPLY//$'\xc2'[$'\x80'-$'\x9f']/} ;;
  esac
}

# Sets __kctx_guard_s to the segment drawn from an entry's parts (colour, symbol, text, marker,
# note; docs/protocol.md), for a zsh prompt, and __kctx_guard_p to the same as plain text. Entry
# text is data: control characters are dropped, `%` is doubled, and the only colours are the hook's own.
function __kctx_guard_segment() {
  \builtin local sgr=$1 symbol text marker note
  # A colour that is not an SGR token (a forged entry): the danger colour, never its bytes.
  [[ $sgr == *[^0-9\;]* ]] && sgr=@DANGER_SGR@
  __kctx_guard_clean "$2"; symbol=$REPLY
  __kctx_guard_clean "$3"; text=$REPLY
  __kctx_guard_clean "$4"; marker=$REPLY
  __kctx_guard_clean "$5"; note=$REPLY
  __kctx_guard_p="${marker:+$marker }$symbol $text${note:+ $note}"
  __kctx_guard_escape "$symbol $text"
  __kctx_guard_s=$REPLY
  [[ -n $sgr ]] && __kctx_guard_s=$'%{\e['"${sgr}"$'m%}'"$__kctx_guard_s$__kctx_guard_reset"
  __kctx_guard_escape "$marker"
  [[ -n $marker ]] && __kctx_guard_s="$__kctx_guard_marker$REPLY $__kctx_guard_reset$__kctx_guard_s"
  __kctx_guard_escape "$note"
  [[ -n $note ]] && __kctx_guard_s+="$__kctx_guard_note $REPLY$__kctx_guard_reset"
  \builtin return 0
}

# In a locale that is not UTF-8 the line editor counts each byte as a column, so a non-ASCII
# character misplaces the cursor: there the text is kept ASCII (the symbol becomes "k8s").
# Sets __kctx_guard_a to $1, made ASCII when the locale needs it.
function __kctx_guard_ascii() {
  \builtin emulate -L zsh -o no_aliases
  __kctx_guard_a=$1
  case ${LC_ALL:-${LC_CTYPE:-${LANG-}}} in *[Uu][Tt][Ff]-8*|*[Uu][Tt][Ff]8*) \builtin return ;; esac
  __kctx_guard_a=${__kctx_guard_a//⎈/k8s}
  __kctx_guard_a=${__kctx_guard_a//✖/x}
  __kctx_guard_a=${__kctx_guard_a//⤷/^}
  __kctx_guard_a=${__kctx_guard_a//…/...}
  __kctx_guard_a=${__kctx_guard_a//[^[:ascii:]]/?}
}

# In tmux: tells the status line (tmux-status.sh) which entry this shell shows, in the pane file
# panes/<server pid>-<pane>-<shell pid> (docs/protocol.md, "Panes"). Runs only from the full update
# and writes only when the file or the key changed: never on a steady prompt, never a fork.
function __kctx_guard_pane() {
  \builtin local srv=${TMUX-} pane=${TMUX_PANE-} file line start=0
  \builtin local -a f
  srv=${srv#*,}
  srv=${srv%%,*}
  pane=${pane#%}
  [[ -n $__kctx_guard_dir && -n $srv && $srv != *[^0-9]* && -n $pane && $pane != *[^0-9]* ]] || \builtin return
  file=$__kctx_guard_dir/@PANES_DIR!@/$srv-$pane-$$
  [[ "$file|$__kctx_guard_key" != "$__kctx_guard_pane_done" && -d $__kctx_guard_dir/@PANES_DIR!@ ]] || \builtin return
  # The start time (/proc/<pid>/stat field 22, after the command name's last `)`) tells a reused pid apart.
  if (( __kctx_guard_proc )) && { IFS= \builtin read -r line < /proc/$$/stat } 2>/dev/null; then
    f=(${=line##*\) })
    start=${f[20]:-0}
  fi
  { \builtin printf '%s\n' @PANE_HEADER@ "${SHLVL:-1}" "$start" "$__kctx_guard_name" "$__kctx_guard_key" >| $file } 2>/dev/null \
    && __kctx_guard_pane_done="$file|$__kctx_guard_key"
}

# Sets __kctx_guard_h to helm's target variables as this shell exports them (helm sees only
# exported ones). The environment comparison holds it, so setting, changing or unsetting one takes
# the full update at the next prompt. Builtins only.
function __kctx_guard_helm_env() {
  \builtin local v
  __kctx_guard_h=
  for v in @HELM_VARS@; do
    [[ ${(Pt)v} == *-export* ]] && __kctx_guard_h+="|$v=${(P)v}"
  done
}

# Sets __kctx_guard_m to `[helm: context=… ns=… token]` for the helm variables exported non-empty
# (empty when none): values cleaned like entry text and cut, a token's value never shown; for the
# prompt, `%` doubled.
function __kctx_guard_helm_marker() {
  \builtin local e v label text=
  for e in @HELM_ENV@; do
    v=${e%%[=/]*}
    label=${e#*[=/]}
    [[ ${(Pt)v} == *-export* && -n ${(P)v} ]] || continue
    if [[ $e == *=* ]]; then
      __kctx_guard_clean "${(P)v}"
      (( ${#REPLY} > @HELM_VALUE_MAX@ )) && REPLY="${REPLY[1,@HELM_VALUE_MAX@]}…"
      text+=" $label=$REPLY"
    else
      text+=" $label"
    fi
  done
  __kctx_guard_m=${text:+[helm:$text]}
}

function __kctx_guard_update() {
  \builtin local entry loaded seg now context cluster namespace level refused=
  __kctx_guard_cache_dir
  # A folder refused at prompt time: said on this prompt, in the segment (nothing else is printed here).
  [[ -n $__kctx_guard_notice ]] && refused=" ${__kctx_guard_hl}[cache folder refused: kctx-guard status]${__kctx_guard_reset}"
  __kctx_guard_notice=
  if [[ -z $__kctx_guard_name || ${KUBECONFIG-} != "$__kctx_guard_kc" || ${HOME-} != "$__kctx_guard_home" \
    || ${XDG_CONFIG_HOME-} != "$__kctx_guard_cfg" ]] || { (( __kctx_guard_rel )) && [[ $PWD != "$__kctx_guard_pwd" ]] }; then
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
    __kctx_guard_load $entry
    loaded=$?
    # A newer protocol's entry: no fallback can help this shell (its hook is the old one).
    if (( loaded != 0 && loaded != 4 )); then
      __kctx_guard_slow $entry $loaded
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
  __kctx_guard_segment "${__kctx_guard_fields[@I_COLOUR@]}" "${__kctx_guard_fields[@I_SYMBOL@]}" "${__kctx_guard_fields[@I_TEXT@]}" \
    "${__kctx_guard_fields[@I_MARKER@]}" "${__kctx_guard_fields[@I_NOTE@]}"
  seg=$__kctx_guard_s
  level=${__kctx_guard_fields[@I_LEVEL@]}
  __kctx_guard_clean "${__kctx_guard_fields[@I_CONTEXT@]}"; context=$REPLY
  __kctx_guard_clean "${__kctx_guard_fields[@I_CLUSTER@]}"; cluster=$REPLY
  __kctx_guard_clean "${__kctx_guard_fields[@I_NAMESPACE@]}"; namespace=$REPLY
  __kctx_guard_helm_marker
  __kctx_guard_escape "$__kctx_guard_m"
  [[ -n $__kctx_guard_m ]] && seg+=" $__kctx_guard_marker$REPLY$__kctx_guard_reset"
  (( __kctx_guard_depth > 0 )) && seg="${__kctx_guard_dim}⤷${__kctx_guard_depth}${__kctx_guard_reset} $seg"
  (( __kctx_guard_alive )) || seg+=" ${__kctx_guard_red}[daemon down]${__kctx_guard_reset}"
  seg+=$refused
  now="$context:$namespace@$cluster"
  if [[ -n $__kctx_guard_last && $now != "$__kctx_guard_last" ]]; then
    __kctx_guard_escape $__kctx_guard_last_shown
    seg+=" ${__kctx_guard_hl}changed from ${REPLY}${__kctx_guard_reset}"
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
  (( __kctx_guard_alive )) && [[ $seg != *"${__kctx_guard_hl}"* ]] && __kctx_guard_shown=$__kctx_guard_raw
  __kctx_guard_export "$level" "$context" "$cluster" "$namespace" "$__kctx_guard_p${__kctx_guard_m:+ $__kctx_guard_m}"
}

# True while this shell's entry is still exactly the one the last prompt was drawn from: same
# environment, daemon alive, entry fresh against every freshness path, same content. Builtins
# only. Clears __kctx_guard_shown otherwise, so the next prompt takes the full update. Used by
# the prompt's steady state and by the guard ("did the target change under the prompt?").
function __kctx_guard_unchanged() {
  \builtin local p raw
  __kctx_guard_helm_env
  if [[ -n $__kctx_guard_shown && "${KCTX_GUARD_DIR-}|${XDG_RUNTIME_DIR-}|${XDG_CACHE_HOME-}|${XDG_CONFIG_HOME-}|${HOME-}|${KUBECONFIG-}|${LC_ALL-}|${LC_CTYPE-}|${LANG-}$__kctx_guard_h" == "$__kctx_guard_env" ]] \
    && { (( ! __kctx_guard_rel )) || [[ $PWD == "$__kctx_guard_pwd" ]] } \
    && __kctx_guard_daemon_alive; then
    for p in "${__kctx_guard_paths[@]}"; do
      [[ $__kctx_guard_entry -nt $p ]] || { __kctx_guard_shown=; \builtin return 1 }
    done
    # $(<file) is read by zsh itself, without a fork.
    { raw=$(<$__kctx_guard_entry) } 2>/dev/null
    [[ $raw == "$__kctx_guard_shown" ]] && \builtin return 0
  fi
  __kctx_guard_shown=
  \builtin return 1
}

function __kctx_guard_precmd() {
  \builtin local __kctx_guard_status=$? __kctx_guard_bang=0
  [[ -o prompt_bang ]] && __kctx_guard_bang=1
  # Set here, before emulate -L makes options local: the prompt expands ${KCTX_GUARD_SEGMENT} only with it.
  [[ ${KCTX_GUARD_PROMPT-} == manual || -o prompt_subst ]] || \builtin setopt prompt_subst
  \builtin emulate -L zsh -o no_aliases
  \builtin local prefix='${KCTX_GUARD_SEGMENT:+$KCTX_GUARD_SEGMENT }'
  # The steady state (same environment, daemon alive, entry fresh and unchanged since the last
  # prompt) costs one function call and builtins. Anything else takes the full update.
  __kctx_guard_unchanged || __kctx_guard_update
  # `kctx-guard off` here, or `off --global` (a file in the cache folder): no segment, the rest as ever.
  if [[ -n $__kctx_guard_hidden || ( -n $__kctx_guard_dir && -e $__kctx_guard_dir/@PROMPT_OFF!@ ) ]]; then
    KCTX_GUARD_SEGMENT=
    # starship's env_var modules show the level's variable: hidden too (once: unsetting rebuilds the environment).
    [[ $__kctx_guard_exported == hidden ]] || { \builtin unset @LEVEL_VARS@; __kctx_guard_exported=hidden }
  else
    [[ $__kctx_guard_exported == hidden ]] && __kctx_guard_update
    KCTX_GUARD_SEGMENT=$__kctx_guard_full
    [[ -n $__kctx_guard_unlock_until ]] && __kctx_guard_unlocked && KCTX_GUARD_SEGMENT+=" $__kctx_guard_u"
  fi
  # With prompt_bang, a `!` in the prompt is the history number; the data must not say so.
  (( __kctx_guard_bang )) && KCTX_GUARD_SEGMENT=${KCTX_GUARD_SEGMENT//\!/!!}
  # KCTX_GUARD_SHOW=on-command (read at every prompt): below danger and warn, the segment waits
  # for a command line that starts with one of the Kubernetes tools (__kctx_guard_show_widget).
  __kctx_guard_show_seg=
  if [[ ${KCTX_GUARD_SHOW-} == on-command && -n $KCTX_GUARD_SEGMENT ]]; then
    case ${KCTX_GUARD_LEVEL-} in
      (danger|warn|error|unknown) ;;
      (*) __kctx_guard_show_seg=$KCTX_GUARD_SEGMENT; KCTX_GUARD_SEGMENT= ;;
    esac
    (( __kctx_guard_show_hooked )) || __kctx_guard_show_hook
  fi
  [[ -n ${__KCTX_GUARD_OUTER+set} && $__KCTX_GUARD_OUTER == "${KUBECONFIG-}" ]] || \builtin export __KCTX_GUARD_OUTER="${KUBECONFIG-}"
  # KCTX_GUARD_PROMPT=manual (read at every prompt) takes the segment out of PROMPT again.
  if [[ ${KCTX_GUARD_PROMPT-} == manual ]]; then
    PROMPT=${PROMPT#"$prefix"}
  elif [[ $PROMPT != "$prefix"* ]]; then
    PROMPT=$prefix$PROMPT
  fi
  [[ ${KCTX_GUARD_TITLE-} == on ]] && __kctx_guard_title
  [[ ${KCTX_GUARD_TERMINAL_COLOR-} == on || -n $__kctx_guard_tc ]] && __kctx_guard_terminal_colour
  \builtin return $__kctx_guard_status
}

# Installs __kctx_guard_show_widget as a zle-line-pre-redraw hook, once, beside the user's own
# (add-zle-hook-widget keeps every widget already installed for that hook).
function __kctx_guard_show_hook() {
  \builtin emulate -L zsh -o no_aliases
  __kctx_guard_show_hooked=1
  \builtin autoload -Uz add-zle-hook-widget 2>/dev/null && add-zle-hook-widget line-pre-redraw __kctx_guard_show_widget
}

# Runs before zle redraws the line: shows the segment while the line's first word is one of the
# tools (@SHOW_COMMANDS@), hides it otherwise, and redraws the prompt only when that changed.
function __kctx_guard_show_widget() {
  \builtin emulate -L zsh -o no_aliases -o extended_glob
  [[ -n $__kctx_guard_show_seg ]] || \builtin return 0
  \builtin local word=${BUFFER##[[:space:]]#} want=
  word=${word%%[[:space:]]*}
  case $word in (@SHOW_COMMANDS|@) want=$__kctx_guard_show_seg ;; esac
  [[ $want == "$KCTX_GUARD_SEGMENT" ]] && \builtin return 0
  KCTX_GUARD_SEGMENT=$want
  \builtin zle reset-prompt
}

# KCTX_GUARD_TERMINAL_COLOR=on: on danger the terminal's background turns dark red (OSC 11; in
# iTerm2 the tab too, OSC 6), written only when that changes and only to a terminal; leaving
# danger, turning the option off, and leaving the shell reset it (OSC 111).
function __kctx_guard_terminal_colour() {
  \builtin emulate -L zsh -o no_aliases
  \builtin local want=
  [[ ${KCTX_GUARD_TERMINAL_COLOR-} == on && ${KCTX_GUARD_LEVEL-} == danger && -t 1 ]] && want=danger
  [[ $want == "$__kctx_guard_tc" ]] && \builtin return
  if [[ -n $want ]]; then
    \builtin printf '\e]11;%s\a' @TERMINAL_DANGER_BG@
    [[ ${TERM_PROGRAM-} == iTerm.app ]] && \builtin printf '\e]6;1;bg;red;brightness;200\a\e]6;1;bg;green;brightness;0\a\e]6;1;bg;blue;brightness;0\a'
    __kctx_guard_tc=$want
  else
    __kctx_guard_terminal_reset
  fi
}

function __kctx_guard_terminal_reset() {
  [[ -n $__kctx_guard_tc && -t 1 ]] || \builtin return 0
  \builtin printf '\e]111\a'
  [[ ${TERM_PROGRAM-} == iTerm.app ]] && \builtin printf '\e]6;1;bg;*;default\a'
  __kctx_guard_tc=
}

# KCTX_GUARD_TITLE=on: the terminal title (OSC 0) says cluster and level, written only when it
# changed. The names are sanitized already; dropping control characters keeps the title inert.
function __kctx_guard_title() {
  \builtin emulate -L zsh -o no_aliases
  \builtin local t=@SYMBOL@" ${KCTX_GUARD_CLUSTER:-${KCTX_GUARD_CONTEXT:-?}} [${(U)KCTX_GUARD_LEVEL}]"
  t=${t//[[:cntrl:]]/}
  __kctx_guard_ascii "$t"
  t=$__kctx_guard_a
  [[ $t == "${__kctx_guard_title_shown-}" ]] && \builtin return
  \builtin typeset -g __kctx_guard_title_shown=$t
  \builtin printf '\e]0;%s\a' "$t"
}

# Once per shell: how many shells with a KUBECONFIG of their own this one is nested in.
if [[ -z ${__kctx_guard_depth+set} ]]; then
  \builtin typeset -gi __kctx_guard_depth=${__KCTX_GUARD_OUTER_DEPTH:-0}
  if [[ -n ${__KCTX_GUARD_OUTER+set} && ${KUBECONFIG-} != "$__KCTX_GUARD_OUTER" ]]; then
    __kctx_guard_depth+=1
  fi
  \builtin typeset -gi __kctx_guard_started=0 __kctx_guard_alive=0 __kctx_guard_rel=0
  \builtin typeset -g __kctx_guard_home= __kctx_guard_cfg= __kctx_guard_refused= __kctx_guard_private_ok= __kctx_guard_s= __kctx_guard_p=
  \builtin typeset -g __kctx_guard_key= __kctx_guard_name= __kctx_guard_paths_line= __kctx_guard_pwd= __kctx_guard_kc=
  \builtin typeset -g __kctx_guard_full= __kctx_guard_hidden= __kctx_guard_notice=
  \builtin typeset -g __kctx_guard_a= __kctx_guard_last= __kctx_guard_last_shown= __kctx_guard_dir= KCTX_GUARD_SEGMENT=
  \builtin typeset -ga __kctx_guard_paths __kctx_guard_fields
  \builtin typeset -g __kctx_guard_exported= __kctx_guard_shown= __kctx_guard_raw= __kctx_guard_env= __kctx_guard_entry= __kctx_guard_h= __kctx_guard_m=
  \builtin typeset -g __kctx_guard_pane_done= __kctx_guard_show_seg=
  \builtin typeset -gi __kctx_guard_show_hooked=0
  \builtin typeset -g __kctx_guard_tc=
  \builtin typeset -gi __kctx_guard_proc=0
  # KCTX_GUARD_TEST_PLATFORM=darwin (tests only): take the path of systems without /proc, as on macOS.
  [[ -d /proc/self && ${KCTX_GUARD_TEST_PLATFORM-} != darwin ]] && __kctx_guard_proc=1
  # The clock the heartbeat check reads; a builtin module (no fork), loaded by name only once.
  (( ${+EPOCHSECONDS} )) || \builtin zmodload -F zsh/datetime p:EPOCHSECONDS 2>/dev/null
  \builtin export __KCTX_GUARD_OUTER_DEPTH="$__kctx_guard_depth"
fi

# The prompt references ${KCTX_GUARD_SEGMENT}; zsh expands it only with prompt_subst.
[[ ${KCTX_GUARD_PROMPT-} == manual ]] || \builtin setopt prompt_subst
# Run last, after prompt frameworks that rewrite PROMPT; installed once however often this is sourced.
# With zsh's own options: under the user's ksh_arrays, $precmd_functions is its first element only.
() {
  \builtin emulate -L zsh
  \builtin typeset -ga precmd_functions
  precmd_functions=(${precmd_functions:#__kctx_guard_precmd} __kctx_guard_precmd)
  \builtin typeset -ga zshexit_functions
  zshexit_functions=(${zshexit_functions:#__kctx_guard_terminal_reset} __kctx_guard_terminal_reset)
}
# A cache folder this shell cannot trust is said now, while the hook is sourced, not at a prompt.
() {
  \builtin emulate -L zsh -o no_aliases
  __kctx_guard_cache_dir
  [[ -z $__kctx_guard_notice ]] || \builtin print -r -- "$__kctx_guard_notice" >&2
  __kctx_guard_notice=
}
