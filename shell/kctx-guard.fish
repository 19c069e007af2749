# kctx-guard prompt integration for fish 3.3+.  Load it from ~/.config/fish/config.fish with:
#
#   kctx-guard init fish | source
#
# API (set before every prompt):
#   KCTX_GUARD_SEGMENT    the coloured segment for fish (raw colour sequences; global)
#   KCTX_GUARD_LEVEL      danger | warn | safe | unclassified | error | unknown
#   KCTX_GUARD_CONTEXT    context name, sanitized, plain     (exported)
#   KCTX_GUARD_CLUSTER    cluster name, sanitized, plain     (exported)
#   KCTX_GUARD_NAMESPACE  namespace, sanitized, plain        (exported)
#   KCTX_GUARD_DANGER / _WARN / _SAFE / _UNCLASSIFIED / _ERROR / _UNKNOWN
#                         the plain segment in the variable of the current level only,
#                         for starship's env_var modules (exported)
# Settings (read at every prompt):
#   KCTX_GUARD_PROMPT=manual  leave fish_prompt alone; print $KCTX_GUARD_SEGMENT yourself,
#                             e.g. in fish_right_prompt: printf '%s' $KCTX_GUARD_SEGMENT
#   KCTX_GUARD_TITLE=on       also set the terminal title to "⎈ cluster [LEVEL]" when it changes
#
# The steady-state prompt runs builtins only: one `test -nt` per freshness path, one
# `read --line` of the cache entry and one of the daemon's pid file, and a /proc check.
# The rest happens only when the cache cannot be trusted. See docs/protocol.md.
#
# The cache folder is read only when it is a directory of this user's that nobody else can write
# (checked with builtins, and its mode once per folder with one `ls`): a folder another user owns
# or can write (`su` without `-` keeps the first user's XDG_RUNTIME_DIR) is passed over for the
# next one in the protocol's order, with one line on stderr. Entry text is data: control
# characters are dropped from it and the colours are the hook's own.

set -g __kctx_guard_cmd @KCTX_GUARD_CMD@

set -g __kctx_guard_red (builtin printf '\e[1;31m')
set -g __kctx_guard_hl (builtin printf '\e[1;7m')
set -g __kctx_guard_dim (builtin printf '\e[35m')
set -g __kctx_guard_reset (builtin printf '\e[0m')
set -g __kctx_guard_marker (builtin printf '\e[1;35m')
set -g __kctx_guard_note (builtin printf '\e[33m')

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
# can write. Says once on stderr which folders it passed over, and why. Empty when none is left.
function __kctx_guard_cache_dir
    set -l was "$__kctx_guard_dir"
    set -l dirs
    test -n "$KCTX_GUARD_DIR"; and set -a dirs $KCTX_GUARD_DIR
    test -n "$XDG_RUNTIME_DIR"; and set -a dirs $XDG_RUNTIME_DIR/kctx-guard
    if test -n "$XDG_CACHE_HOME"
        set -a dirs $XDG_CACHE_HOME/kctx-guard
    else
        set -a dirs $HOME/.cache/kctx-guard
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
    # Another folder has another daemon: the pid remembered is not its.
    test "$__kctx_guard_dir" = "$was"; or set -g __kctx_guard_pid ''
    set -q refused[1]; or return
    set -l instead $__kctx_guard_dir
    test -n "$instead"; or set instead 'no cache (the prompt says unknown)'
    builtin printf 'kctx-guard: not trusting the cache folder %s; using %s instead\n' (string join '; ' -- $refused) $instead >&2
end

# The KUBECONFIG value as one string (a list set in fish is joined with ':', as kubectl would see it).
function __kctx_guard_kubeconfig
    if set -q KUBECONFIG[2]
        string join ':' -- $KUBECONFIG
    else
        builtin printf '%s' "$KUBECONFIG"
    end
end

