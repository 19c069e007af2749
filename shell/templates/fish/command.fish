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
        case '*'
            command $__kctx_guard_cmd $argv
    end
end
