# Reads a kctx-guard cache entry from the standalone bash scripts (the starship module, the tmux
# segment): cache folder, key and entry name as docs/protocol.md defines them, and its freshness
# rule. Builtins only: starship runs this before every prompt. Rendered from the same templates
# as the bash hook (shell/templates/bash: dirs, key, entry), so the two cannot drift apart.