# Sets __kctx_guard_key and __kctx_guard_name for this shell's HOME, XDG_CONFIG_HOME and
# KUBECONFIG value $v (and PWD when an entry is relative), exactly as src/cache/key.ts does.
function __kctx_guard_make_key --argument-names v
    set -l h (string replace -a '%' '%25' -- "$HOME" | string replace -a '/' '%2F' | string join '%0A')
    set -l c (string replace -a '%' '%25' -- "$XDG_CONFIG_HOME" | string replace -a '/' '%2F' | string join '%0A')
    set -l k (string replace -a '%' '%25' -- "$v" | string replace -a '/' '%2F' | string join '%0A')
    set k "$h%00$c%00$k"
    set -g __kctx_guard_relative 0
    if test -n "$v"; and string match -qr '(^|:)[^/:]' -- "$v"
        set -l d (string replace -a '%' '%25' -- "$PWD" | string replace -a '/' '%2F' | string join '%0A')
        set k "$k%00$d"
        set -g __kctx_guard_relative 1
    end
    set -g __kctx_guard_key "$k"
    set -l n (string length -- "$k")
    if test $n -le 60
        set -g __kctx_guard_name "e$k"
    else
        set -g __kctx_guard_name "l"(string sub -l 30 -- "$k")"~"(string sub -s -25 -- "$k")"~$n"
    end
    set -g __kctx_guard_paths
    set -g __kctx_guard_nt
    set -g __kctx_guard_nt_entry ''
    set -g __kctx_guard_paths_line ''
end

# Loads a fresh entry into __kctx_guard_fields. Returns 1 when stale, 2 when missing or not ours.
# fish function calls are costly, so the steady-state path below is written out inline.
function __kctx_guard_load --argument-names entry
    test -r "$entry"; or return 2
    # One read of the whole file (much cheaper than reading line by line), then split.
    read -g -z __kctx_guard_raw <$entry 2>/dev/null
    set -l f (string split \n -- "$__kctx_guard_raw")
    test "$f[1]" = 'kctx-guard-entry 2' -a "$f[2]" = "$__kctx_guard_key"; and set -q f[12]; or return 2
    contains -- "$f[4]" danger warn safe unclassified error; or return 2
    set -g __kctx_guard_fields $f
    # The test arguments below name the entry too, so a new cache folder rebuilds them.
    if test "$f[3]" != "$__kctx_guard_paths_line" -o "$entry" != "$__kctx_guard_nt_entry"
        set -g __kctx_guard_paths_line "$f[3]"
        set -g __kctx_guard_nt_entry $entry
        set -g __kctx_guard_paths (string split \x1f -- "$f[3]")
        test -n "$f[3]"; or set -g __kctx_guard_paths
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

# A daemon killed after its parent exited stays a zombie where PID 1 does not reap (containers,
# some VMs): /proc/<pid> remains, but its cwd link no longer resolves.
function __kctx_guard_pid_alive --argument-names pid
    if test -d /proc/self
        test -e /proc/$pid/cwd
    else
        command kill -0 $pid 2>/dev/null
    end
end

# The pid is remembered; the pid file is read again only when that process is gone.
function __kctx_guard_daemon_alive
    test -n "$__kctx_guard_pid"; and __kctx_guard_pid_alive $__kctx_guard_pid; and return 0
    set -g __kctx_guard_pid ''
    # fish warns about a failed redirection whatever 2> says: look before reading.
    test -r $__kctx_guard_dir/daemon.pid; or return 1
    read -l pid <$__kctx_guard_dir/daemon.pid 2>/dev/null; or return 1
    string match -qr '^[0-9]+$' -- "$pid"; or return 1
    __kctx_guard_pid_alive $pid; or return 1
    set -g __kctx_guard_pid $pid
end

function __kctx_guard_start_daemon
    test "$__kctx_guard_started" = 1; and return
    set -g __kctx_guard_started 1
    KCTX_GUARD_DIR=$__kctx_guard_dir command $__kctx_guard_cmd daemon start >/dev/null 2>&1 </dev/null &
    builtin disown 2>/dev/null
end

# The cache cannot be trusted: register, give the daemon a moment, else compute directly.
function __kctx_guard_slow --argument-names entry loaded
    if test "$loaded" = 2 -a -d $__kctx_guard_dir/reg
        builtin printf 'kctx-guard-register 2\n%s\n' "$__kctx_guard_key" >$__kctx_guard_dir/reg/$__kctx_guard_name 2>/dev/null
    end
    if test "$__kctx_guard_alive" = 1
        for i in (seq 80)
            command sleep 0.002
            __kctx_guard_load $entry; and return 0
        end
    end
    KCTX_GUARD_DIR=$__kctx_guard_dir command $__kctx_guard_cmd __refresh "$__kctx_guard_name" "$__kctx_guard_key" 2>/dev/null </dev/null
    and __kctx_guard_load $entry
