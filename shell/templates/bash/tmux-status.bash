#!/usr/bin/env bash
# kctx-guard segment for the tmux status line: prints the default kubeconfig's target in its
# level's colour, as tmux style directives, reading the daemon's cache with bash builtins only
# (it never starts node). Add to ~/.tmux.conf (the path `kctx-guard init tmux` prints):
#
#   set -g status-right '#(/path/to/kctx-guard/dist/shell/tmux-status.sh) %H:%M'
#   set -g status-interval 5
#
# It reads the default entry (KUBECONFIG unset, ~/.kube/config) found through the tmux server's
# environment (KCTX_GUARD_DIR, XDG_RUNTIME_DIR, XDG_CACHE_HOME, HOME, XDG_CONFIG_HOME). A pane whose
# shell exports its own KUBECONFIG is not what this shows: that pane's prompt shows its own
# target, and with KCTX_GUARD_TITLE=on its shell puts it in the pane title (#{pane_title}).
# When the entry is missing or stale (docs/protocol.md, "Freshness") it prints "⎈ ? unknown":
# never old data. Data has `#` doubled so tmux cannot read it as a format or style.

# shellcheck source=kctx-guard-entry.bash
source "${BASH_SOURCE[0]%/*}/kctx-guard-entry.bash"

__kctx_guard_tmux_status() {
  local KUBECONFIG='' style='#['@TMUX_UNKNOWN_STYLE@']' seg=@SYMBOL@' ? unknown' s
  __kctx_guard_read
  case $? in
    0)
      seg=$__kctx_guard_p
      for s in @TMUX_STYLES@; do
        [[ ${s%%=*} == "$__kctx_guard_level" ]] && style="#[${s#*=}]"
      done
      ;;
    1) printf '%s%s (cache stale)#[default]\n' "$style" "$seg"; return ;;
    5) printf '%s%s (bash %s compares file times in whole seconds: brew install bash)#[default]\n' "$style" "$seg" "${BASH_VERSION%.*}"; return ;;
  esac
  # The entry's names are sanitized already; this keeps a damaged file from reaching tmux raw.
  seg=${seg//[[:cntrl:]]/?}
  printf '%s%s#[default]\n' "$style" "${seg//#/##}"
}
__kctx_guard_tmux_status
