# kctx-guard segment for starship's `custom` module, for shells without the kctx-guard hook.
# Runs inside the one bash process starship starts for the module (see shell/starship-custom.toml),
# reads this shell's cache entry with builtins and prints "[level] segment" in the level's colour
# (an SGR sequence; starship wraps colour sequences in its output for the shell). It never starts
# node: when the entry is missing or stale it registers the KUBECONFIG with the daemon and prints
# "⎈ ? unknown" in the danger colour for this one prompt.

# shellcheck source=kctx-guard-entry.bash
source "${BASH_SOURCE[0]%/*}/kctx-guard-entry.bash"

__kctx_guard_starship() {
  local sgr=@DANGER_SGR@ text
  __kctx_guard_read
  case $? in
    0)
      sgr=${__kctx_guard_fields[@I_COLOUR@]}
      # A colour that is not an SGR token (a forged entry): the danger colour, never its bytes.
      [[ $sgr == *[!0-9\;]* ]] && sgr=@DANGER_SGR@
      text="[$__kctx_guard_level] $__kctx_guard_p"
      ;;
    1) text=@SYMBOL@' ? unknown (cache stale)' ;;
    3) text=@SYMBOL@' ? unknown (no private cache folder)' ;;
    5) text=@SYMBOL@" ? unknown (bash ${BASH_VERSION%.*} compares file times in whole seconds: brew install bash)" ;;
    *)
      __kctx_guard_register
      text=@SYMBOL@' ? unknown (no cache entry yet)'
      ;;
  esac
  # The entry's names are sanitized already; this keeps a damaged file from reaching the terminal raw.
  text=${text//[[:cntrl:]]/?}
  if [[ -n $sgr ]]; then printf '\033[%sm%s\033[0m' "$sgr" "$text"; else printf '%s' "$text"; fi
}
__kctx_guard_starship
