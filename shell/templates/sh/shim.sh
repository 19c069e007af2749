#!/bin/sh
# kctx-guard's PATH shim for @SHIM_TOOL@ (`kctx-guard shim install`): what scripts, xargs, watch,
# sudo -E, `command @SHIM_TOOL@`, `env @SHIM_TOOL@` and kubectl plugins run when this folder is first
# on PATH. It asks `kctx-guard __guard` before a command line that may change a cluster and then
# execs the real @SHIM_TOOL@: the first one on PATH after this folder, never this script (nor a link
# to it). Read-only command lines (get, describe, logs, helm list, …) start no other process: the
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

# True when the flag value $1 is what a pattern's value $2 asks for, or may be (an integer the
# guard reads in Go's syntax, `0x0`): the guard itself then decides.
__kg_value_is() {
  [ "$1" = "$2" ] && return 0
  case $2 in '' | *[!0-9]*) return 1 ;; esac
  case $1 in '' | *[!0-9]*) return 0 ;; esac
  [ "${#1}" -gt 18 ] && return 0
  __kg_a=$1
  __kg_b=$2
  while case $__kg_a in 0?*) true ;; *) false ;; esac do __kg_a=${__kg_a#0}; done
  while case $__kg_b in 0?*) true ;; *) false ;; esac do __kg_b=${__kg_b#0}; done
  [ "$__kg_a" = "$__kg_b" ]
}

# True when tool:verb ($1) or tool:verb:sub ($2), with the pattern flags in $__kg_seen, matches a
# default destructive pattern.
__kg_destroys() {
  __kg_one=$1
  __kg_two=$2
  set -- @GUARD_DESTRUCTIVE@
  for __kg_p in "$@"; do
    __kg_spec=${__kg_p%% *}
    [ "$__kg_spec" = "$__kg_one" ] || [ "$__kg_spec" = "$__kg_two" ] || continue
    case $__kg_p in *' '*) ;; *) return 0 ;; esac
    __kg_found=1
    for __kg_flag in ${__kg_p#* }; do
      __kg_found=0
      __kg_rest=$__kg_seen
      while [ -n "$__kg_rest" ]; do
        __kg_rest=${__kg_rest#"$__kg_us"}
        __kg_s=${__kg_rest%%"$__kg_us"*}
        __kg_rest=${__kg_rest#"$__kg_s"}
        case $__kg_flag in
          *=*)
            case $__kg_s in
              "${__kg_flag%%=*}="*) __kg_value_is "${__kg_s#*=}" "${__kg_flag#*=}" && __kg_found=1 ;;
            esac ;;
          *)
            if [ "$__kg_s" = "$__kg_flag" ]; then
              __kg_found=1
            else
              case $__kg_s in "$__kg_flag="*) [ "$__kg_s" = "$__kg_flag=false" ] || __kg_found=1 ;; esac
            fi ;;
        esac
      done
      [ "$__kg_found" = 1 ] || break
    done
    [ "$__kg_found" = 1 ] && return 0
  done
  return 1
}

# Succeeds when the command line may change a cluster: destructive patterns, every mutating command
# path, and any flag this table does not know in front of the verb. Unlike the wrappers, the shim
# cannot know what a prompt showed, so every mutating command asks the guard (which runs it at once
# where nothing needs asking).
__kg_needs() {
  __kg_verb=
  __kg_sub=
  __kg_want=
  __kg_seen=
  for __kg_arg in "$@"; do
    if [ -n "$__kg_want" ]; then
      [ "$__kg_want" = - ] || __kg_seen=$__kg_seen$__kg_us$__kg_want=$__kg_arg
      __kg_want=
      continue
    fi
    case $__kg_arg in
      --) break ;;
      --?*=*) __kg_name=${__kg_arg%%=*} ;;
      --?*) __kg_name=$__kg_arg ;;
      -?*)
        __kg_rest=${__kg_arg#-?}
        __kg_name=${__kg_arg%"$__kg_rest"} ;;
      *)
        if [ -z "$__kg_verb" ]; then
          __kg_verb=$__kg_arg
        elif [ -z "$__kg_sub" ]; then
          __kg_sub=$__kg_arg
        fi
        continue ;;
    esac
    case $__kg_tool:$__kg_name in
      @GUARD_PATTERN_FLAGS|@)
        if [ "$__kg_arg" = "$__kg_name" ]; then
          case $__kg_tool:$__kg_name in
            @GUARD_PATTERN_VALUE_FLAGS|@) __kg_want=$__kg_name ;;
            *) __kg_seen=$__kg_seen$__kg_us$__kg_arg ;;
          esac
        else
          __kg_seen=$__kg_seen$__kg_us$__kg_arg
        fi ;;
      @GUARD_VALUE_FLAGS|@) [ "$__kg_arg" = "$__kg_name" ] && __kg_want=- ;;
      @GUARD_KNOWN_FLAGS|@) ;;
      # Unknown, in front of the verb, with its value in the next word or not: the verb is unknown.
      *)
        if [ -z "$__kg_verb" ]; then
          case $__kg_arg in *=*) ;; *) return 0 ;; esac
        fi ;;
    esac
  done
  __kg_destroys "$__kg_tool:$__kg_verb" "$__kg_tool:$__kg_verb:$__kg_sub" && return 0
  case $__kg_tool:$__kg_verb in @GUARD_MUTATING|@) return 0 ;; esac
  case $__kg_tool:$__kg_verb:$__kg_sub in @GUARD_MUTATING_SUBS|@) return 0 ;; esac
  return 1
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
