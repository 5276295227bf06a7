#!/usr/bin/env bash
# Full sync of a 100,000-record zone from the rfc2136 provider against Knot DNS on loopback:
# `dnsclay sync` when nothing changed at Knot, and after 1 % of the records changed (1,000
# A records replaced by two UPDATEs), each the best of several runs, as wall time, CPU time
# (user + system) and peak RSS of the dnsclay process. Beside it, in the same run: the
# first sync (`zone add`, every record new) and `kdig` transferring the same zone, which
# is the floor any full sync over AXFR has to stand on.
# Usage: bench/sync_bench.sh BUILD_DIR   (run.sh calls it; use a Release build)
set -euo pipefail
build=${1:?usage: sync_bench.sh BUILD_DIR}
runs=3
bin="$build/dnsclay"
work=$(mktemp -d /tmp/syncbench.XXXXXX)
knot_pid=""
cleanup() {
    [[ -n $knot_pid ]] && kill "$knot_pid" 2>/dev/null && wait "$knot_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

secret=Wm9vS2VlcGVyU2VjcmV0Rm9yVGVzdHNPbmx5MTIzNDU=
key="hmac-sha256:gw-tsig.:$secret"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# The zone: zonefile_bench's 100,000-record bench.test. (A, AAAA, CNAME, MX, TXT, SRV,
# CAA, delegations with DS).
mkdir -p "$work/zones" "$work/db"
"$build/bench/zonefile_bench" "$work/zones/bench.test.zone" >/dev/null
cat >"$work/knot.conf" <<EOF
server:
  rundir: $work
  listen: 127.0.0.1@$port
log:
  - target: $work/knot.log
    any: warning
database:
  storage: $work/db
key:
  - id: gw-tsig.
    algorithm: hmac-sha256
    secret: $secret
acl:
  - id: gw
    key: gw-tsig.
    action: [update, transfer]
template:
  - id: default
    storage: $work/zones
    file: "%s.zone"
    zonefile-sync: -1
    journal-content: changes
    serial-policy: increment
zone:
  - domain: bench.test.
    acl: gw
EOF
knotd -c "$work/knot.conf" >"$work/knotd.out" 2>&1 &
knot_pid=$!
for try in $(seq 101); do
    kdig @127.0.0.1 -p "$port" +tcp +short SOA bench.test. 2>/dev/null | grep -q . && break
    [[ $try == 101 ]] && { echo "sync_bench.sh: knotd did not start:" >&2; cat "$work/knot.log" >&2; exit 1; }
    sleep 0.1
done

# "WALL CPU RSS_MIB" of one command (GNU time), failing if the command fails.
measure() {
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || {
        echo "sync_bench.sh: '$*' failed:" >&2
        tail -n 5 "$work/err" >&2
        return 1
    }
    awk '{ printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4 / 1024 }' "$work/time"
}
# The run with the least CPU time among lines "WALL CPU RSS".
best() { sort -k2,2n | head -n 1; }
report() { # LABEL "WALL CPU RSS"
    read -r wall cpu rss <<<"$2"
    printf '  %-44s wall %6.2f s   cpu %6.2f s   peak RSS %5d MiB\n' "$1" "$wall" "$cpu" "$rss"
    echo "BENCH $3 $wall $cpu $rss" >>"$work/bench.out"
}

# Replaces the A records of 1,000 hosts (1 % of the zone), with addresses unique to round $1.
change_one_percent() {
    for part in 0 1; do
        {
            echo "server 127.0.0.1 $port"
            echo "zone bench.test."
            for i in $(seq $((part * 500)) $((part * 500 + 499))); do
                echo "update delete host-$((i * 20)).bench.test. A"
                echo "update add host-$((i * 20)).bench.test. 300 A 198.51.$(($1 % 250)).$((i % 250 + 1))"
            done
            echo "send"
        } | knsupdate -y "$key"
    done
}

state="$work/state"
echo "sync of a 100,000-record zone from Knot $(knotd -V | awk '{print $NF}') (rfc2136 provider, TCP, TSIG):"
first=$(measure "$bin" --state-dir "$state" zone add bench.test --provider rfc2136 \
    --set "server=127.0.0.1:$port" --set "tsig_key=$key")
report "first sync (zone add: every rrset new)" "$first" first
for _ in $(seq "$runs"); do
    measure "$bin" --state-dir "$state" sync bench.test
    if [[ -s $work/out ]]; then
        echo "sync_bench.sh: a sync without change changed: $(cat "$work/out")" >&2
        exit 1
    fi
done | best >"$work/nochange"
report "sync, no change (best of $runs)" "$(cat "$work/nochange")" nochange
for round in $(seq "$runs"); do
    change_one_percent "$round"
    measure "$bin" --state-dir "$state" sync bench.test
    if ! grep -q '+0 -0 ~1000 rrsets' "$work/out"; then
        echo "sync_bench.sh: expected 1,000 replaced rrsets, got: $(cat "$work/out")" >&2
        exit 1
    fi
done | best >"$work/changed"
report "sync, 1 % changed: 1,000 rrsets (best of $runs)" "$(cat "$work/changed")" changed
for _ in $(seq "$runs"); do
    measure kdig @127.0.0.1 -p "$port" +tcp -y "$key" AXFR bench.test.
done | best >"$work/axfr"
report "peer: kdig AXFR of the same zone (best of $runs)" "$(cat "$work/axfr")" kdig_axfr
awk '$2 == "nochange" { n = $4 } $2 == "kdig_axfr" { k = $4 }
     END { printf "  no-change sync CPU / kdig AXFR CPU: %.2f (goal: no-change sync under 1 s CPU: %s)\n",
           n / k, n < 1 ? "met" : "MISSED" }' "$work/bench.out"
