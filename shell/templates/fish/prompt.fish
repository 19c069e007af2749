# Exports only what changed: exporting is the costliest step of a steady-state prompt.
function __kctx_guard_export --argument-names level context cluster namespace plain
    test "$level|$context|$cluster|$namespace|$plain" = "$__kctx_guard_exported"; and return
    set -g __kctx_guard_exported "$level|$context|$cluster|$namespace|$plain"
    set -e @LEVEL_VARS@
    set -gx KCTX_GUARD_LEVEL "$level"
    set -gx KCTX_GUARD_CONTEXT "$context"
    set -gx KCTX_GUARD_CLUSTER "$cluster"
    set -gx KCTX_GUARD_NAMESPACE "$namespace"
    switch $level
        case @LEVELS@
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

# In tmux: tells the status line (tmux-status.sh) which entry this shell shows, in the pane file
# panes/<server pid>-<pane>-<shell pid> (docs/protocol.md, "Panes"). Runs only from the full update
# and writes only when the file or the key changed: never on a steady prompt, never a fork.
function __kctx_guard_pane
    set -l srv (string split -f2 , -- "$TMUX")
    set -l pane (string replace -r '^%' '' -- "$TMUX_PANE")
    test -n "$__kctx_guard_dir"; and string match -qr '^[0-9]+$' -- "$srv"; and string match -qr '^[0-9]+$' -- "$pane"
    or return
    set -l file $__kctx_guard_dir/@PANES_DIR!@/$srv-$pane-$fish_pid
    test "$file|$__kctx_guard_key" != "$__kctx_guard_pane_done" -a -d $__kctx_guard_dir/@PANES_DIR!@; or return
    # The start time (/proc/<pid>/stat field 22, after the command name's last `)`) tells a reused pid apart.
    set -l start 0
    if test "$__kctx_guard_proc" = 1; and read -l line </proc/$fish_pid/stat
        set -l f (string split ' ' -- (string replace -r '^.*\) ' '' -- "$line"))
        set -q f[20]; and set start $f[20]
    end
    builtin printf '%s\n' @PANE_HEADER@ "$SHLVL" "$start" "$__kctx_guard_name" "$__kctx_guard_key" >$file 2>/dev/null
    and set -g __kctx_guard_pane_done "$file|$__kctx_guard_key"
end

# Sets __kctx_guard_h to helm's target variables as this shell exports them (helm sees only
# exported ones). The environment comparison holds it, so setting, changing or unsetting one takes
# the full update at the next prompt. Builtins only.
function __kctx_guard_helm_env
    set -g __kctx_guard_h ''
    for v in @HELM_VARS@
        set -qx $v; and set -g __kctx_guard_h "$__kctx_guard_h|$v=$$v"
    end
end

# Sets __kctx_guard_m to `[helm: context=… ns=… token]` for the helm variables exported non-empty
# (empty when none): values cleaned like entry text and cut, a token's value never shown.
function __kctx_guard_helm_marker
    set -l text
    for e in @HELM_ENV@
        set -l v (string replace -r '[=/].*$' '' -- $e)
        set -l label (string replace -r '^[^=/]*[=/]' '' -- $e)
        set -qx $v; and test -n "$$v"; or continue
        if string match -q '*=*' -- $e
            set -l value (string replace -ra '[\x00-\x1f\x7f-\x9f]' '' -- "$$v")
            test (string length -- "$value") -gt @HELM_VALUE_MAX@; and set value (string sub -l @HELM_VALUE_MAX@ -- "$value")…
            set -a text "$label=$value"
        else
            set -a text $label
        end
    end
    set -g __kctx_guard_m ''
    set -q text[1]; and set -g __kctx_guard_m "[helm: $text]"
end

