#!/bin/sh
# kctx-guard's PATH shim for @SHIM_TOOL@ (`kctx-guard shim install`): what scripts, xargs, watch,
# sudo -E, `command @SHIM_TOOL@`, `env @SHIM_TOOL@` and kubectl plugins run when this folder is first
# on PATH. It asks `kctx-guard __guard` before every command line that is not surely read-only and
# then execs the real @SHIM_TOOL@: the first one on PATH after this folder, never this script (nor a
# link to it). Read-only command lines (get, describe, logs, helm list, …) start no other process: the
# tables are the shell wrappers' own (src/shell-tables), rendered into this file.
#
# One command is asked about once. The shell wrappers (and this shim, when it execs a second copy
# of itself) hand the command they already judged a marker, __KCTX_GUARD_ASKED = the judging
# process's pid, then the tool and every argument, joined by 0x1f. It is honoured only for exactly
# that command line, run by that process itself (exec), its child or its grandchild (kubecolor
# running kubectl), and is removed before the real binary runs: a copied or leaked environment
# (a fresh shell, a script, a tool that saved the environment) carries a pid that is not its
# parent's, so it skips nothing. See README, "What the wrappers cannot see".
#
# POSIX sh (dash, macOS's bash 3.2 as sh): no arrays, no `local`, no GNU-only tools. Rendered by
# `kctx-guard shim install` from shell/templates/sh/shim.sh: edit the template, not this file.

# `test -ef` (same file after links) is not in POSIX, but dash, macOS's sh (bash 3.2), busybox and
# the BSD shells all have it, and nothing else tells a link to this script from the real binary.
# shellcheck disable=SC3013
__kg_tool=@SHIM_TOOL@
__kg_dir=@SHIM_DIR@
__kg_guard=@SHIM_GUARD@
__kg_us=@SHIM_US@

# Succeeds when the command line needs the guard, fails when it is surely read-only: the wrappers'
# __kctx_guard_needs (guard.bash) in POSIX sh, from the same tables (readOnlyCommand() in
# src/guard/read-only.ts). Unlike the wrappers, the shim cannot know what a prompt showed, and it
# needs to: the guard decides everything that is not read-only (and runs at once what nothing asks).
__kg_needs() {
  __kg_verb=
  __kg_sub=
  __kg_want=0
  __kg_trusted=1
  __kg_help=0
  for __kg_arg in "$@"; do
    if [ "$__kg_want" = 1 ]; then
      __kg_want=0
      continue
    fi
    case $__kg_arg in
      --)
        [ -n "$__kg_verb" ] || return 0
        break ;;
      @GUARD_HELP_FLAGS|@)
        [ "$__kg_trusted" = 1 ] && __kg_help=1
        __kg_trusted=1
        continue ;;
      --?*=*) __kg_name=${__kg_arg%%=*} ;;
      --?*) __kg_name=$__kg_arg ;;
      -?*)
        __kg_rest=${__kg_arg#-?}
        __kg_name=${__kg_arg%"$__kg_rest"} ;;
      *)
        __kg_trusted=1
        if [ -z "$__kg_verb" ]; then
          __kg_verb=$__kg_arg
          case $__kg_tool:$__kg_verb in @GUARD_READ_ONLY|@) return 1 ;; esac
        elif [ -z "$__kg_sub" ]; then
          __kg_sub=$__kg_arg
          case $__kg_tool:$__kg_verb:$__kg_sub in @GUARD_READ_ONLY_FORMS|@) return 1 ;; esac
        fi
        continue ;;
    esac
    case $__kg_tool:$__kg_name in
      @GUARD_VALUE_FLAGS|@) [ "$__kg_arg" = "$__kg_name" ] && __kg_want=1 ;;
      @GUARD_KNOWN_FLAGS|@) ;;
      *)
        if [ "$__kg_arg" = "$__kg_name" ]; then
          [ -n "$__kg_verb" ] || return 0
          if [ -z "$__kg_sub" ]; then
            case $__kg_tool:$__kg_verb in @GUARD_READ_ONLY_PARENTS|@) return 0 ;; esac
          fi
          __kg_trusted=0
          continue
        fi ;;
    esac
    __kg_trusted=1
  done
  [ "$__kg_help" = 1 ] && return 1
  [ -z "$__kg_verb" ] && return 1
  if [ -z "$__kg_sub" ]; then
    case $__kg_tool:$__kg_verb in @GUARD_READ_ONLY_ALONE|@) return 1 ;; esac
  fi
  return 0
}

