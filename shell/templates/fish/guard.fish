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
function __kctx_guard_needs --argument-names tool
    set -l verb ''
    set -l sub ''
    set -l want 0
    set -l trusted 1
    set -l help 0
    for a in $argv[2..-1]
        if test $want = 1
            set want 0
            continue
        end
        set -l name ''
        switch $a
            case --
                test -n "$verb"; or return 0
                break
            case @GUARD_HELP_FLAGS@
                test $trusted = 1; and set help 1
                set trusted 1
                continue
            case '--*=*'
                # As bash's `--?*=*`: `--=x` is the bare flag `--=x`.
                if string match -qr '^--.+=' -- $a
                    set name (string split -m1 '=' -- $a)[1]
                else
                    set name $a
                end
            case '--*'
                set name $a
            case -
                # A lone `-` (stdin) is a word.
            case '-*'
                set name (string sub -l 2 -- $a)
        end
        if test -z "$name"
            set trusted 1
            if test -z "$verb"
                set verb $a
                contains -- "$tool:$verb" @GUARD_READ_ONLY@; and return 1
            else if test -z "$sub"
                set sub $a
                contains -- "$tool:$verb:$sub" @GUARD_READ_ONLY_FORMS@; and return 1
            end
            continue
        end
        if contains -- "$tool:$name" @GUARD_VALUE_FLAGS@
            test "$a" = "$name"; and set want 1
        else if test "$a" = "$name"; and not contains -- "$tool:$name" @GUARD_KNOWN_FLAGS@
            test -n "$verb"; or return 0
            if test -z "$sub"; and contains -- "$tool:$verb" @GUARD_READ_ONLY_PARENTS@
                return 0
            end
            set trusted 0
            continue
        end
        set trusted 1
    end
    test $help = 1; and return 1
    test -z "$verb"; and return 1
    test -z "$sub"; and contains -- "$tool:$verb" @GUARD_READ_ONLY_ALONE@; and return 1
    return 0
end

# Runs the real kubectl, helm or kubecolor ($argv[1]), after the guard when the command line needs
# it. kubecolor is kubectl to the guard, without kubecolor's own flags (what it passes on to
# kubectl). Exit 1 from the guard: it aborted and said why. Any other failure (node missing, a
# crash): refuse too. The command gets __KCTX_GUARD_ASKED (this process's pid, the tool, the
# arguments): the PATH shim, when it is what runs, does not ask again about exactly this command
# line (shim.sh says when it believes the marker). The guard gets this shell's pid, for a timed
# unlock of this shell.
function __kctx_guard_run --argument-names bin
    set -l tool $bin
    set -l args $argv[2..-1]
    if test "$bin" = kubecolor
        set tool kubectl
        set args
        for a in $argv[2..-1]
            contains -- $a @KUBECOLOR_FLAGS@; or set -a args $a
        end
    end
    if test "$KCTX_GUARD_GUARD" != off; and __kctx_guard_needs $tool $args
        __KCTX_GUARD_SHELL=$fish_pid command $__kctx_guard_cmd __guard $tool -- $args </dev/null >&2
        set -l s $status
        if test $s -ne 0
            test $s -eq 1; or builtin printf 'kctx-guard: the guard failed (status %s); not running %s. Set KCTX_GUARD_GUARD=off to bypass.\n' $s $bin >&2
            return 1
        end
    end
    # An argument holding a newline splits the marker: then the shim asks again, nothing worse.
    set -lx __KCTX_GUARD_ASKED (string join \x1f -- $fish_pid $tool $args)
    command $argv
end

# A marker inherited from whatever started this shell is not this shell's to honour.
set -e __KCTX_GUARD_ASKED
set -e __KCTX_GUARD_SHIM_HOPS
set -e __KCTX_GUARD_SHELL

# kubecolor too: `alias kubectl=kubecolor` and `alias k=kubecolor` reach it.
function kubectl
    __kctx_guard_run kubectl $argv
end

function helm
    __kctx_guard_run helm $argv
end

function kubecolor
    __kctx_guard_run kubecolor $argv
end