end

# Exports only what changed: exporting is the costliest step of a steady-state prompt.
function __kctx_guard_export --argument-names level context cluster namespace plain
    test "$level|$context|$cluster|$namespace|$plain" = "$__kctx_guard_exported"; and return
    set -g __kctx_guard_exported "$level|$context|$cluster|$namespace|$plain"
    set -e KCTX_GUARD_DANGER KCTX_GUARD_WARN KCTX_GUARD_SAFE KCTX_GUARD_UNCLASSIFIED KCTX_GUARD_ERROR KCTX_GUARD_UNKNOWN
    set -gx KCTX_GUARD_LEVEL "$level"
    set -gx KCTX_GUARD_CONTEXT "$context"
    set -gx KCTX_GUARD_CLUSTER "$cluster"
    set -gx KCTX_GUARD_NAMESPACE "$namespace"
    switch $level
        case danger warn safe unclassified error
            set -gx KCTX_GUARD_(string upper -- $level) "$plain"
        case '*'
            set -gx KCTX_GUARD_UNKNOWN "$plain"
    end
end

# In a locale that is not UTF-8 a terminal line editor counts each byte as a column, so a
# non-ASCII character misplaces the cursor: there the text is kept ASCII (the symbol becomes "k8s").
# Sets __kctx_guard_a to $argv[1], made ASCII when the locale needs it.
function __kctx_guard_ascii
    set -g __kctx_guard_a $argv[1]
    set -l locale $LC_ALL
    test -n "$locale"; or set locale $LC_CTYPE
    test -n "$locale"; or set locale $LANG
    string match -qri 'utf-?8' -- "$locale"; and return
    set -g __kctx_guard_a (string replace -a ⎈ k8s -- $__kctx_guard_a | string replace -a ✖ x \
        | string replace -a ⤷ '^' | string replace -a … ... | string replace -ra '[^\x01-\x7f]' '?')
end

