# kctx-guard for fish: what `kctx-guard init fish` prints. It loads the hook (the quoted word below)
# only in fish @MIN_MAJOR!@.@MIN_MINOR!@ or newer; an older fish prints one line on stderr and
# installs nothing. This part must parse and run in any fish (no `&&`, no `string`, no `$(…)`; the
# hook is only a quoted word to it), so the older versions are glob patterns.
switch "$FISH_VERSION"
    case @FISH_TOO_OLD@
        printf '%s%s%s\n' @TOO_OLD_HEAD@ "$FISH_VERSION" @TOO_OLD_TAIL@ >&2
        set -e __kctx_guard_cmd
    case '*'
        builtin printf '%s\n' @HOOK@ | builtin source
end
