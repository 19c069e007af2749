# The guard: `kubectl` and `helm` are functions (so aliases such as k=kubectl reach them too).
# Which command lines need `kctx-guard __guard` is decided here with builtins, so everything
# else (get, describe, logs, helm list, completion requests) starts the real binary with no
# extra process. The guard reads the terminal itself (/dev/tty); it gets no stdin and writes
# to stderr only, so pipes and redirections reach the real binary untouched.
# KCTX_GUARD_GUARD=off (read at every call) runs the real binary directly.
# The tables are the guard's own (src/guard, via src/shell-tables): flags, the command paths that
# may change a cluster, the default destructive patterns.

\builtin typeset -ga __kctx_guard_destructive __kctx_guard_seen
__kctx_guard_destructive=(@GUARD_DESTRUCTIVE@)

# True when the flag value $1 is what a pattern's value $2 asks for, or may be (an integer the
# guard reads in Go's syntax, `0x0`): the guard itself then decides.
function __kctx_guard_value_is() {
  [[ $1 == "$2" ]] && \builtin return 0
  [[ -n $2 && $2 != *[^0-9]* ]] || \builtin return 1
  [[ -n $1 && $1 != *[^0-9]* ]] || \builtin return 0
  (( ${#1} > 18 || 10#$1 == 10#$2 ))
}

# True when the command line ($tool:$verb, $tool:$verb:$sub, the pattern flags in __kctx_guard_seen)
# matches a default destructive pattern.
function __kctx_guard_destroys() {
  \builtin local p spec flag seen found
  for p in "${__kctx_guard_destructive[@]}"; do
    spec=${p%% *}
    [[ $spec == "$1" || $spec == "$2" ]] || \builtin continue
    found=1
    [[ $p == *' '* ]] || \builtin return 0
    for flag in ${(s: :)p#* }; do
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
function __kctx_guard_needs() {
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
      (--) \builtin break ;;
      (--?*=*) name=${a%%=*} ;;
      (--?*) name=$a ;;
      (-?*) name=${a[1,2]} ;;
      (*)
        if [[ -z $verb ]]; then verb=$a
        elif [[ -z $sub ]]; then sub=$a
        fi
        \builtin continue ;;
    esac
    case $tool:$name in (@GUARD_TARGET_FLAGS|@) target=1 ;; esac
    case $tool:$name in
      (@GUARD_PATTERN_FLAGS|@)
        if [[ $a == "$name" ]]; then
          case $tool:$name in (@GUARD_PATTERN_VALUE_FLAGS|@) want=$name ;; (*) __kctx_guard_seen+=("$a") ;; esac
        else
          __kctx_guard_seen+=("$a")
        fi ;;
      (@GUARD_VALUE_FLAGS|@) [[ $a == "$name" ]] && want=- ;;
      (@GUARD_KNOWN_FLAGS|@) ;;
      # Unknown, in front of the verb, with its value in the next word or not: the verb is unknown.
      (*) [[ -n $verb || $a == *=* ]] || \builtin return 0 ;;
    esac
  done
  __kctx_guard_destroys "$tool:$verb" "$tool:$verb:$sub" && \builtin return 0
  case $tool:$verb in
    (@GUARD_MUTATING|@) ;;
    (*)
      case $tool:$verb:$sub in
        (@GUARD_MUTATING_SUBS|@) ;;
        (*) \builtin return 1 ;;
      esac ;;
  esac
  (( target )) && \builtin return 0
  case ${KCTX_GUARD_LEVEL-} in (@GUARD_ASK_LEVELS|@) \builtin return 0 ;; esac
  __kctx_guard_unchanged && \builtin return 1
  \builtin return 0
}

# Runs the real kubectl or helm ($1), after the guard when the command line needs it. Exit 1
# from the guard: it aborted and said why. Any other failure (node missing, a crash): refuse too.
function __kctx_guard_run() {
  \builtin emulate -L zsh -o no_aliases
  if [[ ${KCTX_GUARD_GUARD-} != off ]] && __kctx_guard_needs "$@"; then
    "${__kctx_guard_cmd[@]}" __guard "$1" -- "${@[2,-1]}" </dev/null >&2
    \builtin set -- $? "$@"
    if (( $1 != 0 )); then
      (( $1 == 1 )) || \builtin printf 'kctx-guard: the guard failed (status %s); not running %s. Set KCTX_GUARD_GUARD=off to bypass.\n' "$1" "$2" >&2
      \builtin return 1
    fi
    \builtin shift
  fi
  \command "$@"
}

# The `function` keyword keeps a user's alias of the same name from renaming these at definition.
function kubectl { __kctx_guard_run kubectl "$@" }
function helm { __kctx_guard_run helm "$@" }