function __kctx_guard_update
    __kctx_guard_cache_dir
    set -l kc "$KUBECONFIG"
    set -q KUBECONFIG[2]; and set kc (__kctx_guard_kubeconfig)
    set -l rekey 0
    if test -z "$__kctx_guard_name" -o "$kc" != "$__kctx_guard_kc" -o "$HOME" != "$__kctx_guard_home" -o "$XDG_CONFIG_HOME" != "$__kctx_guard_cfg"
        set rekey 1
    else if test "$__kctx_guard_relative" = 1 -a "$PWD" != "$__kctx_guard_pwd"
        set rekey 1
    end
    if test $rekey = 1
        set -g __kctx_guard_kc "$kc"
        set -g __kctx_guard_home "$HOME"
        set -g __kctx_guard_cfg "$XDG_CONFIG_HOME"
        set -g __kctx_guard_pwd "$PWD"
        __kctx_guard_make_key "$kc"
    end
    set -g __kctx_guard_alive 0
    if test -z "$__kctx_guard_dir"
    else if test -n "$__kctx_guard_pid" -a "$__kctx_guard_proc" = 1 -a -e /proc/$__kctx_guard_pid/cwd
        set -g __kctx_guard_alive 1
    else if __kctx_guard_daemon_alive
        set -g __kctx_guard_alive 1
        set -g __kctx_guard_started 0
    end
    set -l entry $__kctx_guard_dir/$__kctx_guard_name
    set -g __kctx_guard_entry $entry
    set -g __kctx_guard_env "$KCTX_GUARD_DIR|$XDG_RUNTIME_DIR|$XDG_CACHE_HOME|$XDG_CONFIG_HOME|$HOME|$KUBECONFIG|$LC_ALL|$LC_CTYPE|$LANG"
    set -l loaded 2
    if test -n "$__kctx_guard_dir"
        __kctx_guard_load $entry
        set loaded $status
        if test $loaded -ne 0
            __kctx_guard_slow $entry $loaded
            set loaded $status
        end
        test "$__kctx_guard_alive" = 1; or __kctx_guard_start_daemon
    end
    if test $loaded -ne 0
        __kctx_guard_ascii "$__kctx_guard_red⎈ ? unknown: the kctx-guard cache cannot be trusted (run: kctx-guard status)$__kctx_guard_reset"
        set -g KCTX_GUARD_SEGMENT "$__kctx_guard_a"
        __kctx_guard_export unknown '' '' '' '⎈ ? unknown'
        set -g __kctx_guard_last ''
        set -g __kctx_guard_shown ''
        return
    end
    # Entry text is data: no control character reaches the terminal, the colours are ours.
    set -l f (string replace -ra '[\x00-\x1f\x7f-\x9f]' '' -- $__kctx_guard_fields)
    __kctx_guard_segment $__kctx_guard_fields[5..9]
    set -l seg $__kctx_guard_s
    set -l plain $__kctx_guard_p
    set -l highlight 0
    test "$__kctx_guard_depth" -gt 0; and set seg "$__kctx_guard_dim⤷$__kctx_guard_depth$__kctx_guard_reset $seg"
    # Not "$red[daemon down]": in double quotes that is an index into $red (an error).
    test "$__kctx_guard_alive" = 1; or set seg "$seg $__kctx_guard_red""[daemon down]$__kctx_guard_reset"
    set -l now "$f[10]:$f[12]@$f[11]"
    if test -n "$__kctx_guard_last" -a "$now" != "$__kctx_guard_last"
        set seg "$seg $__kctx_guard_hl""changed from $__kctx_guard_last_shown$__kctx_guard_reset"
        set highlight 1
    end
    # What the next prompt may take without a full update: only a plain, settled state.
    set -g __kctx_guard_shown ''
    test "$__kctx_guard_alive" = 1 -a $highlight = 0; and set -g __kctx_guard_shown "$__kctx_guard_raw"
    set -g __kctx_guard_last "$now"
    # Written like the segment: one name when cluster and context are the same.
    if test -z "$f[11]" -o "$f[11]" = "$f[10]"
        set -g __kctx_guard_last_shown "$f[10]:$f[12]"
    else
        set -g __kctx_guard_last_shown "$f[11]/$f[10]:$f[12]"
    end
    __kctx_guard_ascii "$seg"
    set -g KCTX_GUARD_SEGMENT "$__kctx_guard_a"
    __kctx_guard_export "$f[4]" "$f[10]" "$f[11]" "$f[12]" "$plain"
end

