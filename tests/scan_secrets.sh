#!/bin/sh
# The suite's last test (a ctest fixture's cleanup): no secret the integration tests
# recorded (tests/support/suite_record.hpp) is in any output they recorded (what the
# programs under test printed and logged), and no private key is. The first test recorded a
# canary secret and had it printed twice, by run() and in a Daemon's log: the scan must
# find it there and only there, so recording, the environment and this search are shown to
# work and the scan cannot pass for want of records. `dnsclay cred add` prints the new
# credential's secret once by design: its outputs (dnsclay_cred_add) are passed over.
set -eu
dir=${1:?usage: scan_secrets.sh RECORD_DIR}
fail() {
    echo "scan: $*" >&2
    exit 1
}
[ -s "$dir/canary" ] || fail "no canary in $dir: the suite's first test did not run"
canary=$(cat "$dir/canary")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat "$dir"/secrets/* | grep -v '^$' | sort -u >"$work/all"
grep -vxF -e "$canary" "$work/all" >"$work/secrets" || true
outputs=$(find "$dir/outputs" -type f | wc -l)
echo "scan: $(wc -l <"$work/secrets") secrets besides the canary, $outputs outputs"

canary_hits=$(grep -rlF -e "$canary" "$dir/outputs" | wc -l)
[ "$canary_hits" -ge 2 ] || fail "the canary was found in $canary_hits outputs, not the 2 it was printed in"

leaks=0
if [ -s "$work/secrets" ]; then
    for f in $(grep -rlF -f "$work/secrets" --exclude='*-dnsclay_cred_add' "$dir/outputs" || true); do
        echo "scan: $(basename "$f") holds $(grep -oF -f "$work/secrets" "$f" | sort -u | head -3 | tr '\n' ' ')" >&2
        leaks=$((leaks + 1))
    done
fi
for f in $(grep -rlE -e '-----BEGIN [A-Z ]*PRIVATE KEY-----' "$dir/outputs" || true); do
    echo "scan: $(basename "$f") holds a private key" >&2
    leaks=$((leaks + 1))
done
[ "$leaks" -eq 0 ] || fail "$leaks outputs hold secrets"
echo "scan: no secret in any output"
