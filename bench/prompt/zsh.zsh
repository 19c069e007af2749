# Prompt-cost probe for zsh: run by bench/prompt-cost.mjs with the hook source as $1.
zmodload zsh/datetime zsh/mathfunc
eval "$1"
PROMPT='%# '
empty() { : }
naive() { __naive=$(kubectl config current-context 2>/dev/null) }
hook() { __kctx_guard_precmd }
hook
loop() { local f=$1 n=$2 s e i; s=$EPOCHREALTIME; for ((i = 0; i < n; i++)); do $f; done; e=$EPOCHREALTIME; print -r -- "$f $n $(( int((e - s) * 1000000) ))" }
loop empty $N
loop hook $N
loop naive $M
contexts=(ctx-a ctx-b ctx-c ctx-d)
for ((i = 0; i < SWITCHES; i++)); do
  kubectl config use-context ${contexts[i % 4 + 1]} >/dev/null
  s=$EPOCHREALTIME; hook; e=$EPOCHREALTIME
  print -r -- "first $(( int((e - s) * 1000000) )) $KCTX_GUARD_CONTEXT"
done
