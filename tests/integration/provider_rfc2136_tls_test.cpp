// The `rfc2136` provider over DNS-over-TLS (transport tls, tls_pin). Knot 3.2 serves no
// DoT, so the upstream primary here is another `dnsclay serve` with a DoT listener and a
// zone on the `local` provider: AXFR and UPDATE both cross TLS, authenticated by the
// server key's pin; a wrong pin, a missing one (self-signed key, no CA) and bad field
// values are refused with clear errors.
#include "lib/store/keys.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/knot.hpp"

#include <catch2/catch.hpp>
#include <fmt/core.h>

using namespace dnsclay;
using namespace dnsclay::test;

namespace {

// A `dnsclay serve` holding example.test. (local provider) with a TSIG key that may
// transfer and update it, listening for DNS over TLS.
struct Upstream {
    Cli cli;
    int tls_port = free_port();
    std::string secret;
    std::string pin;
    std::unique_ptr<Daemon> serve;

    Upstream() {
        REQUIRE(cli({"zone", "add", "example.test", "--provider", "local"}).exit_code == 0);
        REQUIRE(cli({"records", "add", "example.test", "www", "300", "A", "192.0.2.1"}).exit_code ==
                0);
        auto cred = cli.json({"cred", "add", "gw-tsig", "--zone", "example.test", "--tsig"});
        secret = cred["credential"]["secret"].GetString();
        auto p = cli({"tls-pin"});
        REQUIRE(p.exit_code == 0);
        pin = p.out.substr(0, p.out.find('\n'));
        serve = std::make_unique<Daemon>(
            std::vector<std::string>{DNSCLAY_BIN, "--state-dir", cli.state_dir(), "serve", "--dns",
                                     fmt::format("127.0.0.1:{}", free_port()), "--dns-tls",
                                     address()},
            cli.path("serve.log"));
        REQUIRE(wait_until(
            [&] { return read_file(cli.path("serve.log")).find("serving") != std::string::npos; }));
    }
    std::string address() const { return fmt::format("127.0.0.1:{}", tls_port); }
    std::string key() const { return "hmac-sha256:gw-tsig.:" + secret; }
};

RunResult add_zone(const Cli& gw, const Upstream& up, const std::vector<std::string>& extra) {
    return gw(rfc2136_zone_add(up.address(), up.key(), extra));
}

} // namespace

TEST_CASE("rfc2136 over TLS: AXFR and UPDATE through a pinned DoT upstream",
          "[rfc2136][tls][cli]") {
    Upstream up;
    Cli gw;
    auto added = add_zone(gw, up, {"--set", "transport=tls", "--set", "tls_pin=" + up.pin});
    INFO(added.err);
    REQUIRE(added.exit_code == 0);
    CHECK_THAT(added.out, Catch::Contains("1 records"));

    // A change through the gateway reaches the upstream by UPDATE over TLS.
    auto r = gw({"records", "add", "example.test", "tls", "300", "TXT", "\"over tls\""});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto listed = up.cli({"records", "list", "example.test", "--name", "tls"});
    CHECK_THAT(listed.out, Catch::Contains("\"over tls\""));

    // A change made at the upstream comes back by AXFR over TLS.
    REQUIRE(
        up.cli({"records", "add", "example.test", "new", "60", "AAAA", "2001:db8::1"}).exit_code ==
        0);
    auto synced = gw({"sync", "example.test"});
    INFO(synced.err);
    CHECK(synced.exit_code == 0);
    CHECK_THAT(synced.out, Catch::StartsWith("example.test.: +1 -0 ~0 rrsets"));

    // The pin in hex works as well as in base64.
    Cli hex;
    auto raw = store::base64_decode(up.pin);
    REQUIRE(raw);
    CHECK(
        add_zone(hex, up, {"--set", "transport=tls", "--set", "tls_pin=" + store::hex_encode(*raw)})
            .exit_code == 0);
}

TEST_CASE("rfc2136 over TLS: wrong or missing pins and bad fields are refused",
          "[rfc2136][tls][cli]") {
    Upstream up;
    Cli gw;
    std::string other_pin = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    auto wrong = add_zone(gw, up, {"--set", "transport=tls", "--set", "tls_pin=" + other_pin});
    CHECK(wrong.exit_code == 5);
    CHECK_THAT(wrong.err, Catch::Contains("the server's key has pin " + up.pin) &&
                              Catch::Contains("not the configured tls_pin"));
    // No pin: the self-signed key is not trusted by any CA.
    auto unpinned = add_zone(gw, up, {"--set", "transport=tls"});
    CHECK(unpinned.exit_code == 5);
    CHECK_THAT(unpinned.err, Catch::Contains("TLS handshake failed"));
    // Plain TCP to the DoT port does not get a DNS answer.
    auto plain = add_zone(gw, up, {});
    CHECK(plain.exit_code == 5);

    auto tcp_pin = add_zone(gw, up, {"--set", "tls_pin=" + up.pin});
    CHECK(tcp_pin.exit_code == 5);
    CHECK_THAT(tcp_pin.err, Catch::Contains("tls_pin needs transport tls"));
    auto quic = add_zone(gw, up, {"--set", "transport=quic"});
    CHECK_THAT(quic.err, Catch::Contains("not tcp or tls"));
    auto garbage = add_zone(gw, up, {"--set", "transport=tls", "--set", "tls_pin=nonsense"});
    CHECK_THAT(garbage.err, Catch::Contains("tls_pin is not an SPKI SHA-256 pin"));
    // Nothing was added by the refused attempts.
    CHECK(gw.json({"zone", "list"})["zones"].Size() == 0);
}