function __kctx_guard_update
    __kctx_guard_cache_dir
    # A folder refused at prompt time: said on this prompt, in the segment (nothing else is printed here).
    set -l refused ''
    test -n "$__kctx_guard_notice"; and set refused " $__kctx_guard_hl""[cache folder refused: kctx-guard status]$__kctx_guard_reset"
    set -g __kctx_guard_notice ''
    set -l kc "$KUBECONFIG"
    if set -q KUBECONFIG[2]
        __kctx_guard_kubeconfig
        set kc "$__kctx_guard_v"
    end
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
    else if __kctx_guard_daemon_alive
        set -g __kctx_guard_alive 1
        set -g __kctx_guard_started 0
    end
    set -l entry $__kctx_guard_dir/$__kctx_guard_name
    set -g __kctx_guard_entry $entry
    __kctx_guard_helm_env
    set -g __kctx_guard_env "$KCTX_GUARD_DIR|$XDG_RUNTIME_DIR|$XDG_CACHE_HOME|$XDG_CONFIG_HOME|$HOME|$KUBECONFIG|$LC_ALL|$LC_CTYPE|$LANG$__kctx_guard_h"
    set -l loaded 2
    if test -n "$__kctx_guard_dir"
        __kctx_guard_load $entry
        set loaded $status
        # A newer protocol's entry: no fallback can help this shell (its hook is the old one).
        if test $loaded -ne 0 -a $loaded -ne 4
            __kctx_guard_slow $entry $loaded
            set loaded $status
        end
        test "$__kctx_guard_alive" = 1; or __kctx_guard_start_daemon
    end
    # After the load: its fallback (__refresh) makes the cache folder, panes/ included, on a first prompt.
    set -q TMUX_PANE; and __kctx_guard_pane
    if test $loaded -ne 0
        # No target to show: an entry of a newer protocol (upgraded under this shell), or none to trust.
        set -l text @SYMBOL@' ? unknown: the kctx-guard cache cannot be trusted (run: kctx-guard status)'
        set -l short @SYMBOL@' ? unknown'
        if test $loaded -eq 4
            set text @SYMBOL@' ✖ kctx-guard was upgraded: open a new shell'
            set short $text
        end
        __kctx_guard_ascii "$__kctx_guard_red$text$__kctx_guard_reset$refused"
        set -g __kctx_guard_full "$__kctx_guard_a"
        __kctx_guard_export unknown '' '' '' "$short"
        set -g __kctx_guard_last ''
        set -g __kctx_guard_shown ''
        return
    end
    # Entry text is data: no control character reaches the terminal, the colours are ours.
    set -l f (string replace -ra '[\x00-\x1f\x7f-\x9f]' '' -- $__kctx_guard_fields)
    __kctx_guard_segment $__kctx_guard_fields[@I_COLOUR@] $__kctx_guard_fields[@I_SYMBOL@] $__kctx_guard_fields[@I_TEXT@] \
        $__kctx_guard_fields[@I_MARKER@] $__kctx_guard_fields[@I_NOTE@]
    set -l level $f[@I_LEVEL@]
    set -l context $f[@I_CONTEXT@]
    set -l cluster $f[@I_CLUSTER@]
    set -l namespace $f[@I_NAMESPACE@]
    set -l seg $__kctx_guard_s
    set -l plain $__kctx_guard_p
    set -l highlight 0
    __kctx_guard_helm_marker
    test -n "$__kctx_guard_m"; and set seg "$seg $__kctx_guard_marker$__kctx_guard_m$__kctx_guard_reset"
    test "$__kctx_guard_depth" -gt 0; and set seg "$__kctx_guard_dim⤷$__kctx_guard_depth$__kctx_guard_reset $seg"
    # Not "$red[daemon down]": in double quotes that is an index into $red (an error).
    test "$__kctx_guard_alive" = 1; or set seg "$seg $__kctx_guard_red""[daemon down]$__kctx_guard_reset"
    if test -n "$refused"
        set seg "$seg$refused"
        set highlight 1
    end
    set -l now "$context:$namespace@$cluster"
    if test -n "$__kctx_guard_last" -a "$now" != "$__kctx_guard_last"
        set seg "$seg $__kctx_guard_hl""changed from $__kctx_guard_last_shown$__kctx_guard_reset"
        set highlight 1
    end
    # What the next prompt may take without a full update: only a plain, settled state.
    set -g __kctx_guard_shown ''
    test "$__kctx_guard_alive" = 1 -a $highlight = 0; and set -g __kctx_guard_shown "$__kctx_guard_raw"
    # An error names no target to have changed from: the next change says nothing of it.
    set -g __kctx_guard_last "$now"
    test "$level" = error; and set -g __kctx_guard_last ''
    # Written like the segment: one name when cluster and context are the same.
    if test -z "$cluster" -o "$cluster" = "$context"
        set -g __kctx_guard_last_shown "$context:$namespace"
    else
        set -g __kctx_guard_last_shown "$cluster/$context:$namespace"
    end
    __kctx_guard_ascii "$seg"
    set -g __kctx_guard_full "$__kctx_guard_a"
    test -n "$__kctx_guard_m"; and set plain "$plain $__kctx_guard_m"
    __kctx_guard_export "$level" "$context" "$cluster" "$namespace" "$plain"
end

