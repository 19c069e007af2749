# `kctx-guard` in this shell. `off` / `on` hide or show the segment in this shell, `off --global` /
# `on --global` in every shell of this user (a file in the cache folder, tested at every prompt);
# the guard stays on either way. Everything else goes to the program.
function kctx-guard
    switch (count $argv):"$argv[1]":"$argv[2]"
        case 1:off:
            set -g __kctx_guard_hidden 1
        case 1:on:
            set -g __kctx_guard_hidden ''
            if test -n "$__kctx_guard_dir" -a -e "$__kctx_guard_dir/"@PROMPT_OFF@
                builtin printf 'kctx-guard: the segment stays hidden in every shell until: kctx-guard on --global\n' >&2
            end
        case 2:off:--global
            __kctx_guard_cache_dir
            if test -z "$__kctx_guard_dir"; or not test -d "$__kctx_guard_dir"
                builtin printf 'kctx-guard: no cache folder yet to keep that in (is the daemon running? kctx-guard status)\n' >&2
                return 1
            end
            true >"$__kctx_guard_dir/"@PROMPT_OFF@
        case 2:on:--global
            set -g __kctx_guard_hidden ''
            __kctx_guard_cache_dir
            if test -n "$__kctx_guard_dir" -a -e "$__kctx_guard_dir/"@PROMPT_OFF@
                command rm -f -- "$__kctx_guard_dir/"@PROMPT_OFF@
            end
        case '*:unlock:*' 1:lock:
            __kctx_guard_unlock $argv
        case '*:use:*' '*:ns:*'
            __kctx_guard_overlay $argv
        case '*'
            command $__kctx_guard_cmd $argv
    end
end

# `kctx-guard unlock <cluster> <duration>` / `kctx-guard lock`: a timed unlock of this shell. The
# program asks, writes the unlock (the guard's only source: src/guard/unlock.ts) and prints
# `<expiry>\t<name>\t<file>`; the shell keeps them only to draw the prompt marker.
function __kctx_guard_unlock
    set -l out (__KCTX_GUARD_SHELL=$fish_pid command $__kctx_guard_cmd $argv)
    set -l s $status
    set -g __kctx_guard_unlock_until ''
    set -g __kctx_guard_unlock_name ''
    set -g __kctx_guard_unlock_file ''
    if test "$argv[1]" = unlock -a $s -eq 0
        set -l fields (string split \t -- "$out[1]")
        if test (count $fields) -eq 3
            set -g __kctx_guard_unlock_until $fields[1]
            set -g __kctx_guard_unlock_name $fields[2]
            set -g __kctx_guard_unlock_file $fields[3]
        end
    end
    return $s
end

# At the prompt, no fork (fish 3.5+): the unlock file's mtime is its expiry, and `path mtime
# --relative` reads the time left. Sets __kctx_guard_u to `[unlocked <name> <time left>]` while this
# shell's unlock is in force (its file still there, its time not up), else forgets it and fails.
# fish 3.3 and 3.4 have no clock builtin: they run `date`, only while an unlock is in force.
function __kctx_guard_unlocked
    set -l left 0
    if test -e "$__kctx_guard_unlock_file"
        if test "$__kctx_guard_clock" = 1
            set left (path mtime --relative -- $__kctx_guard_unlock_file 2>/dev/null; or echo 0)
            set left (math -- 0 - $left)
        else
            set left (math -- $__kctx_guard_unlock_until - (command date +%s))
        end
    end
    if test "$left" -le 0
        set -g __kctx_guard_unlock_until ''
        return 1
    end
    if test $left -ge 60
        set left (math -- "floor(($left + 59) / 60)")m
    else
        set left $left's'
    end
    set -g __kctx_guard_u $__kctx_guard_red'[unlocked '$__kctx_guard_unlock_name' '$left']'$__kctx_guard_reset
end

set -q __kctx_guard_unlock_until; or set -g __kctx_guard_unlock_until ''
set -q __kctx_guard_unlock_name; or set -g __kctx_guard_unlock_name ''
set -q __kctx_guard_unlock_file; or set -g __kctx_guard_unlock_file 

# `use` and `ns` pin this shell alone: the program writes a private overlay (src/overlay) and replies
# with this shell's new KUBECONFIG (src/overlay/reply.ts), which only this shell exports.
function __kctx_guard_overlay
    set -l var __kctx_guard_previous_context
    test "$argv[1]" = ns; and set var __kctx_guard_previous_namespace
    set -l more
    test -n "$$var"; and set more --previous $$var
    set -l reply (command $__kctx_guard_cmd $argv --shell-pid $fish_pid $more)
    or return
    if test (count $reply) -ne 4 -o "$reply[1]" != @OVERLAY_REPLY@ -o "$reply[-1]" != end
        test (count $reply) -eq 0; or builtin printf '%s\n' $reply
        return 0
    end
    test -n "$reply[3]"; and set -g $var $reply[3]
    if test -n "$reply[2]"
        set -gx KUBECONFIG $reply[2]
    else
        set -e KUBECONFIG
    end
end
