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
        case '*:use:*' '*:ns:*'
            __kctx_guard_overlay $argv
        case '*'
            command $__kctx_guard_cmd $argv
    end
end

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
