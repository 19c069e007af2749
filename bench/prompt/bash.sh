# Prompt-cost probe for bash: run by bench/prompt-cost.mjs with the hook source as $1.
eval "$1"
PS1='$ '
empty() { :; }
naive() { __naive=$(kubectl config current-context 2>/dev/null); }
hook() { __kctx_guard_precmd; __kctx_guard_prompt; }
hook   # warm: key computed, entry read once
loop() { local f=$1 n=$2 s e i; s=$EPOCHREALTIME; for ((i = 0; i < n; i++)); do "$f"; done; e=$EPOCHREALTIME; echo "$f $n $(( ${e/./} - ${s/./} ))"; }
loop empty "$N"
loop hook "$N"
loop naive "$M"
contexts=(ctx-a ctx-b ctx-c ctx-d)
for ((i = 0; i < SWITCHES; i++)); do
  kubectl config use-context "${contexts[i % 4]}" >/dev/null
  s=$EPOCHREALTIME; hook; e=$EPOCHREALTIME
  echo "first $(( ${e/./} - ${s/./} )) $KCTX_GUARD_CONTEXT"
done
