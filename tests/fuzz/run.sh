#!/usr/bin/env bash
# Runs every fuzz target in BUILD_DIR for SECONDS each, starting from the committed seed
# corpus in tests/fuzz/corpus/<target>/ and keeping what it finds in
# tests/fuzz/corpus-out/<target>/ (not committed). Exits non-zero on the first crash.
# FUZZ_SEED fixes libFuzzer's random seed (CI sets it so a run can be repeated); unset or
# 0 picks a new one each run, which is what a longer campaign wants.
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR SECONDS}
seconds=${2:-10}
here=$(cd "$(dirname "$0")" && pwd)
export UBSAN_OPTIONS="suppressions=$here/ubsan.supp${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
for bin in "$build"/tests/fuzz/fuzz_*; do
    [ -x "$bin" ] || continue
    name=$(basename "$bin")
    target=${name#fuzz_}
    seeds="$here/corpus/$target"
    out="$here/corpus-out/$target"
    mkdir -p "$out" "$seeds"
    echo "fuzz: $name for ${seconds}s"
    "$bin" -max_total_time="$seconds" -seed="${FUZZ_SEED:-0}" -print_final_stats=1 -artifact_prefix="$out/" \
        "$out" "$seeds" 2>"$out.log" || {
        tail -n 40 "$out.log"
        echo "fuzz: $name crashed; the input is in $out/" >&2
        exit 1
    }
    grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$out.log" | sed "s/^/  /"
done