# Sets __kctx_guard_s to the segment drawn from an entry's parts (colour, symbol, text, marker,
# note; docs/protocol.md), with raw colour sequences, and __kctx_guard_p to the same as plain text.
# Entry text is data: control characters are dropped, and the only colours are the hook's own.
function __kctx_guard_segment
    set -l f (string replace -ra '[\x00-\x1f\x7f-\x9f]' '' -- $argv)
    set -l sgr $f[1]
    # A colour that is not an SGR token (a forged entry): the danger colour, never its bytes.
    string match -qr '^[0-9;]*$' -- "$argv[1]"; or set sgr '1;31'
    set -g __kctx_guard_s "$f[2] $f[3]"
    set -g __kctx_guard_p "$f[2] $f[3]"
    test -n "$sgr"; and set -g __kctx_guard_s \e\[$sgr"m$__kctx_guard_s$__kctx_guard_reset"
    if test -n "$f[4]"
        set -g __kctx_guard_s "$__kctx_guard_marker$f[4] $__kctx_guard_reset$__kctx_guard_s"
        set -g __kctx_guard_p "$f[4] $__kctx_guard_p"
    end
    if test -n "$f[5]"
        set -g __kctx_guard_s "$__kctx_guard_s$__kctx_guard_note $f[5]$__kctx_guard_reset"
        set -g __kctx_guard_p "$__kctx_guard_p $f[5]"
    end
    return 0
end

# Sets $status for the user's prompt.
function __kctx_guard_set_status
    return $argv[1]
end

# True while this shell's entry is still exactly the one the last prompt was drawn from: same
# environment, daemon alive, entry fresh against every freshness path, same content. Builtins
# only. Clears __kctx_guard_shown otherwise, so the next prompt takes the full update. Used by
# the prompt's steady state and by the guard ("did the target change under the prompt?").
function __kctx_guard_unchanged
    if test -n "$__kctx_guard_shown" -a "$__kctx_guard_proc" = 1 -a -e /proc/$__kctx_guard_pid/cwd \
            -a "$KCTX_GUARD_DIR|$XDG_RUNTIME_DIR|$XDG_CACHE_HOME|$XDG_CONFIG_HOME|$HOME|$KUBECONFIG|$LC_ALL|$LC_CTYPE|$LANG" = "$__kctx_guard_env" \
            -a \( "$__kctx_guard_relative" = 0 -o "$PWD" = "$__kctx_guard_pwd" \) $__kctx_guard_nt
        read -l -z raw <$__kctx_guard_entry
        test "$raw" = "$__kctx_guard_shown"; and return 0
    end
    set -g __kctx_guard_shown ''
    return 1
end

# The steady state (same environment, daemon alive, entry fresh and unchanged since the last
# prompt) costs one function call and builtins. Anything else takes the full update.
# fish restores $status after event handlers, so this handler need not keep it.
function __kctx_guard_precmd --on-event fish_prompt
    # __kctx_guard_unchanged written out inline: in fish a function call costs as much as the
    # rest of the steady-state prompt's work, and this runs before every prompt.
    if test -n "$__kctx_guard_shown" -a "$__kctx_guard_proc" = 1 -a -e /proc/$__kctx_guard_pid/cwd \
            -a "$KCTX_GUARD_DIR|$XDG_RUNTIME_DIR|$XDG_CACHE_HOME|$XDG_CONFIG_HOME|$HOME|$KUBECONFIG|$LC_ALL|$LC_CTYPE|$LANG" = "$__kctx_guard_env" \
            -a \( "$__kctx_guard_relative" = 0 -o "$PWD" = "$__kctx_guard_pwd" \) $__kctx_guard_nt
        read -l -z raw <$__kctx_guard_entry
        test "$raw" = "$__kctx_guard_shown"; or set -g __kctx_guard_shown ''
    else
        set -g __kctx_guard_shown ''
    end
    if test -z "$__kctx_guard_shown"
        __kctx_guard_update
        # The environment (and so KUBECONFIG) is unchanged while the fast path holds.
        set -q __KCTX_GUARD_OUTER; and test "$__KCTX_GUARD_OUTER" = "$__kctx_guard_kc"
        or set -gx __KCTX_GUARD_OUTER "$__kctx_guard_kc"
    end
    # A fish_prompt defined after this file was loaded (config.fish, fish_config) replaces ours:
    # if our wrapper did not draw the previous prompt, look at fish_prompt and wrap it again.
    if test "$__kctx_guard_drawn" != 1 -a "$KCTX_GUARD_PROMPT" != manual
        string match -q '*__kctx_guard_user_prompt*' -- (builtin functions fish_prompt)
        or __kctx_guard_wrap_prompt
    end
    set -g __kctx_guard_drawn 0
    test "$KCTX_GUARD_TITLE" = on; and __kctx_guard_title
end

# KCTX_GUARD_TITLE=on: the terminal title (OSC 0) says cluster and level, written only when it
# changed. The names are sanitized already; dropping control characters keeps the title inert.
# fish writes its own fish_title after this handler: while the title is on, ours replaces it.
function __kctx_guard_title
    set -l name $KCTX_GUARD_CLUSTER
    test -n "$name"; or set name $KCTX_GUARD_CONTEXT
    test -n "$name"; or set name '?'
    __kctx_guard_ascii (string replace -ra '[\x00-\x1f\x7f-\x9f]' '' -- "⎈ $name ["(string upper -- "$KCTX_GUARD_LEVEL")"]")
    set -l t $__kctx_guard_a
    if not builtin functions -q __kctx_guard_user_title
        builtin functions -q fish_title; and builtin functions -c fish_title __kctx_guard_user_title
        function fish_title
            test "$KCTX_GUARD_TITLE" = on; and return
            builtin functions -q __kctx_guard_user_title; and __kctx_guard_user_title $argv
        end
    end
    test "$t" = "$__kctx_guard_title_shown"; and return
    set -g __kctx_guard_title_shown $t
    builtin printf '\e]0;%s\a' "$t"
end

function __kctx_guard_wrap_prompt
    if builtin functions -q fish_prompt
        builtin functions -e __kctx_guard_user_prompt
        builtin functions -c fish_prompt __kctx_guard_user_prompt
    else
        function __kctx_guard_user_prompt
        end
    end
    function fish_prompt
        set -l saved $status
        set -g __kctx_guard_drawn 1
        if test -n "$KCTX_GUARD_SEGMENT" -a "$KCTX_GUARD_PROMPT" != manual
            builtin printf '%s ' "$KCTX_GUARD_SEGMENT"
        end
        # The user's prompt shows the last command's status: hand it over unchanged (a
        # successful `test` leaves 0, the common case, without a function call).
        test $saved = 0; or __kctx_guard_set_status $saved
        __kctx_guard_user_prompt
    end
end

# The guard: `kubectl` and `helm` are functions (so aliases such as k=kubectl reach them too).
# Which command lines need `kctx-guard __guard` is decided here with builtins, so everything
# else (get, describe, logs, exec, helm list, completion requests) starts the real binary with
# no extra process. The guard reads the terminal itself (/dev/tty); it gets no stdin and writes
# to stderr only, so pipes and redirections reach the real binary untouched.
# KCTX_GUARD_GUARD=off (read at every call) runs the real binary directly.

# Succeeds when the command line needs the guard: destructive operations always; other mutating
# ones when the target may differ from what the prompt showed (a target flag, the entry changed
# since the prompt was drawn, or a danger/error/unknown level). A flag it does not know in front
# of the verb makes the command line unreadable here: then it needs the guard.
function __kctx_guard_needs --argument-names tool
    set -l verb ''
    set -l sub ''
    set -l want ''
    set -l target 0
    set -l force 0
    set -l prune 0
    set -l zero 0
    for a in $argv[2..-1]
        if test -n "$want"
            if test $want = replicas; and string match -qr '^0+$' -- $a
                set zero 1
            end
            set want ''
            continue
        end
        switch "$tool:$a"
            case '*:--'
                break
            case kubectl:--context kubectl:--kubeconfig kubectl:--cluster kubectl:--user kubectl:-s kubectl:--server '*:-n' '*:--namespace' \
                    helm:--kube-context helm:--kubeconfig helm:--kube-apiserver
                set target 1
                set want value
            case 'kubectl:--context=*' 'kubectl:--kubeconfig=*' 'kubectl:--cluster=*' 'kubectl:--user=*' 'kubectl:-s*' 'kubectl:--server=*' \
                    '*:-n*' '*:--namespace=*' kubectl:-A kubectl:--all-namespaces 'kubectl:--all-namespaces=*' \
                    'helm:--kube-context=*' 'helm:--kubeconfig=*' 'helm:--kube-apiserver=*'
                set target 1
            case kubectl:--token kubectl:--as kubectl:--as-group kubectl:--as-uid kubectl:--request-timeout kubectl:-v kubectl:--v \
                    kubectl:--cache-dir kubectl:--certificate-authority kubectl:--client-certificate kubectl:--client-key \
                    kubectl:--tls-server-name kubectl:--password kubectl:--username kubectl:--profile kubectl:--profile-output \
                    kubectl:--log-flush-frequency kubectl:--vmodule kubectl:-o kubectl:--output \
                    helm:--kube-token helm:--kube-as-user helm:--kube-as-group helm:--kube-ca-file helm:--kube-tls-server-name \
                    helm:--registry-config helm:--repository-config helm:--repository-cache helm:--content-cache \
                    helm:--burst-limit helm:--qps
                set want value
            case kubectl:--replicas
                set want replicas
            case 'kubectl:--replicas=*'
                string match -qr '^--replicas=0*$' -- $a; and set zero 1
            case kubectl:--force 'kubectl:--force=*'
                test "$a" = --force=false; or set force 1
            case kubectl:--prune 'kubectl:--prune=*'
                test "$a" = --prune=false; or set prune 1
            case 'kubectl:--insecure-skip-tls-verify*' 'kubectl:--match-server-version*' 'kubectl:--warnings-as-errors*' \
                    'kubectl:--disable-compression*' 'helm:--debug*' 'helm:--kube-insecure-skip-tls-verify*' \
                    '*:-h' '*:--help' '*:-*=*'
            case '*:-*'
                test -n "$verb"; or return 0
            case '*'
                if test -z "$verb"
                    set verb $a
                else if test -z "$sub"
                    set sub $a
                end
        end
    end
    switch "$tool:$verb"
        case kubectl:delete kubectl:drain helm:uninstall helm:delete helm:del helm:un helm:rollback
            return 0
        case kubectl:replace
            test $force = 1; and return 0
        case kubectl:apply
            test $prune = 1; and return 0
        case kubectl:scale
            test $zero = 1; and return 0
        case kubectl:config
            switch "$sub"
                case delete-context delete-cluster delete-user
                    return 0
            end
            return 1
        case kubectl:create kubectl:edit kubectl:patch kubectl:autoscale kubectl:annotate kubectl:label kubectl:set \
                kubectl:taint kubectl:cordon kubectl:uncordon kubectl:rollout kubectl:expose kubectl:run helm:install helm:upgrade
        case '*'
            return 1
    end
    test $target = 1; and return 0
    switch "$KCTX_GUARD_LEVEL"
        case danger error unknown ''
            return 0
    end
    __kctx_guard_unchanged; and return 1
    return 0
end

# Runs the real kubectl or helm ($argv[1]), after the guard when the command line needs it. Exit 1
# from the guard: it aborted and said why. Any other failure (node missing, a crash): refuse too.
function __kctx_guard_run --argument-names tool
    if test "$KCTX_GUARD_GUARD" != off; and __kctx_guard_needs $argv
        command $__kctx_guard_cmd __guard $tool -- $argv[2..-1] </dev/null >&2
        set -l s $status
        if test $s -ne 0
            test $s -eq 1; or builtin printf 'kctx-guard: the guard failed (status %s); not running %s. Set KCTX_GUARD_GUARD=off to bypass.\n' $s $tool >&2
            return 1
        end
    end
    command $argv
end

function kubectl
    __kctx_guard_run kubectl $argv
end

function helm
    __kctx_guard_run helm $argv
end

# Once per shell: how many shells with a KUBECONFIG of their own this one is nested in.
if not set -q __kctx_guard_depth
    set -g __kctx_guard_depth 0
    set -q __KCTX_GUARD_OUTER_DEPTH; and set __kctx_guard_depth $__KCTX_GUARD_OUTER_DEPTH
    set -l kc (__kctx_guard_kubeconfig)
    if set -q __KCTX_GUARD_OUTER; and test "$kc" != "$__KCTX_GUARD_OUTER"
        set __kctx_guard_depth (builtin math $__kctx_guard_depth + 1)
    end
    set -g __kctx_guard_started 0
    set -g __kctx_guard_alive 0
    set -g __kctx_guard_key ''
    set -g __kctx_guard_name ''
    set -g __kctx_guard_kc ''
    set -g __kctx_guard_home ''
    set -g __kctx_guard_cfg ''
    set -g __kctx_guard_dir ''
    set -g __kctx_guard_refused
    set -g __kctx_guard_private_ok ''
    set -g __kctx_guard_pwd ''
    set -g __kctx_guard_last ''
    set -g __kctx_guard_last_shown ''
    set -g __kctx_guard_paths_line ''
    set -g __kctx_guard_paths
    set -g __kctx_guard_fields
    set -g __kctx_guard_pid ''
    set -g __kctx_guard_exported ''
    set -g __kctx_guard_drawn 0
    set -g __kctx_guard_shown ''
    set -g __kctx_guard_raw ''
    set -g __kctx_guard_env ''
    set -g __kctx_guard_entry ''
    set -g __kctx_guard_relative 0
    set -g __kctx_guard_proc 0
    test -d /proc/self; and set -g __kctx_guard_proc 1
    set -gx __KCTX_GUARD_OUTER_DEPTH $__kctx_guard_depth
end

if test "$KCTX_GUARD_PROMPT" != manual; and not builtin functions -q __kctx_guard_user_prompt
    __kctx_guard_wrap_prompt
end