# Sets __kctx_guard_s to the segment drawn from an entry's parts (colour, symbol, text, marker,
# note; docs/protocol.md), with raw colour sequences, and __kctx_guard_p to the same as plain text.
# Entry text is data: control characters are dropped, and the only colours are the hook's own.
function __kctx_guard_segment
    set -l f (string replace -ra '[\x00-\x1f\x7f-\x9f]' '' -- $argv)
    set -l sgr $f[1]
    # A colour that is not an SGR token (a forged entry): the danger colour, never its bytes.
    string match -qr '^[0-9;]*$' -- "$argv[1]"; or set sgr @DANGER_SGR@
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
    __kctx_guard_helm_env
    if test -n "$__kctx_guard_shown" -a "$KCTX_GUARD_DIR|$XDG_RUNTIME_DIR|$XDG_CACHE_HOME|$XDG_CONFIG_HOME|$HOME|$KUBECONFIG|$LC_ALL|$LC_CTYPE|$LANG$__kctx_guard_h" = "$__kctx_guard_env" \
            -a -r "$__kctx_guard_entry" -a \( "$__kctx_guard_relative" = 0 -o "$PWD" = "$__kctx_guard_pwd" \) $__kctx_guard_nt
            and __kctx_guard_daemon_alive
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
    # rest of the steady-state prompt's work, and this runs before every prompt. The helm variables
    # are looked at one by one only when one of them is set (set -q says how many are not).
    if set -q @HELM_VARS@; or test $status -lt @HELM_VAR_COUNT@
        __kctx_guard_helm_env
    else
        set -g __kctx_guard_h ''
    end
    if test -n "$__kctx_guard_shown" \
            -a "$KCTX_GUARD_DIR|$XDG_RUNTIME_DIR|$XDG_CACHE_HOME|$XDG_CONFIG_HOME|$HOME|$KUBECONFIG|$LC_ALL|$LC_CTYPE|$LANG$__kctx_guard_h" = "$__kctx_guard_env" \
            -a -r "$__kctx_guard_entry" -a \( "$__kctx_guard_relative" = 0 -o "$PWD" = "$__kctx_guard_pwd" \) $__kctx_guard_nt
            and __kctx_guard_daemon_alive
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
    # `kctx-guard off` here, or `off --global` (a file in the cache folder): no segment, the rest as ever.
    if test -n "$__kctx_guard_hidden"; or test -n "$__kctx_guard_dir" -a -e "$__kctx_guard_dir/"@PROMPT_OFF@
        set -g KCTX_GUARD_SEGMENT ''
        # starship's env_var modules show the level's variable: hidden too.
        if test "$__kctx_guard_exported" != hidden
            set -e @LEVEL_VARS@
            set -g __kctx_guard_exported hidden
        end
    else
        test "$__kctx_guard_exported" = hidden; and __kctx_guard_update
        set -g KCTX_GUARD_SEGMENT "$__kctx_guard_full"
        test -n "$__kctx_guard_unlock_until"; and __kctx_guard_unlocked; and set -g KCTX_GUARD_SEGMENT "$KCTX_GUARD_SEGMENT $__kctx_guard_u"
    end
    # KCTX_GUARD_SHOW=on-command (read at every prompt): below danger and warn, the segment waits
    # for a command line that starts with one of the Kubernetes tools (__kctx_guard_show_check).
    set -g __kctx_guard_show_seg ''
    if test "$KCTX_GUARD_SHOW" = on-command -a -n "$KCTX_GUARD_SEGMENT"
        switch "$KCTX_GUARD_LEVEL"
            case danger warn error unknown
            case '*'
                set -g __kctx_guard_show_seg "$KCTX_GUARD_SEGMENT"
                set -g KCTX_GUARD_SEGMENT ''
        end
        test "$__kctx_guard_show_bound" = "$fish_key_bindings"; or __kctx_guard_show_bind
    end
    test "$KCTX_GUARD_TITLE" = on; and __kctx_guard_title
    test "$KCTX_GUARD_TERMINAL_COLOR" = on -o -n "$__kctx_guard_tc"; and __kctx_guard_terminal_colour
end

# Binds the keys that spell a command's name (@SHOW_KEYS@) to insert themselves and then check the
# line, in the mode where typing inserts (vi: insert; else default). fish 3 cannot add a command to
# its generic binding, so each key is bound; a key the user bound is left alone. Deleting (backspace,
# ctrl-u) is not watched: the segment follows at the next key typed.
function __kctx_guard_show_bind
    set -g __kctx_guard_show_bound "$fish_key_bindings"
    set -l mode default
    test "$fish_key_bindings" = fish_vi_key_bindings; and set mode insert
    for key in @SHOW_KEYS@
        bind --user -M $mode -- $key >/dev/null 2>&1
        or bind -M $mode -- $key "commandline -i -- $key; __kctx_guard_show_check"
    end
end

