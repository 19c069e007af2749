# The guard: `kubectl` and `helm` are functions (so aliases such as k=kubectl reach them too).
# Which command lines need `kctx-guard __guard` is decided here with builtins, so everything
# else (get, describe, logs, helm list, completion requests) starts the real binary with no
# extra process. The guard reads the terminal itself (/dev/tty); it gets no stdin and writes
# to stderr only, so pipes and redirections reach the real binary untouched.
# KCTX_GUARD_GUARD=off (read at every call) runs the real binary directly.
# The tables are the guard's own (src/guard, via src/shell-tables): flags, the command paths that
# may change a cluster, the default destructive patterns.

__kctx_guard_destructive=(@GUARD_DESTRUCTIVE@)

# True when the flag value $1 is what a pattern's value $2 asks for, or may be (an integer the
# guard reads in Go's syntax, `0x0`): the guard itself then decides.
__kctx_guard_value_is() {
  [[ $1 == "$2" ]] && \builtin return 0
  [[ -n $2 && $2 != *[!0-9]* ]] || \builtin return 1
  [[ -n $1 && $1 != *[!0-9]* ]] || \builtin return 0
  (( ${#1} > 18 || 10#$1 == 10#$2 ))
}

# True when the command line ($tool:$verb, $tool:$verb:$sub, the pattern flags in __kctx_guard_seen)
# matches a default destructive pattern.
__kctx_guard_destroys() {
  \builtin local p spec flag seen found
  for p in "${__kctx_guard_destructive[@]}"; do
    spec=${p%% *}
    [[ $spec == "$1" || $spec == "$2" ]] || \builtin continue
    found=1
    [[ $p == *' '* ]] || \builtin return 0
    for flag in ${p#* }; do
      found=0
      for seen in "${__kctx_guard_seen[@]}"; do
        if [[ $flag == *=* ]]; then
          [[ $seen == "${flag%%=*}="* ]] && __kctx_guard_value_is "${seen#*=}" "${flag#*=}" && found=1
        else
          [[ $seen == "$flag" || ( $seen == "$flag="* && $seen != "$flag=false" ) ]] && found=1
        fi
      done
      (( found )) || \builtin break
    done
    (( found )) && \builtin return 0
  done
  \builtin return 1
}

# Succeeds when the command line needs the guard: destructive operations always; other mutating
# ones when the target may differ from what the prompt showed (a target flag, the entry changed
# since the prompt was drawn, or a level where the guard asks). A flag it does not know in front
# of the verb makes the command line unreadable here: then it needs the guard.
__kctx_guard_needs() {
  \builtin local tool=$1 a name verb='' sub='' want='' target=0
  __kctx_guard_seen=()
  \builtin shift
  for a in "$@"; do
    if [[ -n $want ]]; then
      [[ $want == - ]] || __kctx_guard_seen+=("$want=$a")
      want=
      \builtin continue
    fi
    case $a in
      --) \builtin break ;;
      --?*=*) name=${a%%=*} ;;
      --?*) name=$a ;;
      -?*) name=${a:0:2} ;;
      *)
        if [[ -z $verb ]]; then verb=$a
        elif [[ -z $sub ]]; then sub=$a
        fi
        \builtin continue ;;
    esac
    case $tool:$name in @GUARD_TARGET_FLAGS|@) target=1 ;; esac
    case $tool:$name in
      @GUARD_PATTERN_FLAGS|@)
        if [[ $a == "$name" ]]; then
          case $tool:$name in @GUARD_PATTERN_VALUE_FLAGS|@) want=$name ;; *) __kctx_guard_seen+=("$a") ;; esac
        else
          __kctx_guard_seen+=("$a")
        fi ;;
      @GUARD_VALUE_FLAGS|@) [[ $a == "$name" ]] && want=- ;;
      @GUARD_KNOWN_FLAGS|@) ;;
      # Unknown, in front of the verb, with its value in the next word or not: the verb is unknown.
      *) [[ -n $verb || $a == *=* ]] || \builtin return 0 ;;
    esac
  done
  __kctx_guard_destroys "$tool:$verb" "$tool:$verb:$sub" && \builtin return 0
  case $tool:$verb in
    @GUARD_MUTATING|@) ;;
    *)
      case $tool:$verb:$sub in
        @GUARD_MUTATING_SUBS|@) ;;
        *) \builtin return 1 ;;
      esac ;;
  esac
  (( target )) && \builtin return 0
  case ${KCTX_GUARD_LEVEL-} in @GUARD_ASK_LEVELS|@) \builtin return 0 ;; esac
  __kctx_guard_unchanged && \builtin return 1
  \builtin return 0
}

# Runs the real kubectl, helm or kubecolor ($1), after the guard when the command line needs it.
# kubecolor is kubectl to the guard, without kubecolor's own flags (what it passes on to kubectl).
# Exit 1 from the guard: it aborted and said why. Any other failure (node missing, a crash): refuse
# too. The command gets __KCTX_GUARD_ASKED (this process's pid, the tool, the arguments): the PATH
# shim, when it is what runs, does not ask again about exactly this command line (shim.sh says
# when it believes the marker). The guard gets this shell's pid, for a timed unlock of this shell.
__kctx_guard_run() {
  \builtin local __kctx_guard_bin=$1 __kctx_guard_tool=$1 __kctx_guard_a __kctx_guard_line
  \builtin local -a __kctx_guard_args
  \builtin shift
  __kctx_guard_args=()
  if [[ $__kctx_guard_bin == kubecolor ]]; then
    __kctx_guard_tool=kubectl
    for __kctx_guard_a in "$@"; do
      case $__kctx_guard_a in @KUBECOLOR_FLAGS|@) ;; *) __kctx_guard_args+=("$__kctx_guard_a") ;; esac
    done
  else
    __kctx_guard_args=("$@")
  fi
  if [[ ${KCTX_GUARD_GUARD-} != off ]] && __kctx_guard_needs "$__kctx_guard_tool" "${__kctx_guard_args[@]}"; then
    __KCTX_GUARD_SHELL=$$ "${__kctx_guard_cmd[@]}" __guard "$__kctx_guard_tool" -- "${__kctx_guard_args[@]}" </dev/null >&2
    __kctx_guard_a=$?
    if (( __kctx_guard_a != 0 )); then
      (( __kctx_guard_a == 1 )) || \builtin printf 'kctx-guard: the guard failed (status %s); not running %s. Set KCTX_GUARD_GUARD=off to bypass.\n' "$__kctx_guard_a" "$__kctx_guard_bin" >&2
      \builtin return 1
    fi
  fi
  __kctx_guard_line=$__kctx_guard_tool
  for __kctx_guard_a in "${__kctx_guard_args[@]}"; do __kctx_guard_line+=$'\x1f'$__kctx_guard_a; done
  __KCTX_GUARD_ASKED=$BASHPID$'\x1f'$__kctx_guard_line \command "$__kctx_guard_bin" "$@"
}

# A marker inherited from whatever started this shell is not this shell's to honour.
\builtin unset __KCTX_GUARD_ASKED __KCTX_GUARD_SHIM_HOPS __KCTX_GUARD_SHELL

# The `function` keyword keeps a user's alias of the same name from renaming these at definition.
# kubecolor too: `alias kubectl=kubecolor` and `alias k=kubecolor` reach it.
function kubectl { __kctx_guard_run kubectl "$@"; }
function helm { __kctx_guard_run helm "$@"; }
function kubecolor { __kctx_guard_run kubecolor "$@"; }
