# What the launcher's init loads in a shell new enough for the hook: the hook file the build rendered
# beside it (<package>/dist/shell, from the launcher's path set just before), read once, not re-parsed as a quoted word.
\builtin source "${__kctx_guard_cmd%/*/*}/dist/shell/kctx-guard.bash"
