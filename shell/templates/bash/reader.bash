# Sets __kctx_guard_dir to the first cache folder in the protocol's order that may be trusted without
# a fork: missing, or a real directory owned by this user (empty when none is). A folder another
# user owns could hold a forged entry: it is passed over, as the hooks do. Its mode would need a
# fork; instead the entry itself must be this user's (__kctx_guard_read), which nobody else can
# make in a folder they can write.
__kctx_guard_reader_dir() {
  \builtin local d
  __kctx_guard_candidates
  __kctx_guard_dir=
  for d in "${__kctx_guard_dirs[@]}"; do
    [[ -L $d ]] && \builtin continue
    [[ ! -e $d ]] || [[ -d $d && -O $d ]] || \builtin continue
    __kctx_guard_dir=$d
    \builtin return
  done
}

# Before bash 4.3, `-nt` compares whole seconds, and an entry's mtime is just above its newest
# source's (docs/protocol.md): in the same second, so such a bash cannot tell fresh from stale. True
# (status 0) when that is why the entry did not look fresh: no path is newer even in whole seconds.
__kctx_guard_coarse() {
  \builtin local p
  (( BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] < 403 )) || \builtin return 1
  for p in "${__kctx_guard_paths[@]}"; do
    [[ -e $p && ! $p -nt $__kctx_guard_entry ]] || \builtin return 1
  done
}

# Reads the entry of this environment's key (KUBECONFIG as set) into __kctx_guard_fields, and sets
# __kctx_guard_level and __kctx_guard_p (the segment as plain text) when it is fresh. Returns 0 when
# fresh, 1 when stale or replaced while read, 2 when missing or not this key's, 3 without a cache
# folder, 5 when this bash compares file times in whole seconds and cannot tell (__kctx_guard_coarse).
__kctx_guard_read() {
  __kctx_guard_reader_dir
  [[ -n $__kctx_guard_dir ]] || \builtin return 3
  __kctx_guard_make_key
  __kctx_guard_read_named
}

# The same for the entry __kctx_guard_name of the key __kctx_guard_key, set by the caller (the tmux
# segment takes them from a pane file), in __kctx_guard_dir.
__kctx_guard_read_named() {
  __kctx_guard_entry=$__kctx_guard_dir/$__kctx_guard_name
  [[ -O $__kctx_guard_entry ]] || \builtin return 2
  __kctx_guard_load "$__kctx_guard_entry" || {
    \builtin local status=$?
    (( status == 1 )) && __kctx_guard_coarse && status=5
    \builtin return $status
  }
  __kctx_guard_level=${__kctx_guard_fields[@I_LEVEL@]}
  __kctx_guard_draw
}

# Registers this environment's key with the daemon (a missing entry), as the hooks do.
__kctx_guard_register() {
  [[ -d $__kctx_guard_dir/@REG_DIR!@ ]] || \builtin return
  \builtin printf '%s\n%s\n' @REGISTER_HEADER@ "$__kctx_guard_key" 2>/dev/null > "$__kctx_guard_dir/"@REG_DIR@"/$__kctx_guard_name"
}

__kctx_guard_paths=()
__kctx_guard_paths_line=
__kctx_guard_rel=0
