#!/usr/bin/env bash
# Runs every benchmark; each prints its own figures and the baseline it is compared with.
# Needs a built dist/ (`npm run bench` builds first). `--quick` runs shortened versions.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == --quick ]]; then
  runs=(
    "node bench/switch-latency.mjs --switches 40 --baseline-runs 10"
    "node bench/resolve-5000.mjs --runs 5 --kubectl-runs 5"
    "node bench/identity-5000.mjs --runs 5"
    "node bench/idle.mjs --seconds 10 --settle 2"
    "node bench/prompt-cost.mjs --n 500 --naive 5 --switches 40"
    "node bench/guard-overhead.mjs --runs 30"
    "node bench/shim-overhead.mjs --runs 30"
    "node bench/cli-start.mjs --rounds 10"
    "node bench/shell-start.mjs --runs 20 --warmup 3"
    "node bench/slow-entry.mjs --switches 20 --rss-wait 20"
    "node bench/guard-question.mjs --runs 5"
    "node bench/blast-import.mjs --runs 5"
  )
else
  runs=(
    "node bench/switch-latency.mjs"
    "node bench/resolve-5000.mjs"
    "node bench/identity-5000.mjs"
    "node bench/idle.mjs"
    "node bench/prompt-cost.mjs"
    "node bench/guard-overhead.mjs"
    "node bench/shim-overhead.mjs"
    "node bench/cli-start.mjs"
    "node bench/shell-start.mjs"
    "node bench/slow-entry.mjs"
    "node bench/guard-question.mjs"
    "node bench/blast-import.mjs"
  )
fi

for run in "${runs[@]}"; do
  echo "\$ $run"
  echo "(load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
  $run
  echo
done
