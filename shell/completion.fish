# @KCTX_GUARD_BIN@ completion for fish. Install it once: @KCTX_GUARD_BIN@ completion fish > ~/.config/fish/completions/@KCTX_GUARD_BIN@.fish
function __kctx_guard_complete
    set -l rows (string split \n -- @KCTX_GUARD_TABLE@)
    set -l keys (string replace -r '^([^|]*\|[^|]*\|[^|]*)\|.*$' '$1' -- $rows)
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -l node ''
    set -l pending ''
    set -l positional 0
    for word in $tokens[2..-1]
        if test -n "$pending"
            set pending ''
        else if string match -q -- '-*' $word
            contains -- "option|$node|$word" $keys; and set pending $word
        else if test $positional -eq 0; and contains -- "child|$node|$word" $keys
            set node (string trim -- "$node $word")
        else
            set positional (math $positional + 1)
        end
    end
    for row in $rows
        set -l f (string split '|' -- $row)
        test "$f[2]" = "$node"; or continue
        if test -n "$pending"
            test "$f[1]" = option; and test "$f[3]" = "$pending"; or continue
            if test -z "$f[4]"
                __fish_complete_path "$cur"
            else
                string split ' ' -- $f[4]
            end
        else if string match -q -- '-*' "$cur"
            contains -- $f[1] flag option; and printf '%s\t%s\n' $f[3] $f[5]
        else if test "$f[1]" = child; and test $positional -eq 0
            printf '%s\t%s\n' $f[3] $f[5]
        else if test "$f[1]" = arg; and test "$f[3]" = "$positional"
            string split ' ' -- $f[4]
        else if test "$f[1]" = dynamic; and test "$f[3]" = "$positional"
            @KCTX_GUARD_BIN@ __complete $f[4] 2>/dev/null
        end
    end
end
complete -c @KCTX_GUARD_BIN@ -f -a '(__kctx_guard_complete)'