# Shows the segment while the line's first word is one of the tools (@SHOW_COMMANDS@), hides it
# otherwise, and repaints the prompt only when that changed.
function __kctx_guard_show_check
    test -n "$__kctx_guard_show_seg"; or return
    set -l words (commandline -bo)
    set -l want ''
    contains -- "$words[1]" @SHOW_COMMANDS@; and set want "$__kctx_guard_show_seg"
    test "$want" = "$KCTX_GUARD_SEGMENT"; and return
    set -g KCTX_GUARD_SEGMENT "$want"
    commandline -f repaint
end

# KCTX_GUARD_TERMINAL_COLOR=on: on danger the terminal's background turns dark red (OSC 11; in
# iTerm2 the tab too, OSC 6), written only when that changes and only to a terminal; leaving
# danger, turning the option off, and leaving the shell reset it (OSC 111).
function __kctx_guard_terminal_colour
    set -l want ''
    test "$KCTX_GUARD_TERMINAL_COLOR" = on -a "$KCTX_GUARD_LEVEL" = danger; and test -t 1; and set want danger
    test "$want" = "$__kctx_guard_tc"; and return
    if test -n "$want"
        builtin printf '\e]11;%s\a' @TERMINAL_DANGER_BG@
        test "$TERM_PROGRAM" = iTerm.app; and builtin printf '\e]6;1;bg;red;brightness;200\a\e]6;1;bg;green;brightness;0\a\e]6;1;bg;blue;brightness;0\a'
        set -g __kctx_guard_tc $want
    else
        __kctx_guard_terminal_reset
    end
end

function __kctx_guard_terminal_reset --on-event fish_exit
    test -n "$__kctx_guard_tc"; and test -t 1; or return 0
    builtin printf '\e]111\a'
    test "$TERM_PROGRAM" = iTerm.app; and builtin printf '\e]6;1;bg;*;default\a'
    set -g __kctx_guard_tc ''
end

# KCTX_GUARD_TITLE=on: the terminal title (OSC 0) says cluster and level, written only when it
# changed. The names are sanitized already; dropping control characters keeps the title inert.
# fish writes its own fish_title after this handler: while the title is on, ours replaces it.
function __kctx_guard_title
    set -l name $KCTX_GUARD_CLUSTER
    test -n "$name"; or set name $KCTX_GUARD_CONTEXT
    test -n "$name"; or set name '?'
    __kctx_guard_ascii (string replace -ra '[\x00-\x1f\x7f-\x9f]' '' -- @SYMBOL@" $name ["(string upper -- "$KCTX_GUARD_LEVEL")"]")
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

# Once per shell: how many shells with a KUBECONFIG of their own this one is nested in.
if not set -q __kctx_guard_depth
    set -g __kctx_guard_depth 0
    set -q __KCTX_GUARD_OUTER_DEPTH; and set __kctx_guard_depth $__KCTX_GUARD_OUTER_DEPTH
    __kctx_guard_kubeconfig
    set -l kc "$__kctx_guard_v"
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
    set -g __kctx_guard_exported ''
    set -g __kctx_guard_drawn 0
    set -g __kctx_guard_shown ''
    set -g __kctx_guard_full ''
    set -g __kctx_guard_hidden ''
    set -g __kctx_guard_raw ''
    set -g __kctx_guard_env ''
    set -g __kctx_guard_h ''
    set -g __kctx_guard_m ''
    set -g __kctx_guard_entry ''
    set -g __kctx_guard_pane_done ''
    set -g __kctx_guard_show_seg ''
    set -g __kctx_guard_show_bound ''
    set -g __kctx_guard_tc ''
    set -g __kctx_guard_relative 0
    # fish 3.5+ reads the heartbeat's age with a builtin (`path mtime`); older fish cannot.
    set -g __kctx_guard_clock 0
    builtin -q path; and set -g __kctx_guard_clock 1
    set -g __kctx_guard_proc 0
    # KCTX_GUARD_TEST_PLATFORM=darwin (tests only): take the path of systems without /proc, as on macOS.
    test -d /proc/self -a "$KCTX_GUARD_TEST_PLATFORM" != darwin; and set -g __kctx_guard_proc 1
    set -gx __KCTX_GUARD_OUTER_DEPTH $__kctx_guard_depth
    set -g __kctx_guard_notice ''
end

# A cache folder this shell cannot trust is said now, while the hook is sourced, not at a prompt.
__kctx_guard_cache_dir
test -z "$__kctx_guard_notice"; or builtin printf '%s\n' $__kctx_guard_notice >&2
set -g __kctx_guard_notice ''

if test "$KCTX_GUARD_PROMPT" != manual; and not builtin functions -q __kctx_guard_user_prompt
    __kctx_guard_wrap_prompt
end
