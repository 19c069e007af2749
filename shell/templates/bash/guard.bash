# The guard: `kubectl` and `helm` are functions (so aliases such as k=kubectl reach them too).
# Only command lines that are surely read-only (get, describe, logs, helm list, completion
# requests, --help, …) start the real binary at once, decided here with builtins and no extra
# process; every other one, a plugin or a subcommand newer than the table included, goes to
# `kctx-guard __guard` first, which applies the policy and config.yaml. The guard reads the
# terminal itself (/dev/tty); it gets no stdin and writes to stderr only, so pipes and
# redirections reach the real binary untouched.
# KCTX_GUARD_GUARD=off (read at every call) runs the real binary directly.
# The tables are the guard's own (src/guard/read-only.ts and the flag table, via src/shell-tables);
# __kctx_guard_needs is readOnlyCommand() there, written with builtins, and
# test/shell/guard-allowlist.test.ts holds them to the same answers.

# Succeeds when the command line needs the guard, fails when it is surely read-only: the verb (or
# the verb and its second word) is in the read-only table, or a bare -h/--help that is no flag's
# value follows, or nothing but global flags is given. Global flags are skipped with their values;
# a flag it does not know, given without `=value` in front of the verb (or of a parent's second
# word), may have taken that word as its value, so the command line is unreadable here.
__kctx_guard_needs() {
  \builtin local tool=$1 a name verb='' sub='' want=0 trusted=1 help=0
  \builtin shift
  for a in "$@"; do
    if (( want )); then
      want=0
      \builtin continue
    fi
    case $a in
      --)
        [[ -n $verb ]] || \builtin return 0
        \builtin break ;;
      @GUARD_HELP_FLAGS|@)
        (( trusted )) && help=1
        trusted=1
        \builtin continue ;;
      --?*=*) name=${a%%=*} ;;
      --?*) name=$a ;;
      -?*) name=${a:0:2} ;;
      *)
        trusted=1
        if [[ -z $verb ]]; then
          verb=$a
          case $tool:$verb in @GUARD_READ_ONLY|@) \builtin return 1 ;; esac
        elif [[ -z $sub ]]; then
          sub=$a
          case $tool:$verb:$sub in @GUARD_READ_ONLY_FORMS|@) \builtin return 1 ;; esac
        fi
        \builtin continue ;;
    esac
    case $tool:$name in
      @GUARD_VALUE_FLAGS|@) [[ $a == "$name" ]] && want=1 ;;
      @GUARD_KNOWN_FLAGS|@) ;;
      *)
        if [[ $a == "$name" ]]; then
          [[ -n $verb ]] || \builtin return 0
          [[ -n $sub ]] || case $tool:$verb in @GUARD_READ_ONLY_PARENTS|@) \builtin return 0 ;; esac
          trusted=0
          \builtin continue
        fi ;;
    esac
    trusted=1
  done
  (( help )) && \builtin return 1
  [[ -z $verb ]] && \builtin return 1
  [[ -z $sub ]] && case $tool:$verb in @GUARD_READ_ONLY_ALONE|@) \builtin return 1 ;; esac
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
