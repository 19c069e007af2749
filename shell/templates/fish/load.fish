# What the launcher's init loads in a shell new enough for the hook: the hook file the build rendered
# beside it (<package>/dist/shell, from the launcher's path set just before), read once, not re-parsed as a quoted word.
builtin source (string replace -r -- '/[^/]*/[^/]*$' '' $__kctx_guard_cmd[1])/dist/shell/kctx-guard.fish
