#!/usr/bin/env bash
# kctx-guard segment for the tmux status line: prints the default kubeconfig's target in its
# level's colour, as tmux style directives, reading the daemon's cache with bash builtins only
# (it never starts node). Add to ~/.tmux.conf (path to your checkout or npm install):
#
#   set -g status-right '#(/path/to/kctx-guard/shell/tmux-status.sh) %H:%M'
#   set -g status-interval 5
#
# It reads the default entry (`e`: KUBECONFIG unset, ~/.kube/config) found through the tmux
# server's environment (KCTX_GUARD_DIR, XDG_RUNTIME_DIR, XDG_CACHE_HOME, HOME). A pane whose
# shell exports its own KUBECONFIG is not what this shows: that pane's prompt shows its own
# target, and with KCTX_GUARD_TITLE=on its shell puts it in the pane title (#{pane_title}).
# When the entry is missing or stale (docs/protocol.md, "Freshness") it prints "⎈ ? unknown":
# never old data. Data has `#` doubled so tmux cannot read it as a format or style.

__kg_tmux_status() {
  local dir entry p rest style seg
  local -a f g paths
  if [[ -n ${KCTX_GUARD_DIR-} ]]; then dir=$KCTX_GUARD_DIR
  elif [[ -n ${XDG_RUNTIME_DIR-} ]]; then dir=$XDG_RUNTIME_DIR/kctx-guard
  elif [[ -n ${XDG_CACHE_HOME-} ]]; then dir=$XDG_CACHE_HOME/kctx-guard
  else dir=${HOME-}/.cache/kctx-guard
  fi
  entry=$dir/e
  seg='⎈ ? unknown'
  style='#[fg=red,bold]'
  if mapfile -t -n 11 f 2>/dev/null < "$entry" && [[ ${f[0]-} == 'kctx-guard-entry 1' && ${f[1]-} == '' && -n ${f[10]+set} ]]; then
    rest=${f[2]}
    while [[ -n $rest ]]; do
      paths+=("${rest%%$'\x1f'*}")
      if [[ $rest == *$'\x1f'* ]]; then rest=${rest#*$'\x1f'}; else rest=; fi
    done
    for p in "${paths[@]}"; do
      [[ $entry -nt $p ]] || { printf '%s%s (cache stale)#[default]\n' "$style" "$seg"; return; }
    done
    # Judged fresh after reading: make sure the file read is still the file judged.
    mapfile -t -n 11 g 2>/dev/null < "$entry"
    if [[ "${g[*]}" == "${f[*]}" ]]; then
      seg=${f[7]}
      case ${f[3]} in
        danger|error) style='#[fg=red,bold]' ;;
        warn) style='#[fg=yellow]' ;;
        safe) style='#[fg=green]' ;;
        *) style='#[default]' ;;
      esac
    fi
  fi
  # The entry's names are sanitized already; this keeps a damaged file from reaching tmux raw.
  seg=${seg//[[:cntrl:]]/?}
  printf '%s%s#[default]\n' "$style" "${seg//#/##}"
}
__kg_tmux_status
