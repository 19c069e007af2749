# Prompt-cost probe for fish: run by bench/prompt-cost.mjs with the hook source as $argv[1].
# fish has no microsecond clock builtin, so loops are timed with `date +%s%N` around them
# (two forks per loop, negligible over N iterations); single prompts subtract the measured
# cost of a `date` pair.
# A trivial user prompt, wrapped by the hook like any fish_prompt; "empty" draws it without the hook.
function fish_prompt
    echo -n '> '
end
functions -c fish_prompt __bench_plain_prompt
echo $argv[1] | source
function empty
    __bench_plain_prompt >/dev/null
end
function naive
    set -g __naive (kubectl config current-context 2>/dev/null)
end
function hook
    __kctx_guard_precmd
    fish_prompt >/dev/null
end
hook
function loop --argument-names f n
    set -l s (date +%s%N)
    for i in (seq $n)
        $f
    end
    set -l e (date +%s%N)
    echo $f $n (math --scale 0 "($e - $s) / 1000")
end
loop empty $N
loop hook $N
loop naive $M
set -l pair
for i in (seq 20)
    set -l s (date +%s%N)
    set -l e (date +%s%N)
    set -a pair (math --scale 0 "($e - $s) / 1000")
end
echo datepair (string join ' ' $pair)
set -l contexts ctx-a ctx-b ctx-c ctx-d
for i in (seq $SWITCHES)
    kubectl config use-context $contexts[(math "($i - 1) % 4 + 1")] >/dev/null
    set -l s (date +%s%N)
    hook
    set -l e (date +%s%N)
    echo first (math --scale 0 "($e - $s) / 1000") $KCTX_GUARD_CONTEXT
end
