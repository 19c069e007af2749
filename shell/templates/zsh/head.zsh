# kctx-guard prompt integration for zsh 5.3+.  Load it from ~/.zshrc with:
#
#   eval "$(kctx-guard init zsh)"
#
# `init` prints this inside a version check (check.zsh): an older zsh prints one line instead.
#
# API (set before every prompt; reference them as ${VAR} with prompt_subst, never paste them):
#   KCTX_GUARD_SEGMENT    the coloured segment, escaped for zsh prompts (% doubled; not exported)
#   KCTX_GUARD_LEVEL      danger | warn | safe | unclassified | error | unknown
#   KCTX_GUARD_CONTEXT    context name, sanitized, plain     (exported)
#   KCTX_GUARD_CLUSTER    cluster name, sanitized, plain     (exported)
#   KCTX_GUARD_NAMESPACE  namespace, sanitized, plain        (exported)
#   KCTX_GUARD_DANGER / _WARN / _SAFE / _UNCLASSIFIED / _ERROR / _UNKNOWN
#                         the plain segment in the variable of the current level only,
#                         for starship's env_var modules (exported)
# Settings (read at every prompt):
#   KCTX_GUARD_PROMPT=manual  leave PROMPT alone; put ${KCTX_GUARD_SEGMENT} where you like
#                             (for example RPROMPT='${KCTX_GUARD_SEGMENT}'; needs prompt_subst)
#   KCTX_GUARD_TITLE=on       also set the terminal title to "⎈ cluster [LEVEL]" when it changes
# Commands (the `kctx-guard` shell function; everything else goes to the program):
#   kctx-guard off | on                 hide or show the segment in this shell (the guard stays on)
#   kctx-guard off --global | on --global   the same for every shell of this user
#
# The steady-state prompt runs builtins only: one `-nt` test per freshness path, one
# no-fork `$(<entry)` read, and the daemon's heartbeat: one `read`, $EPOCHSECONDS and one
# `-e /proc/<pid>/cwd` (`kill -0` without /proc). The rest happens only when the cache cannot be trusted.
# See docs/protocol.md.
#
# The cache folder is read only when it is a directory of this user's that nobody else can write
# (checked with builtins, and its mode once per folder with one `ls`): a folder another user owns
# or can write (`su` without `-` keeps the first user's XDG_RUNTIME_DIR) is passed over for the
# next one in the protocol's order, said in one stderr line when sourced (later, by a marker on the next
# prompt). Entry text is data: control
# characters are dropped from it, `%` is doubled, and the colours are the hook's own.
#
# Rendered by `kctx-guard init zsh` from shell/templates/zsh with the tables src/shell-tables takes
# from the TypeScript side: edit the templates, not this output.
