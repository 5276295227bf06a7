#!/usr/bin/env bash
# Runs the benchmarks built in BUILD_DIR (bench/*_bench) and, in the same run on the same
# zone file, times Knot's kzonecheck, BIND's named-checkzone and ldns-read-zone, printing
# each peer's time next to ours as a ratio (peer seconds / our seconds: above 1 means we
# are faster). Those times are CPU seconds (user + system), best of several runs, so that
# other work on a shared machine does not distort them. Then bench/peers.sh loads the same
# zone into dnsclay and into knotd and compares the command line and `dnsclay serve` with
# Knot (its ratios are ours / Knot's); sync_bench.sh syncs a large zone from Knot, and
# web_provider_bench runs every web-API provider against its fake. Build with Release
# first: ./dev.sh bench does both.
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR}
runs=3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); cpu: $(grep -m1 'model name' /proc/cpuinfo |
    cut -d: -f2 | sed 's/^ //'); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"

"$build/bench/zonefile_bench" "$work/bench.zone" | tee "$work/zonefile.out" | grep -v '^BENCH'
"$build/bench/message_bench" | grep -v '^BENCH'

ours() { awk -v n="$1" '$1 == "BENCH" && $2 == n { print $3 }' "$work/zonefile.out"; }

# Least CPU time (user + system) of $runs runs of a command; fails if the command fails.
best_cpu_time() {
    local best="" t
    for _ in $(seq "$runs"); do
        TIMEFORMAT='%U %S'
        { time "$@" >/dev/null 2>"$work/peer.err"; } 2>"$work/time" || {
            echo "run.sh: '$*' failed:" >&2
            tail -n 5 "$work/peer.err" >&2
            return 1
        }
        t=$(awk '{ print $1 + $2 }' "$work/time")
        best=$(awk -v t="$t" -v b="$best" 'BEGIN { print (b == "" || t < b) ? t : b }')
    done
    echo "$best"
}

compare() { # LABEL OUR_BENCH_NAME PEER_COMMAND...
    local label=$1 name=$2
    shift 2
    local peer our
    peer=$(best_cpu_time "$@")
    our=$(ours "$name")
    printf '  %-46s %7.3f s   ours %-15s %7.3f s   ratio %5.2f\n' "$label" "$peer" "$name" \
        "$our" "$(awk -v p="$peer" -v o="$our" 'BEGIN { print p / o }')"
}

echo "peers on the same 100,000-record zone file (CPU seconds, best of $runs):"
compare "kzonecheck (knot $(kzonecheck -V | awk '{print $NF}'); parse + checks)" parse \
    kzonecheck -o bench.test. "$work/bench.zone"
compare "named-checkzone (BIND $(named-checkzone -v | cut -d- -f1); parse + checks)" parse \
    named-checkzone bench.test. "$work/bench.zone"
compare "ldns-read-zone (ldns $(ldns-read-zone -v | awk '{print $NF}' | tr -d ')'); parse + print)" \
    parse+serialize ldns-read-zone "$work/bench.zone"

echo "command line and gateway beside knotd, on the same zone:"
"$(dirname "$0")/peers.sh" "$build" "$work/bench.zone"
echo
"$(dirname "$0")/sync_bench.sh" "$build"
echo
if [ -x "$build/bench/web_provider_bench" ]; then
    "$build/bench/web_provider_bench"
else
    echo "web_provider_bench was not built: it needs the tests' fakes (DNSCLAY_TESTS=ON)"
fi
