set -g __kctx_guard_red \e'['@DANGER_SGR@'m'
set -g __kctx_guard_hl \e'[1;7m'
set -g __kctx_guard_dim \e'[35m'
set -g __kctx_guard_reset \e'[0m'
set -g __kctx_guard_marker \e'['@MARKER_SGR@'m'
set -g __kctx_guard_note \e'['@NOTE_SGR@'m'

# True when the folder $argv[1] can be written by nobody but its owner. Its mode needs one `ls`
# (a fork), so the answer is kept per folder: once at start-up, or when the folder changes.
function __kctx_guard_private --argument-names d
    test "$d" = "$__kctx_guard_private_ok"; and return 0
    contains -- $d $__kctx_guard_refused; and return 1
    set -l line (command ls -ldn -- $d 2>/dev/null); or return 1
    # drwx------: neither the group's nor the others' w (macOS may append @ or +).
    string match -qr '^d....[^w]..[^w]' -- "$line[1]"; or return 1
    set -g __kctx_guard_private_ok $d
end

# Sets __kctx_guard_dir to the first cache folder in the protocol's order that this shell may trust:
# missing (the daemon creates it private), or a real directory owned by this user that nobody else
# can write. Leaves in __kctx_guard_notice, once, which folders it passed over and why: said on stderr
# when the hook is sourced, as a marker on the next prompt after that. Empty when none is left.
function __kctx_guard_cache_dir
    set -l dirs
    # The protocol's order (src/locations.ts): for each candidate, its first alternative whose variable is set.
    for c in @CACHE_DIRS@
        for alt in (string split '|' -- $c)
            set -l var (string replace -r '/.*' '' -- $alt)
            set -q $var; and test -n "$$var"; or continue
            if string match -q '*/*' -- $alt
                set -a dirs "$$var/"(string replace -r '^[^/]*/' '' -- $alt)
            else
                set -a dirs "$$var"
            end
            break
        end
    end
    set -g __kctx_guard_dir ''
    set -l refused
    for d in $dirs
        set -l why
        if test -L $d
            set why 'is a symbolic link'
        else if not test -e $d
            set -g __kctx_guard_dir $d
            break
        else if not test -d $d
            set why 'is not a directory'
        else if not test -O $d
            set why 'belongs to another user'
        else if __kctx_guard_private $d
            set -g __kctx_guard_dir $d
            break
        else
            set why 'can be written by other users'
        end
        contains -- $d $__kctx_guard_refused; and continue
        set -ga __kctx_guard_refused $d
        set -a refused "$d $why"
    end
    set -q refused[1]; or return
    set -l instead $__kctx_guard_dir
    test -n "$instead"; or set instead 'no cache (the prompt says unknown)'
    set -g __kctx_guard_notice (builtin printf 'kctx-guard: not trusting the cache folder %s; using %s instead' (string join '; ' -- $refused) $instead)
end

# Sets __kctx_guard_v to the KUBECONFIG value as one string (a list set in fish is joined with ':', as
# kubectl would see it). `string collect` keeps a newline in the value from splitting it.
function __kctx_guard_kubeconfig
    set -g __kctx_guard_v (string join ':' -- $KUBECONFIG | string collect)
    set -q __kctx_guard_v[1]; or set -g __kctx_guard_v ''
end

# Prints $argv[1] encoded as a key part (src/cache/key.ts); string's subcommands are builtins.
function __kctx_guard_encode
    string replace -a '%' @KEY_PCT@ -- $argv[1] | string replace -a '/' @KEY_SLASH@ | string join @KEY_NEWLINE@
end

# Sets __kctx_guard_key and __kctx_guard_name for this shell's HOME, XDG_CONFIG_HOME and
# KUBECONFIG value $v (and PWD when an entry is relative), exactly as src/cache/key.ts does.
function __kctx_guard_make_key --argument-names v
    set -l h (__kctx_guard_encode "$HOME")
    set -l c (__kctx_guard_encode "$XDG_CONFIG_HOME")
    set -l k (__kctx_guard_encode "$v")
    set k "$h"@KEY_SEP@"$c"@KEY_SEP@"$k"
    set -g __kctx_guard_relative 0
    if test -n "$v"; and string match -qr '(^|:)[^/:]' -- "$v"
        set -l d (__kctx_guard_encode "$PWD")
        set k "$k"@KEY_SEP@"$d"
        set -g __kctx_guard_relative 1
    end
    set -g __kctx_guard_key "$k"
    set -l n (string length -- "$k")
    if test $n -le @SHORT_KEY@
        set -g __kctx_guard_name "e$k"
    else
        set -g __kctx_guard_name "l"(string sub -l @LONG_HEAD@ -- "$k")"~"(string sub -s -@LONG_TAIL@ -- "$k")"~$n"
    end
    set -g __kctx_guard_paths
    set -g __kctx_guard_nt
    set -g __kctx_guard_nt_entry ''
    set -g __kctx_guard_paths_line ''
end

