#!/usr/bin/env bash
# kctx-guard segment for the tmux status line: prints the target of the active pane's shell in its
# level's colour, as tmux style directives, reading the daemon's cache with bash builtins only (it
# never starts node). Add to ~/.tmux.conf (the path `kctx-guard init tmux` prints):
#
#   set -g status-right '#(/path/to/kctx-guard/dist/shell/tmux-status.sh #{pid} #{pane_id}) %H:%M'
#   set -g status-interval 5
#
# tmux fills in its server's pid and the active pane's id. Every hooked shell in tmux publishes the
# entry it shows in a pane file (docs/protocol.md, "Panes"); of the shells of that pane that still
# run, the innermost (highest SHLVL: a nested shell over the one that started it) is shown; on Linux,
# while that shell runs a command started with another KUBECONFIG (an unhooked nested shell), the
# segment says so in the danger colour instead of showing the shell's target. A pane
# with no hooked shell (an ssh session, a plain sh), or a line without the two arguments, shows the
# default kubeconfig's target (KUBECONFIG unset, found through the tmux server's environment),
# marked "[default]". When the entry is missing or stale (docs/protocol.md, "Freshness") it prints
# "⎈ ? unknown": never old data. Data has `#` doubled so tmux cannot read it as a format or style.

# shellcheck source=kctx-guard-entry.bash
source "${BASH_SOURCE[0]%/*}/kctx-guard-entry.bash"

# True while shell $1 runs and (with /proc) is the process that started at $2 (0: not recorded).
__kctx_guard_runs() {
  local line
  local -a f
  if [[ -d /proc/self && ${KCTX_GUARD_TEST_PLATFORM-} != darwin ]]; then
    IFS= read -r line 2>/dev/null < "/proc/$1/stat" || return 1
    [[ $2 == 0 ]] && return 0
    # shellcheck disable=SC2206  # the fields after the command name: numbers and a state letter, split on purpose
    f=(${line##*) })
    [[ ${f[19]-} == "$2" ]]
  else
    kill -0 "$1" 2>/dev/null
  fi
}

# Linux: true when the terminal of shell $1 has a foreground job (a command the shell runs) that was
# started with another KUBECONFIG than the key $2 holds: an unhooked nested shell, `KUBECONFIG=x cmd`.
# Sets __kctx_guard_comm to its command name. A job whose environment cannot be read (another user's)
# is not judged. /proc/<pid>/stat fields after the command name: pgrp f[2], tpgid f[5].
__kctx_guard_foreign_job() {
  local line kv kc='' part
  local -a f
  [[ -d /proc/self && ${KCTX_GUARD_TEST_PLATFORM-} != darwin ]] || return 1
  IFS= read -r line 2>/dev/null < "/proc/$1/stat" || return 1
  # shellcheck disable=SC2206  # the fields after the command name: numbers and a state letter, split on purpose
  f=(${line##*) })
  [[ -n ${f[5]-} && ${f[5]} != "${f[2]-}" && ${f[5]} != -1 ]] || return 1
  # `if`, not `&&`: the loop's status is its body's last, and a failed open must be the only failure.
  { while IFS= read -r -d '' kv; do if [[ $kv == KUBECONFIG=* ]]; then kc=${kv#KUBECONFIG=}; fi; done; } 2>/dev/null < "/proc/${f[5]}/environ" || return 1
  __kctx_guard_encode "$kc"
  part=${2#*@KEY_SEP@}
  part=${part#*@KEY_SEP@}
  part=${part%%@KEY_SEP@*}
  [[ $__kctx_guard_e != "$part" ]] || return 1
  __kctx_guard_comm=job
  IFS= read -r __kctx_guard_comm 2>/dev/null < "/proc/${f[5]}/comm"
  return 0
}

# Sets __kctx_guard_name and __kctx_guard_key from the pane file of the innermost running hooked
# shell of tmux server $1's pane $2 (`%<n>`); false when there is none.
__kctx_guard_pane() {
  local srv=${1-} pane=${2#%} f level=-1
  local -a l
  [[ -n $__kctx_guard_dir && -n $srv && $srv != *[!0-9]* && -n $pane && $pane != *[!0-9]* ]] || return 1
  for f in "$__kctx_guard_dir/"@PANES_DIR@"/$srv-$pane-"*; do
    [[ -f $f && -O $f ]] || continue
    l=()
    __kctx_guard_lines "$f" l || continue
    [[ ${l[0]-} == @PANE_HEADER@ && -n ${l[1]-} && ${l[1]} != *[!0-9]* && -n ${l[2]-} && ${l[2]} != *[!0-9]* ]] || continue
    [[ -n ${l[3]-} && ${l[3]} != */* && ${l[3]} != .* && -n ${l[4]-} ]] || continue
    (( 10#${l[1]} > level )) || continue
    __kctx_guard_runs "${f##*-}" "${l[2]}" || continue
    level=$((10#${l[1]}))
    __kctx_guard_shell=${f##*-}
    __kctx_guard_name=${l[3]}
    __kctx_guard_key=${l[4]}
  done
  (( level >= 0 ))
}

__kctx_guard_tmux_status() {
  local KUBECONFIG='' style='#['@TMUX_UNKNOWN_STYLE@']' seg=@SYMBOL@' ? unknown' s mark='' status
  __kctx_guard_reader_dir
  if [[ -n $__kctx_guard_dir ]] && __kctx_guard_pane "$@"; then
    if __kctx_guard_foreign_job "$__kctx_guard_shell" "$__kctx_guard_key"; then
      s=${__kctx_guard_comm//[[:cntrl:]]/?}
      printf '%s%s ? %s runs with another KUBECONFIG#[default]\n' "$style" @SYMBOL@ "${s//#/##}"
      return
    fi
    __kctx_guard_read_named
    status=$?
  else
    mark='#[dim][default]#[nodim] '
    __kctx_guard_read
    status=$?
  fi
  case $status in
    0)
      seg=$__kctx_guard_p
      for s in @TMUX_STYLES@; do
        [[ ${s%%=*} == "$__kctx_guard_level" ]] && style="#[${s#*=}]"
      done
      ;;
    1) printf '%s%s%s (cache stale)#[default]\n' "$mark" "$style" "$seg"; return ;;
    5) printf '%s%s%s (bash %s compares file times in whole seconds: brew install bash)#[default]\n' "$mark" "$style" "$seg" "${BASH_VERSION%.*}"; return ;;
  esac
  # The entry's names are sanitized already; this keeps a damaged file from reaching tmux raw.
  seg=${seg//[[:cntrl:]]/?}
  printf '%s%s%s#[default]\n' "$mark" "$style" "${seg//#/##}"
}
__kctx_guard_tmux_status "$@"
