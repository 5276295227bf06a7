#!/usr/bin/env bash
# The demo behind `./dev.sh demo`: a fresh state directory with one zone on the `local`
# provider (dnsclay is then a standalone hidden primary), a TSIG key granted on it, a
# NOTIFY target, and `dnsclay serve` in the foreground on free loopback ports. It prints
# the commands to try from another shell. Ctrl-C stops the server.
#
#   scripts/demo.sh [BUILD_DIR]      (default: build)
#   DNSCLAY_DEMO_DIR=DIR keeps the state directory there instead of a new /tmp directory.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build}
bin=$(realpath "$build/dnsclay")
[ -x "$bin" ] || { echo "demo: $bin not found; run ./dev.sh build first" >&2; exit 1; }
state=${DNSCLAY_DEMO_DIR:-$(mktemp -d /tmp/dnsclay-demo.XXXXXX)}
zone=example.test
key=demo-key
secret=$(openssl rand -base64 32)

# A loopback port nothing listens on (TCP checked; UDP binds the same number).
free_port() {
    local p
    while :; do
        p=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
}
port=$(free_port)
tls_port=$(free_port)
notify_port=$(free_port)

dnsclay() { "$bin" --state-dir "$state" "$@"; }
dnsclay zone add "$zone" --provider local >/dev/null
dnsclay cred add "$key" --zone "$zone" --tsig --algorithm hmac-sha256 --secret "$secret" >/dev/null
dnsclay zone notify add "$zone" "127.0.0.1:$notify_port" --udp >/dev/null
dnsclay records add "$zone" www 300 A 192.0.2.1 >/dev/null
dnsclay records add "$zone" @ 300 MX "10 mail.$zone." >/dev/null
pin=$(dnsclay tls-pin)

cat <<TXT
dnsclay demo: state directory $state
  zone $zone (provider local), TSIG key $key (hmac-sha256), NOTIFY target 127.0.0.1:$notify_port
  DNS on 127.0.0.1:$port (UDP and TCP), DNS-over-TLS on 127.0.0.1:$tls_port

Try from another shell:

  printf 'server 127.0.0.1 $port\nzone $zone\nupdate add hello.$zone 300 TXT "hello world"\nsend\n' | nsupdate -y hmac-sha256:$key:$secret

  kdig @127.0.0.1 -p $port -y hmac-sha256:$key:$secret $zone AXFR

  kdig @127.0.0.1 -p $tls_port +tls-pin=$pin -y hmac-sha256:$key:$secret $zone AXFR

  kdig @127.0.0.1 -p $port $zone SOA

  $bin --state-dir $state records list $zone

Stop the server with Ctrl-C.
TXT
exec "$bin" --state-dir "$state" serve --dns "127.0.0.1:$port" --dns-tls "127.0.0.1:$tls_port"
