# kctx-guard segment for starship's `custom` module, for shells without the kctx-guard hook.
# Runs inside the one bash process starship starts for the module (see shell/starship.toml),
# reads this shell's cache entry with builtins and prints "[level] segment". It never starts
# node: when the entry is missing or stale it registers the KUBECONFIG with the daemon and
# prints "⎈ ? unknown" for this one prompt.

# shellcheck source=kctx-guard-entry.bash
source "${BASH_SOURCE[0]%/*}/kctx-guard-entry.bash"

__kctx_guard_starship() {
  __kctx_guard_read
  case $? in
    0) printf '[%s] %s' "$__kctx_guard_level" "$__kctx_guard_p" ;;
    1) printf '%s ? unknown (cache stale)' @SYMBOL@ ;;
    3) printf '%s ? unknown (no private cache folder)' @SYMBOL@ ;;
    5) printf '%s ? unknown (bash %s compares file times in whole seconds: brew install bash)' @SYMBOL@ "${BASH_VERSION%.*}" ;;
    *)
      __kctx_guard_register
      printf '%s ? unknown (no cache entry yet)' @SYMBOL@
      ;;
  esac
}
__kctx_guard_starship
