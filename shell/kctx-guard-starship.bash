# kctx-guard segment for starship's `custom` module, for shells without the kctx-guard hook.
# Runs inside the one bash process starship starts for the module (see shell/starship.toml),
# reads this shell's cache entry with builtins and prints "[level] segment". It never starts
# node: when the entry is missing or stale it registers the KUBECONFIG with the daemon and
# prints "⎈ ? unknown" for this one prompt.

# shellcheck source=kctx-guard-entry.bash
source "${BASH_SOURCE[0]%/*}/kctx-guard-entry.bash"

__kg_main() {
  __kg_cache_dir
  if [[ -z $__kg_dir ]]; then
    printf '⎈ ? unknown (no private cache folder)'
    return
  fi
  __kg_entry_name "${KUBECONFIG-}"
  __kg_read_entry "$__kg_dir/$__kg_name" "$__kg_key"
  case $? in
    0) printf '[%s] %s' "$__kg_level" "$__kg_plain" ;;
    1) printf '⎈ ? unknown (cache stale)' ;;
    3) printf '⎈ ? unknown (cache changing)' ;;
    *)
      [[ -d $__kg_dir/reg ]] && printf 'kctx-guard-register 2\n%s\n' "$__kg_key" 2>/dev/null > "$__kg_dir/reg/$__kg_name"
      printf '⎈ ? unknown (no cache entry yet)'
      ;;
  esac
}
__kg_main