# The parent of process $1 (/proc where there is one; else one `ps`, reached only for a marker
# that matched this command line but neither this process nor its parent).
__kg_parent_of() {
  __kg_ppid=
  if [ -r "/proc/$1/stat" ]; then
    IFS= read -r __kg_stat <"/proc/$1/stat" || return 1
    __kg_stat=${__kg_stat##*") "}
    __kg_stat=${__kg_stat#* }
    __kg_ppid=${__kg_stat%% *}
  else
    __kg_ppid=$(ps -o ppid= -p "$1" 2>/dev/null) || return 1
    __kg_ppid=${__kg_ppid##* }
  fi
  [ -n "$__kg_ppid" ]
}

# This command line as the marker spells it: the tool, then each argument, 0x1f before each.
__kg_line=$__kg_tool
for __kg_arg in "$@"; do __kg_line=$__kg_line$__kg_us$__kg_arg; done

__kg_asked=
__kg_hops=0
case ${__KCTX_GUARD_ASKED-} in
  *"$__kg_us"*)
    if [ "${__KCTX_GUARD_ASKED#*"$__kg_us"}" = "$__kg_line" ]; then
      __kg_by=${__KCTX_GUARD_ASKED%%"$__kg_us"*}
      if [ "$__kg_by" = "$$" ]; then
        # Another copy of the shim exec'd this one in its place.
        __kg_asked=1
        __kg_hops=${__KCTX_GUARD_SHIM_HOPS:-0}
      elif [ "$__kg_by" = "$PPID" ]; then
        __kg_asked=1
      elif __kg_parent_of "$PPID" && [ "$__kg_by" = "$__kg_ppid" ]; then
        __kg_asked=1
      fi
    fi ;;
esac
unset __KCTX_GUARD_ASKED __KCTX_GUARD_SHIM_HOPS

# The real binary: the first executable named like this one on PATH after this folder (anywhere on
# PATH when the folder is not on it), never this script or a link to it. An empty PATH entry is the
# current folder.
__kg_real=
__kg_after=1
__kg_rest=$PATH:
while [ -n "$__kg_rest" ]; do
  __kg_d=${__kg_rest%%:*}
  __kg_rest=${__kg_rest#*:}
  [ -d "${__kg_d:-.}" ] && [ "${__kg_d:-.}" -ef "$__kg_dir" ] && __kg_after=0 && break
done
__kg_rest=$PATH:
while [ -n "$__kg_rest" ]; do
  __kg_d=${__kg_rest%%:*}
  __kg_rest=${__kg_rest#*:}
  __kg_d=${__kg_d:-.}
  if [ "$__kg_after" = 0 ]; then
    [ -d "$__kg_d" ] && [ "$__kg_d" -ef "$__kg_dir" ] && __kg_after=1
    continue
  fi
  __kg_c=$__kg_d/$__kg_tool
  if [ ! -f "$__kg_c" ] || [ ! -x "$__kg_c" ] || [ "$__kg_c" -ef "$__kg_dir/$__kg_tool" ]; then
    continue
  fi
  __kg_real=$__kg_c
  break
done
if [ -z "$__kg_real" ]; then
  printf 'kctx-guard shim: no %s on PATH after %s (PATH=%s)\n' "$__kg_tool" "$__kg_dir" "$PATH" >&2
  exit 127
fi

# Copies of the shim in several folders hand over to one another: each starts its search after
# its own folder, so the chain is finite; this bounds it anyway.
case $__kg_hops in '' | *[!0-9]*) __kg_hops=0 ;; esac
if [ "$__kg_hops" -ge 8 ]; then
  printf 'kctx-guard shim: %s leads back to a kctx-guard shim 8 times; not running it (PATH=%s)\n' "$__kg_tool" "$PATH" >&2
  exit 126
fi

if [ -z "$__kg_asked" ] && [ "${KCTX_GUARD_GUARD-}" != off ] && __kg_needs "$@"; then
  # The shell wrappers name their shell for a timed unlock; a script never does.
  unset __KCTX_GUARD_SHELL
  "$__kg_guard" __guard "$__kg_tool" -- "$@" </dev/null >&2
  __kg_status=$?
  if [ "$__kg_status" -ne 0 ]; then
    [ "$__kg_status" -eq 1 ] \
      || printf 'kctx-guard: the guard failed (status %s); not running %s. Set KCTX_GUARD_GUARD=off to bypass.\n' "$__kg_status" "$__kg_tool" >&2
    exit 1
  fi
fi

__KCTX_GUARD_ASKED=$$$__kg_us$__kg_line
__KCTX_GUARD_SHIM_HOPS=$((__kg_hops + 1))
export __KCTX_GUARD_ASKED __KCTX_GUARD_SHIM_HOPS
exec "$__kg_real" "$@"