# Loads a fresh entry into __kctx_guard_fields. Returns 1 when stale, 2 when missing or not ours,
# 4 when it is of a newer protocol (the package was upgraded under this shell; an older daemon's
# entry counts as missing and is replaced). fish function calls are costly, so the steady-state path below is written out inline.
function __kctx_guard_load --argument-names entry
    test -r "$entry"; or return 2
    # One read of the whole file (much cheaper than reading line by line), then split.
    read -g -z __kctx_guard_raw <$entry 2>/dev/null
    set -l f (string split \n -- "$__kctx_guard_raw")
    if test "$f[@I_MAGIC@]" != @ENTRY_HEADER@
        # Not $version: fish keeps its own version there.
        set -l found (string replace -r '^'@ENTRY_MAGIC@' ([0-9]+)$' '$1' -- "$f[@I_MAGIC@]")
        test "$found" != "$f[@I_MAGIC@]" -a -n "$found"; and test "$found" -gt @ENTRY_VERSION@ 2>/dev/null; and return 4
        return 2
    end
    test "$f[@I_KEY@]" = "$__kctx_guard_key"; and set -q f[@I_LAST@]; or return 2
    contains -- "$f[@I_LEVEL@]" @LEVELS@; or return 2
    set -g __kctx_guard_fields $f
    set -l paths "$f[@I_FRESHNESS_PATHS@]"
    # The test arguments below name the entry too, so a new cache folder rebuilds them.
    if test "$paths" != "$__kctx_guard_paths_line" -o "$entry" != "$__kctx_guard_nt_entry"
        set -g __kctx_guard_paths_line "$paths"
        set -g __kctx_guard_nt_entry $entry
        set -g __kctx_guard_paths (string split \x@PATH_SEP_HEX!@ -- "$paths")
        test -n "$paths"; or set -g __kctx_guard_paths
        # "-a -e path -a entry -nt path" for every path, so one `test` checks them all (paths are absolute,
        # never mistaken for operators; the list is expanded into separate arguments).
        set -g __kctx_guard_nt
        for p in $__kctx_guard_paths
            set -a __kctx_guard_nt -a -e $p -a $entry -nt $p
        end
    end
    for p in $__kctx_guard_paths
        test -e "$p" -a "$entry" -nt "$p"; or return 1
    end
    # Judged fresh after reading: make sure the file read is still the file judged.
    read -l -z again <$entry 2>/dev/null
    test "$again" = "$__kctx_guard_raw"
end

# The daemon rewrites its heartbeat file every second: its clock in whole seconds and its pid. It
# counts as alive while the file's mtime is at most @HEARTBEAT_STALE_S@ s from this shell's clock, either
# way (`path mtime --relative`, a builtin of fish 3.5+), and, where /proc shows it, the pid runs: a
# stopped (SIGSTOP) or hung daemon stops beating, a pid that survived a reboot beats nothing, and /proc
# shows a killed daemon at once (without /proc, as on macOS, the beat alone tells within seconds).
# fish has no `kill` builtin: no fork here.
function __kctx_guard_daemon_alive
    test -n "$__kctx_guard_dir"; or return 1
    if test "$__kctx_guard_clock" = 1
        set -l age (path mtime --relative -- $__kctx_guard_dir/@HEARTBEAT_FILE!@ 2>/dev/null); or return 1
        test "$age" -le @HEARTBEAT_STALE_S@ -a "$age" -ge -@HEARTBEAT_STALE_S@; or return 1
        test "$__kctx_guard_proc" = 1; or return 0
    end
    # fish 3.3 and 3.4 have no clock builtin: there the pid stands in, through /proc (a stopped
    # daemon or a reused pid passes). Without /proc either (fish 3.3/3.4 on macOS) a heartbeat that
    # is there counts: fish has no `kill` builtin, and the prompt never forks. docs/protocol.md,
    # "Daemon liveness".
    # fish warns about a failed redirection whatever 2> says: look before reading.
    test -r $__kctx_guard_dir/@HEARTBEAT_FILE!@; or return 1
    read -l -d " " beat pid <$__kctx_guard_dir/@HEARTBEAT_FILE!@ 2>/dev/null; or return 1
    string match -qr '^[0-9]+$' -- "$pid"; or return 1
    # A daemon killed after its parent exited stays a zombie where PID 1 does not reap (containers):
    # /proc/<pid> remains, but its cwd link no longer resolves.
    test "$__kctx_guard_proc" = 1; or return 0
    test -e /proc/$pid/cwd
end

function __kctx_guard_start_daemon
    test "$__kctx_guard_started" = 1; and return
    set -g __kctx_guard_started 1
    KCTX_GUARD_DIR=$__kctx_guard_dir command $__kctx_guard_cmd daemon start >/dev/null 2>&1 </dev/null &
    builtin disown 2>/dev/null
end

# The cache cannot be trusted: register, give the daemon a moment, else compute directly.
function __kctx_guard_slow --argument-names entry loaded
    if test "$loaded" = 2 -a -d $__kctx_guard_dir/@REG_DIR!@
        builtin printf '%s\n%s\n' @REGISTER_HEADER@ "$__kctx_guard_key" >$__kctx_guard_dir/@REG_DIR!@/$__kctx_guard_name 2>/dev/null
    end
    # fish has no sub-second wait of its own: a few `sleep`s, each twice as long as the last.
    if test "$__kctx_guard_alive" = 1
        for s in @WAIT_SLEEPS_FISH@
            command sleep $s
            __kctx_guard_load $entry; and return 0
        end
    end
    KCTX_GUARD_DIR=$__kctx_guard_dir command $__kctx_guard_cmd __refresh "$__kctx_guard_name" "$__kctx_guard_key" 2>/dev/null </dev/null
    and __kctx_guard_load $entry
end

