#!/usr/bin/env bash
# The command-line and gateway benchmarks, each beside Knot DNS on the same machine in the
# same run, on the same 100,000-record zone (issues 3 and 4):
#   - `dnsclay records list` and `records export` against `kdig AXFR` from knotd, and
#     `dnsclay version` start-up against `kdig --version` and `knotc --version`;
#   - `dnsclay serve` against knotd: AXFR with TSIG (kdig wall time, and our peak RSS),
#     SOA queries per second over UDP (dnsperf), and UPDATEs per second with TSIG
#     (dnsperf -u, one new A record each) on the 100k zone and on a small zone.
# Usage: bench/peers.sh BUILD_DIR ZONE_FILE   (ZONE_FILE: the bench.test. zone that
# zonefile_bench writes). RUNS (default 3) and LOAD_SECONDS (dnsperf run length, default
# 10) override the defaults; SECTIONS (default "cli gateway updates") picks what runs: the
# command line, the gateway's AXFR and SOA queries, its UPDATEs. Prints one line per
# measure with the ratio to Knot.
set -euo pipefail
build=${1:?usage: peers.sh BUILD_DIR ZONE_FILE}
zonefile=${2:?usage: peers.sh BUILD_DIR ZONE_FILE}
bin=$(realpath "$build/dnsclay")
runs=${RUNS:-3}
load_seconds=${LOAD_SECONDS:-10}
sections=" ${SECTIONS:-cli gateway updates} "
zone=bench.test
small=small.test
key=bench-key
secret=$(openssl rand -base64 32)
tsig=hmac-sha256:$key:$secret
# Short: knotd's control socket path must fit in ~100 bytes.
work=$(mktemp -d /tmp/dcbench.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# A loopback port nothing listens on (TCP checked; UDP binds the same number).
free_port() {
    local p
    while :; do
        p=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
}

wait_for_soa() { # PORT ZONE
    for _ in $(seq 300); do
        kdig @127.0.0.1 -p "$1" +tcp +time=1 +retry=0 SOA "$2" 2>/dev/null | grep -q 'status: NOERROR' &&
            return 0
        sleep 0.1
    done
    echo "peers.sh: nothing answers SOA $2 on port $1" >&2
    tail -n 5 "$work"/k/knot.log "$work"/k/knotd.err "$work/serve.log" >&2
    return 1
}

# Seconds of CPU (user + system) a running process has used so far.
process_cpu() {
    awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"
}
peak_rss_mib() { awk '/^VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# Runs a command $runs times (each time `repeat` times in a row) and prints the least wall
# seconds and the least CPU seconds (user + system of the command, plus what `server_pid`
# spent meanwhile when given) per execution. Fails if the command fails.
best_of() { # REPEAT SERVER_PID|- COMMAND...
    local repeat=$1 server=$2
    shift 2
    local best_wall="" best_cpu="" wall cpu before after used
    for _ in $(seq "$runs"); do
        before=0
        [ "$server" = - ] || before=$(process_cpu "$server")
        TIMEFORMAT='%3R %3U %3S'
        { time for ((i = 0; i < repeat; i++)); do "$@" >"$work/out" 2>"$work/err" || {
            echo "peers.sh: '$*' failed:" >&2
            tail -n 5 "$work/err" >&2
            return 1
        }; done; } 2>"$work/time"
        after=0
        [ "$server" = - ] || after=$(process_cpu "$server")
        used=$(awk -v a="$after" -v b="$before" 'BEGIN { print a - b }')
        read -r wall cpu < <(awk -v n="$repeat" -v d="$used" '{ print $1 / n, ($2 + $3 + d) / n }' \
            "$work/time")
        best_wall=$(awk -v t="$wall" -v b="$best_wall" 'BEGIN { print (b == "" || t < b) ? t : b }')
        best_cpu=$(awk -v t="$cpu" -v b="$best_cpu" 'BEGIN { print (b == "" || t < b) ? t : b }')
    done
    echo "$best_wall $best_cpu"
}

row() { # LABEL OURS PEER UNIT [higher]: prints both and the ratio ours/peer
    local label=$1 ours=$2 peer=$3 unit=$4
    printf '  %-44s ours %10s %-4s knot %10s %-4s ratio %5.2f\n' "$label" "$ours" "$unit" \
        "$peer" "$unit" "$(awk -v o="$ours" -v p="$peer" 'BEGIN { print o / p }')"
}

# --- the same zone in dnsclay (local provider) and in knotd --------------------------------
state=$work/state
dnsclay() { "$bin" --state-dir "$state" "$@"; }
dnsclay zone add "$zone" --provider local >/dev/null
dnsclay zone add "$small" --provider local >/dev/null
# Our SOA (the serial is ours) with the generated records.
{
    dnsclay records export "$zone"
    grep -v ' SOA ' "$zonefile" | grep -v '^\$'
} >"$work/load.zone"
dnsclay records edit "$zone" --file "$work/load.zone" --yes >/dev/null
dnsclay records add "$small" @ 3600 NS "ns1.$small." >/dev/null
for i in $(seq 9); do dnsclay records add "$small" "host-$i" 300 A "192.0.2.$i" >/dev/null; done
dnsclay cred add "$key" --zone "$zone" --zone "$small" --tsig --algorithm hmac-sha256 \
    --secret "$secret" >/dev/null
records=$(dnsclay records list "$zone" | wc -l)

mkdir -p "$work/k/run" "$work/k/db" "$work/k/zones"
dnsclay records export "$zone" >"$work/k/zones/$zone.zone"
dnsclay records export "$small" >"$work/k/zones/$small.zone"
knot_port=$(free_port)
cat >"$work/k/knot.conf" <<CONF
server:
  rundir: $work/k/run
  listen: 127.0.0.1@$knot_port
log:
  - target: $work/k/knot.log
    any: info
database:
  storage: $work/k/db
key:
  - id: $key.
    algorithm: hmac-sha256
    secret: $secret
acl:
  - id: gw
    key: $key.
    action: [update, transfer]
template:
  - id: default
    storage: $work/k/zones
    zonefile-sync: -1
    journal-content: changes
    serial-policy: increment
zone:
  - domain: $zone.
    acl: gw
  - domain: $small.
    acl: gw
CONF
knotd -c "$work/k/knot.conf" 2>"$work/k/knotd.err" &
knot_pid=$!
pids+=("$knot_pid")
our_port=$(free_port)
"$bin" --state-dir "$state" serve --dns "127.0.0.1:$our_port" 2>"$work/serve.log" &
our_pid=$!
pids+=("$our_pid")
wait_for_soa "$knot_port" "$zone"
wait_for_soa "$knot_port" "$small"
wait_for_soa "$our_port" "$zone"

echo "zone: $zone with $records records in both; knot $(knotd --version | awk '{ print $NF }'), dnsperf $(dnsperf -h 2>&1 | awk '/^Version/ { print $2 }')"

# --- issue 3: the command line -------------------------------------------------------------
if [[ $sections == *" cli "* ]]; then
echo "command line (best of $runs; CPU = the command's user + system, plus knotd's for kdig):"
read -r knot_axfr_wall knot_axfr_cpu < <(best_of 1 "$knot_pid" kdig @127.0.0.1 -p "$knot_port" \
    -y "$tsig" AXFR "$zone")
for sub in list export; do
    read -r wall cpu < <(best_of 1 - "$bin" --state-dir "$state" records "$sub" "$zone")
    row "records $sub vs kdig AXFR, wall" "$wall" "$knot_axfr_wall" s
    row "records $sub vs kdig AXFR, CPU" "$cpu" "$knot_axfr_cpu" s
done
read -r v_wall v_cpu < <(best_of 20 - "$bin" version)
for peer in kdig knotc; do
    read -r p_wall p_cpu < <(best_of 20 - "$peer" --version)
    row "version start-up vs $peer --version, wall" "$v_wall" "$p_wall" s
    row "version start-up vs $peer --version, CPU" "$v_cpu" "$p_cpu" s
done
fi

# --- issue 4: the gateway ------------------------------------------------------------------
if [[ $sections == *" gateway "* ]]; then
echo "gateway (AXFR: kdig wall time, best of $runs; dnsperf: -c 10, $load_seconds s each):"
read -r our_axfr _ < <(best_of 1 - kdig @127.0.0.1 -p "$our_port" -y "$tsig" AXFR "$zone")
axfr_lines=$(grep -vc '^;' "$work/out" || true)
read -r knot_axfr _ < <(best_of 1 - kdig @127.0.0.1 -p "$knot_port" -y "$tsig" AXFR "$zone")
row "AXFR $records records, TSIG ($axfr_lines lines)" "$our_axfr" "$knot_axfr" s
row "peak RSS after AXFR" "$(peak_rss_mib "$our_pid")" "$(peak_rss_mib "$knot_pid")" MiB
fi

dnsperf_rate() { # PORT ARGS...: queries (or updates) per second; fails on lost ones
    local port=$1
    shift
    dnsperf -s 127.0.0.1 -p "$port" -c 10 -l "$load_seconds" "$@" >"$work/dnsperf.out" 2>&1
    awk '/(Queries|Updates) per second/ { printf "%.0f\n", $4 }' "$work/dnsperf.out"
    grep -E '(Queries|Updates) lost|Response codes' "$work/dnsperf.out" | sed "s/^ */    port $port: /" >&2
}
if [[ $sections == *" gateway "* ]]; then
    echo "$zone SOA" >"$work/soa.queries"
    ours=$(dnsperf_rate "$our_port" -d "$work/soa.queries")
    peer=$(dnsperf_rate "$knot_port" -d "$work/soa.queries")
    row "SOA queries/s over UDP" "$ours" "$peer" q/s
fi

# Unique names, so that every UPDATE adds a record; more than any server gets through.
update_file() { # ZONE PREFIX
    awk -v z="$1" -v p="$2" 'BEGIN { for (i = 0; i < 200000; i++)
        printf "%s\nadd %s-%d 300 A 192.0.2.%d\nsend\n", z, p, i, i % 250 + 1 }' \
        >"$work/updates.$1.$2"
    echo "$work/updates.$1.$2"
}
if [[ $sections == *" updates "* ]]; then
    for z in "$small" "$zone"; do
        ours=$(dnsperf_rate "$our_port" -u -y "$tsig" -d "$(update_file "$z" ours)")
        peer=$(dnsperf_rate "$knot_port" -u -y "$tsig" -d "$(update_file "$z" knot)")
        row "UPDATE/s, TSIG, zone $z" "$ours" "$peer" u/s
    done
fi
if kill -0 "$our_pid" 2>/dev/null; then
    row "peak RSS at the end" "$(peak_rss_mib "$our_pid")" "$(peak_rss_mib "$knot_pid")" MiB
else
    echo "peers.sh: dnsclay serve died; the end of its log:" >&2
    tail -n 20 "$work/serve.log" >&2
    exit 1
fi
