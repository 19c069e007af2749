# Colours the shell adds itself (entry text never carries any); readline's \001 \002 mark them.
__kctx_guard_reset=$'\001\e[0m\002'
__kctx_guard_marker=$'\001\e[@MARKER_SGR!@m\002'
__kctx_guard_note=$'\001\e[@NOTE_SGR!@m\002'

__kctx_guard_fresh() {
  \builtin local p
  for p in "${__kctx_guard_paths[@]}"; do
    [[ -e $p && $1 -nt $p ]] || \builtin return 1
  done
}

# An entry of a newer protocol: the package was upgraded under this shell, whose hook cannot read
# it. Returns 4 (say so) for a newer version, else 2 (missing: an older daemon's entry is replaced).
__kctx_guard_newer() {
  \builtin local version=${1#@ENTRY_MAGIC@ }
  [[ $1 == @ENTRY_MAGIC@' '* && -n $version && $version != *[!0-9]* ]] && (( version > @ENTRY_VERSION@ )) && \builtin return 4
  \builtin return 2
}

# Loads a fresh entry into __kctx_guard_fields. Returns 1 when stale (or replaced while read), 2
# when missing or not ours, 4 when it is of a newer protocol.
__kctx_guard_load() {
  \builtin local entry="$1" rest IFS=$'\n'
  \builtin local -a again
  __kctx_guard_fields=()
  __kctx_guard_lines "$entry" __kctx_guard_fields || \builtin return 2
  [[ ${__kctx_guard_fields[@I_MAGIC@]-} == @ENTRY_HEADER@ ]] || { __kctx_guard_newer "${__kctx_guard_fields[@I_MAGIC@]-}"; \builtin return; }
  [[ ${__kctx_guard_fields[@I_MAGIC@]-} == @ENTRY_HEADER@ && ${__kctx_guard_fields[@I_KEY@]-} == "$__kctx_guard_key" \
    && -n ${__kctx_guard_fields[@I_LAST@]+set} ]] || \builtin return 2
  case ${__kctx_guard_fields[@I_LEVEL@]} in @LEVELS|@) ;; *) \builtin return 2 ;; esac
  if [[ ${__kctx_guard_fields[@I_FRESHNESS_PATHS@]} != "$__kctx_guard_paths_line" ]]; then
    __kctx_guard_paths_line=${__kctx_guard_fields[@I_FRESHNESS_PATHS@]}
    __kctx_guard_paths=()
    rest=$__kctx_guard_paths_line
    while [[ -n $rest ]]; do
      __kctx_guard_paths+=("${rest%%$'\x@PATH_SEP_HEX!@'*}")
      if [[ $rest == *$'\x@PATH_SEP_HEX!@'* ]]; then rest=${rest#*$'\x@PATH_SEP_HEX!@'}; else rest=; fi
    done
  fi
  __kctx_guard_fresh "$entry" || \builtin return 1
  # Judged fresh after reading: make sure the file read is still the file judged.
  __kctx_guard_lines "$entry" again
  [[ "${again[*]}" == "${__kctx_guard_fields[*]}" ]]
}

# Sets __kctx_guard_c to $1 without control characters (C0, DEL, C1): entry text is shown as text only.
__kctx_guard_clean() {
  __kctx_guard_c=${1//[[:cntrl:]]/}
  case ${LC_ALL:-${LC_CTYPE:-${LANG-}}} in *[Uu][Tt][Ff]-8*|*[Uu][Tt][Ff]8*) ;;
    # Outside UTF-8, [[:cntrl:]] is bytes 0-31 and 127: C1 characters (UTF-8 C2 80 to C2 9F) go too,
    # without cutting other characters, whose continuation bytes may lie in 80-9F.
    *) __kctx_guard_c=${__kctx_guard_c//$'\xc2'[$'\x80'-$'\x9f']/} ;;
  esac
}

# Sets __kctx_guard_s to the segment drawn from an entry's parts (colour, symbol, text, marker,
# note; docs/protocol.md), for PS1, and __kctx_guard_p to the same as plain text. Entry text is data:
# control characters are dropped, and the only colours are the hook's own.
__kctx_guard_segment() {
  \builtin local sgr="$1" symbol text marker note
  # A colour that is not an SGR token (a forged entry): the danger colour, never its bytes.
  [[ $sgr == *[!0-9\;]* ]] && sgr=@DANGER_SGR@
  __kctx_guard_clean "$2"; symbol=$__kctx_guard_c
  __kctx_guard_clean "$3"; text=$__kctx_guard_c
  __kctx_guard_clean "$4"; marker=$__kctx_guard_c
  __kctx_guard_clean "$5"; note=$__kctx_guard_c
  # ${VAR} values are not re-read as prompt escapes, so data needs none.
  __kctx_guard_s="$symbol $text"
  [[ -n $sgr ]] && __kctx_guard_s=$'\001\e['"${sgr}"$'m\002'"$__kctx_guard_s$__kctx_guard_reset"
  [[ -n $marker ]] && __kctx_guard_s="$__kctx_guard_marker$marker $__kctx_guard_reset$__kctx_guard_s"
  [[ -n $note ]] && __kctx_guard_s+="$__kctx_guard_note $note$__kctx_guard_reset"
  __kctx_guard_p="${marker:+$marker }$symbol $text${note:+ $note}"
}

# The entry's segment parts, in the order __kctx_guard_segment takes them.
__kctx_guard_draw() {
  __kctx_guard_segment "${__kctx_guard_fields[@I_COLOUR@]}" "${__kctx_guard_fields[@I_SYMBOL@]}" "${__kctx_guard_fields[@I_TEXT@]}" \
    "${__kctx_guard_fields[@I_MARKER@]}" "${__kctx_guard_fields[@I_NOTE@]}"
}
