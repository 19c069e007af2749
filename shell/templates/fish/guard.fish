# The guard: `kubectl` and `helm` are functions (so aliases such as k=kubectl reach them too).
# Which command lines need `kctx-guard __guard` is decided here with builtins, so everything
# else (get, describe, logs, helm list, completion requests) starts the real binary with no
# extra process. The guard reads the terminal itself (/dev/tty); it gets no stdin and writes
# to stderr only, so pipes and redirections reach the real binary untouched.
# KCTX_GUARD_GUARD=off (read at every call) runs the real binary directly.
# The tables are the guard's own (src/guard, via src/shell-tables): flags, the command paths that
# may change a cluster, the default destructive patterns.

set -g __kctx_guard_destructive @GUARD_DESTRUCTIVE@

# True when the flag value $argv[1] is what a pattern's value $argv[2] asks for, or may be (an
# integer the guard reads in Go's syntax, `0x0`): the guard itself then decides.
function __kctx_guard_value_is --argument-names seen wanted
    test "$seen" = "$wanted"; and return 0
    string match -qr '^[0-9]+$' -- "$wanted"; or return 1
    string match -qr '^[0-9]+$' -- "$seen"; or return 0
    test (string length -- "$seen") -gt 18; and return 0
    test (string replace -r '^0+(?=.)' '' -- "$seen") = (string replace -r '^0+(?=.)' '' -- "$wanted")
end

# True when the command line ($argv: tool:verb, tool:verb:sub, then the pattern flags seen) matches
# a default destructive pattern.
function __kctx_guard_destroys --argument-names one two
    set -l seen $argv[3..-1]
    for p in $__kctx_guard_destructive
        set -l words (string split ' ' -- $p)
        test "$words[1]" = "$one" -o "$words[1]" = "$two"; or continue
        set -l found 1
        for flag in $words[2..-1]
            set found 0
            for s in $seen
                if string match -q '*=*' -- $flag
                    set -l name (string split -m1 '=' -- $flag)
                    set -l value (string split -m1 '=' -- $s)
                    test "$value[1]" = "$name[1]" -a (count $value) -eq 2; and __kctx_guard_value_is "$value[2]" "$name[2]"; and set found 1
                else if test "$s" = "$flag"
                    set found 1
                else if string match -q -- "$flag=*" $s; and test "$s" != "$flag=false"
                    set found 1
                end
            end
            test $found = 1; or break
        end
        test $found = 1; and return 0
    end
    return 1
end

# Succeeds when the command line needs the guard: destructive operations always; other mutating
# ones when the target may differ from what the prompt showed (a target flag, the entry changed
# since the prompt was drawn, or a level where the guard asks). A flag it does not know in front
# of the verb makes the command line unreadable here: then it needs the guard.
function __kctx_guard_needs --argument-names tool
    set -l verb ''
    set -l sub ''
    set -l want ''
    set -l target 0
    set -l seen
    for a in $argv[2..-1]
        if test -n "$want"
            test "$want" = -; or set -a seen "$want=$a"
            set want ''
            continue
        end
        set -l name
        switch $a
            case --
                break
            case '--*=*'
                set name (string split -m1 '=' -- $a)[1]
            case '--*'
                set name $a
            case '-'
                # A lone `-` (stdin) is a word.
                test -z "$verb"; and set verb $a; or test -n "$sub"; or set sub $a
                continue
            case '-*'
                set name (string sub -l 2 -- $a)
            case '*'
                if test -z "$verb"
                    set verb $a
                else if test -z "$sub"
                    set sub $a
                end
                continue
        end
        switch "$tool:$name"
            case @GUARD_TARGET_FLAGS@
                set target 1
        end
        switch "$tool:$name"
            case @GUARD_PATTERN_FLAGS@
                if test "$a" = "$name"; and contains -- "$tool:$name" @GUARD_PATTERN_VALUE_FLAGS@
                    set want $name
                else
                    set -a seen $a
                end
            case @GUARD_VALUE_FLAGS@
                test "$a" = "$name"; and set want -
            case @GUARD_KNOWN_FLAGS@
            case '*'
                # Unknown, in front of the verb, with its value in the next word or not: the verb is unknown.
                test -n "$verb"; or string match -q '*=*' -- $a; or return 0
        end
    end
    __kctx_guard_destroys "$tool:$verb" "$tool:$verb:$sub" $seen; and return 0
    if not contains -- "$tool:$verb" @GUARD_MUTATING@
        contains -- "$tool:$verb:$sub" @GUARD_MUTATING_SUBS@; or return 1
    end
    test $target = 1; and return 0
    contains -- "$KCTX_GUARD_LEVEL" @GUARD_ASK_LEVELS@; and return 0
    __kctx_guard_unchanged; and return 1
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
