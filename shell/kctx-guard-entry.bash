# Reads a kctx-guard cache entry from the standalone bash scripts (the starship module, the tmux
# segment): cache folder, key and entry name as docs/protocol.md defines them, and its freshness
# rule. Builtins only: starship runs this before every prompt. The prompt hooks carry their own
# copy: `init` prints a single file.

# Sets __kg_dir to the first cache folder in the protocol's order that may be trusted: missing, or a
# real directory owned by this user (empty when none is). A folder another user owns could hold a
# forged entry: it is passed over, as the hooks do. Its mode would need a fork; instead the entry
# itself must be this user's (__kg_read_entry), which nobody else can make in a folder they can write.
__kg_cache_dir() {
  local d
  local -a dirs
  dirs=()
  [[ -n ${KCTX_GUARD_DIR-} ]] && dirs+=("$KCTX_GUARD_DIR")
  [[ -n ${XDG_RUNTIME_DIR-} ]] && dirs+=("$XDG_RUNTIME_DIR/kctx-guard")
  dirs+=("${XDG_CACHE_HOME:-${HOME-}/.cache}/kctx-guard")
  __kg_dir=
  for d in "${dirs[@]}"; do
    [[ -L $d ]] && continue
    [[ ! -e $d ]] || [[ -d $d && -O $d ]] || continue
    __kg_dir=$d
    return
  done
}

# Sets __kg_key and __kg_name for the KUBECONFIG value $1 with this HOME and XDG_CONFIG_HOME (and
# $PWD when an entry is relative).
__kg_entry_name() {
  local v=$1 k h c d
  h=${HOME-}; h=${h//%/%25}; h=${h//\//%2F}; h=${h//$'\n'/%0A}
  c=${XDG_CONFIG_HOME-}; c=${c//%/%25}; c=${c//\//%2F}; c=${c//$'\n'/%0A}
  k=${v//%/%25}; k=${k//\//%2F}; k=${k//$'\n'/%0A}
  k="$h%00$c%00$k"
  if [[ -n $v && :$v: == *:[!/:]* ]]; then
    d=${PWD//%/%25}; d=${d//\//%2F}; d=${d//$'\n'/%0A}
    k+="%00$d"
  fi
  __kg_key=$k
  if (( ${#k} <= 60 )); then __kg_name=e$k; else __kg_name=l${k:0:30}~${k: -25}~${#k}; fi
}

# Sets __kg_c to $1 without control characters (C0, DEL, C1): entry text is shown as text only.
__kg_clean() {
  __kg_c=${1//[[:cntrl:]]/}
  case ${LC_ALL:-${LC_CTYPE:-${LANG-}}} in *[Uu][Tt][Ff]-8*|*[Uu][Tt][Ff]8*) ;;
    *) __kg_c=${__kg_c//$'\xc2'[$'\x80'-$'\x9f']/} ;;
  esac
}

# Reads the entry file $1 holding key $2 into __kg_fields (its first 12 lines), and sets __kg_level
# and __kg_plain (the segment as plain text, control characters dropped) when it is fresh.
# Returns 0 when fresh, 1 when stale, 2 when missing or not this key's, 3 when it changed while read.
__kg_read_entry() {
  local entry=$1 rest p i
  local -a paths g
  __kg_fields=()
  [[ -O $entry ]] || return 2
  mapfile -t -n 12 __kg_fields 2>/dev/null < "$entry" || return 2
  [[ ${__kg_fields[0]-} == 'kctx-guard-entry 2' && ${__kg_fields[1]-} == "$2" && -n ${__kg_fields[11]+set} ]] || return 2
  case ${__kg_fields[3]} in danger|warn|safe|unclassified|error) ;; *) return 2 ;; esac
  rest=${__kg_fields[2]}
  while [[ -n $rest ]]; do
    paths+=("${rest%%$'\x1f'*}")
    if [[ $rest == *$'\x1f'* ]]; then rest=${rest#*$'\x1f'}; else rest=; fi
  done
  for p in "${paths[@]}"; do
    [[ -e $p && $entry -nt $p ]] || return 1
  done
  # Judged fresh after reading: make sure the file read is still the file judged.
  mapfile -t -n 12 g 2>/dev/null < "$entry"
  [[ "${g[*]}" == "${__kg_fields[*]}" ]] || return 3
  for (( i = 5; i <= 11; i++ )); do
    __kg_clean "${__kg_fields[i]}"
    __kg_fields[i]=$__kg_c
  done
  __kg_level=${__kg_fields[3]}
  __kg_plain="${__kg_fields[7]:+${__kg_fields[7]} }${__kg_fields[5]} ${__kg_fields[6]}${__kg_fields[8]:+ ${__kg_fields[8]}}"
}
