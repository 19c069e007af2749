# kctx-guard prompt integration for fish 3.3+.  Load it from ~/.config/fish/config.fish with:
#
#   kctx-guard init fish | source
#
# `init` prints this inside a version check (check.fish): an older fish prints one line instead.
#
# API (set before every prompt):
#   KCTX_GUARD_SEGMENT    the coloured segment for fish (raw colour sequences; global)
#   KCTX_GUARD_LEVEL      danger | warn | safe | unclassified | error | unknown
#   KCTX_GUARD_CONTEXT    context name, sanitized, plain     (exported)
#   KCTX_GUARD_CLUSTER    cluster name, sanitized, plain     (exported)
#   KCTX_GUARD_NAMESPACE  namespace, sanitized, plain        (exported)
#   KCTX_GUARD_DANGER / _WARN / _SAFE / _UNCLASSIFIED / _ERROR / _UNKNOWN
#                         the plain segment in the variable of the current level only,
#                         for starship's env_var modules (exported)
# Settings (read at every prompt):
#   KCTX_GUARD_PROMPT=manual  leave fish_prompt alone; print $KCTX_GUARD_SEGMENT yourself,
#                             e.g. in fish_right_prompt: printf '%s' $KCTX_GUARD_SEGMENT
#   KCTX_GUARD_TITLE=on       also set the terminal title to "⎈ cluster [LEVEL]" when it changes
# Commands (the `kctx-guard` shell function; everything else goes to the program):
#   kctx-guard off | on                 hide or show the segment in this shell (the guard stays on)
#   kctx-guard off --global | on --global   the same for every shell of this user
#
# The steady-state prompt runs builtins only: one `test -nt` per freshness path, one
# `read --line` of the cache entry, `path mtime` of the daemon's heartbeat and a /proc check.
# The rest happens only when the cache cannot be trusted. See docs/protocol.md.
#
# The cache folder is read only when it is a directory of this user's that nobody else can write
# (checked with builtins, and its mode once per folder with one `ls`): a folder another user owns
# or can write (`su` without `-` keeps the first user's XDG_RUNTIME_DIR) is passed over for the
# next one in the protocol's order, said in one stderr line when sourced (later, by a marker on the next
# prompt). Entry text is data: control
# characters are dropped from it and the colours are the hook's own.
#
# Rendered by `kctx-guard init fish` from shell/templates/fish with the tables src/shell-tables takes
# from the TypeScript side: edit the templates, not this output.
