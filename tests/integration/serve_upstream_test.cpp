// `dnsclay serve` in front of real upstreams, Knot (rfc2136) and PowerDNS (powerdns).
// Refresh: the cheap check between full syncs finds changes made directly at the upstream
// (by its own SOA serial, or by the SOA serial of the zone's authoritative servers where
// the zone has them), records them in history and announces them by NOTIFY; it syncs only
// when the watched serial changes, and its failures show in zone show and the log and back
// off. UPDATE: what nsupdate sends through serve reaches the upstream in one change.
#include "lib/engine/soa_check.hpp"
#include "lib/engine/sync.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/fake_authoritative.hpp"
#include "tests/support/knot.hpp"
#include "tests/support/notify_sink.hpp"
#include "tests/support/powerdns.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fmt/core.h>

using namespace dnsclay;
using namespace dnsclay::test;

namespace {

constexpr std::uint32_t kKnotSerial = 2026010101; // Knot::default_zone()
// The TSIG key nsupdate signs its UPDATEs to serve with.
const std::string kClientSecret = "Y2xpZW50LWtleS1mb3ItdGhlLXVwZGF0ZS10ZXN0cw==";
const std::string kClientKey = "hmac-sha256:client:" + kClientSecret;
// The cheap serial check every 10 s, so that the tests see it run.
const std::vector<std::string> kRefresh = {"--refresh-interval", "10s"};

// `dnsclay serve` on the Cli's state directory, logging to serve.log.
class Serve {
  public:
    explicit Serve(const Cli& cli)
        : cli_(cli), daemon_({DNSCLAY_BIN, "--state-dir", cli.state_dir(), "serve", "--dns",
                              fmt::format("127.0.0.1:{}", port_)},
                             cli.path("serve.log")) {
        REQUIRE(wait_until([&] { return log().find("serving") != std::string::npos; }));
    }
    std::string log() const { return read_file(cli_.path("serve.log")); }
    // nsupdate with kClientKey sending `lines` to serve as one UPDATE of example.test.
    RunResult nsupdate(const std::string& lines) const {
        return run(
            {"nsupdate", "-y", kClientKey},
            fmt::format("server 127.0.0.1 {}\nzone example.test.\n{}\nsend\n", port_, lines));
    }

  private:
    const Cli& cli_;
    int port_ = free_port();
    Daemon daemon_;
};

void add_client_key(const Cli& cli) {
    REQUIRE(cli({"cred", "add", "client", "--tsig", "--secret", kClientSecret, "--zone",
                 "example.test"})
                .exit_code == 0);
}

// The upstream's records as "owner TYPE rdata" lines, sorted.
std::vector<std::string> upstream_records(providers::Provider& p) {
    std::vector<std::string> out;
    for (const auto& r : p.list_records())
        if (r.type != dns::RRType::SOA) out.push_back(r.to_string());
    std::sort(out.begin(), out.end());
    return out;
}

rapidjson::Document sync_state(const Cli& cli) {
    return cli.json({"zone", "show", "example.test"});
}

} // namespace

TEST_CASE("serve's refresh picks up a change made at Knot by Knot's serial",
          "[serve][refresh][rfc2136]") {
    REQUIRE(have_program("knotd"));
    Knot knot;
    Cli cli;
    NotifySink sink;
    add_knot_zone(cli, knot, kRefresh);
    REQUIRE(cli({"zone", "notify", "add", "example.test", sink.address()}).exit_code == 0);
    Serve serve(cli);

    knot.knsupdate("update add fresh.example.test. 300 TXT \"made at knot\"");
    REQUIRE(
        wait_until([&] { return zone_serial(cli) == kKnotSerial + 1; }, std::chrono::seconds(60)));
    CHECK(history_rows(cli, "fresh", "TXT") ==
          std::vector<std::string>{fmt::format("{}.. \"made at knot\"", kKnotSerial + 1)});
    CHECK(wait_until([&] {
        auto s = sink.acknowledged();
        return std::find(s.begin(), s.end(), kKnotSerial + 1) != s.end();
    }));
    auto z = sync_state(cli);
    CHECK(z["zone"]["sync"]["provider_serial"].GetUint() == kKnotSerial + 1);
    CHECK(z["zone"]["sync"]["authoritative_serial"].IsNull());
    CHECK_THAT(serve.log(),
               Catch::Contains("check zone=example.test. synced=yes changed_rrsets=1"));
}

TEST_CASE("serve's refresh asks the zone's authoritative servers and syncs only when their "
          "serial changes",
          "[serve][refresh][rfc2136][soa-check]") {
    REQUIRE(have_program("knotd"));
    Knot knot;
    Cli cli;
    FakeAuthoritative auth("example.test.", 7);
    add_knot_zone(cli, knot, {"--refresh-interval", "10s", "--authoritative", auth.address()});
    auto shown = sync_state(cli);
    CHECK(shown["zone"]["authoritative"]["servers"][0].GetString() == auth.address());
    Serve serve(cli);

    // The first answer is news: a full sync (with nothing to change) and the serial noted.
    REQUIRE(
        wait_until([&] { return sync_state(cli)["zone"]["sync"]["authoritative_serial"].IsUint(); },
                   std::chrono::seconds(60)));
    CHECK(sync_state(cli)["zone"]["sync"]["authoritative_serial"].GetUint() == 7);

    // A change at Knot that the authoritative servers do not publish yet: the checks come
    // and go without a sync, although Knot's own serial moved.
    knot.knsupdate("update add early.example.test. 300 A 192.0.2.7");
    auto asked = auth.soa_queries();
    REQUIRE(wait_until([&] { return auth.soa_queries() >= asked + 2; }, std::chrono::seconds(60)));
    CHECK(zone_serial(cli) == kKnotSerial);
    CHECK(history_rows(cli, "early", "A").empty());

    // Their serial moves: the next check syncs.
    auth.set_serial(8);
    REQUIRE(
        wait_until([&] { return zone_serial(cli) == kKnotSerial + 1; }, std::chrono::seconds(60)));
    CHECK(history_rows(cli, "early", "A") ==
          std::vector<std::string>{fmt::format("{}.. 192.0.2.7", kKnotSerial + 1)});
    CHECK(wait_until(
        [&] { return sync_state(cli)["zone"]["sync"]["authoritative_serial"].GetUint() == 8; }));

    // A server that refuses: the error shows in zone show and the log, and the next check
    // is backed off.
    auth.set_mode(FakeAuthoritative::Mode::Refuse);
    REQUIRE(wait_until([&] { return !sync_state(cli)["zone"]["sync"]["last_error"].IsNull(); },
                       std::chrono::seconds(60)));
    auto failed = sync_state(cli);
    const auto& s = failed["zone"]["sync"];
    CHECK_THAT(s["last_error"].GetString(), Catch::Contains(auth.address() + ": answered REFUSED"));
    CHECK(s["error_count"].GetInt() == 1);
    CHECK(unix_time(s["next_refresh"].GetString()) - unix_time(s["last_error_time"].GetString()) ==
          30);
    CHECK_THAT(cli({"zone", "show", "example.test"}).out,
               Catch::Contains("last error:       SOA query for example.test. to its "
                               "authoritative servers failed: " +
                               auth.address() + ": answered REFUSED"));
    CHECK(wait_until([&] { return serve.log().find("answered REFUSED") != std::string::npos; }));
    CHECK(zone_serial(cli) == kKnotSerial + 1);
}

TEST_CASE("the authoritative check signs its SOA queries with the zone's TSIG credential",
          "[refresh][rfc2136][soa-check][tsig]") {
    REQUIRE(have_program("knotd"));
    Knot knot;
    Cli cli;
    add_knot_zone(cli, knot, kRefresh);
    // Knot is its own authoritative server here; it signs its answer to a signed query.
    REQUIRE(
        cli({"cred", "add", "gw-tsig", "--tsig", "--secret", kKnotSecret, "--zone", "example.test"})
            .exit_code == 0);
    REQUIRE(cli({"cred", "add", "wrong", "--tsig", "--zone", "example.test"}).exit_code == 0);
    auto check = [&] {
        store::Store st(cli.state_dir(), store::Config{});
        return engine::check_zone(st, "example.test.");
    };
    auto set = cli({"zone", "set", "example.test", "--authoritative", knot.server,
                    "--authoritative-key", "gw-tsig"});
    INFO(set.err);
    REQUIRE(set.exit_code == 0);
    CHECK(check()); // the first answer: a full sync
    CHECK_FALSE(check());
    knot.knsupdate("update add signed.example.test. 300 A 192.0.2.8");
    auto r = check();
    REQUIRE(r);
    CHECK(r->changed());
    CHECK(sync_state(cli)["zone"]["sync"]["authoritative_serial"].GetUint() == kKnotSerial + 1);

    // A key Knot does not know: Knot answers NOTAUTH, and the check fails saying so.
    REQUIRE(cli({"zone", "set", "example.test", "--authoritative", knot.server,
                 "--authoritative-key", "wrong"})
                .exit_code == 0);
    CHECK_THROWS_WITH(check(), Catch::Contains(knot.server + ": answered NOTAUTH"));
    CHECK_THAT(sync_state(cli)["zone"]["sync"]["last_error"].GetString(),
               Catch::Contains("NOTAUTH"));
}

TEST_CASE("UPDATEs through serve reach Knot as one UPDATE: all their changes at one new serial",
          "[serve][rfc2136][update]") {
    REQUIRE(have_program("knotd"));
    REQUIRE(have_program("nsupdate"));
    Knot knot;
    Cli cli;
    add_knot_zone(cli, knot, kRefresh);
    add_client_key(cli);
    Serve serve(cli);

    auto r = serve.nsupdate("update delete www.example.test. A\n"
                            "update add new.example.test. 300 TXT \"via serve\"\n"
                            "update delete example.test. MX\n"
                            "update add example.test. 300 MX 20 mx2.example.test.");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // Knot applied it as one UPDATE: its serial moved once, with every change in it.
    CHECK(knot.serial() == kKnotSerial + 1);
    auto upstream = upstream_records(*knot.provider());
    CHECK(upstream == std::vector<std::string>{
                          "example.test. 300 IN MX 20 mx2.example.test.",
                          "example.test. 3600 IN NS ns1.example.test.",
                          "new.example.test. 300 IN TXT \"via serve\"",
                          "ns1.example.test. 300 IN A 192.0.2.53",
                      });
    CHECK(zone_serial(cli) == kKnotSerial + 1);
    CHECK(history_rows(cli, "new", "TXT") ==
          std::vector<std::string>{fmt::format("{}.. \"via serve\"", kKnotSerial + 1)});

    // A prerequisite that does not hold: nothing reaches Knot.
    auto refused = serve.nsupdate("prereq nxdomain new.example.test.\n"
                                  "update add other.example.test. 300 A 192.0.2.5");
    CHECK(refused.exit_code != 0);
    CHECK_THAT(refused.err, Catch::Contains("YXDOMAIN"));
    CHECK(knot.serial() == kKnotSerial + 1);
    CHECK(upstream_records(*knot.provider()) == upstream);
}

TEST_CASE("serve and PowerDNS: refresh picks up API changes, UPDATEs arrive as one PATCH",
          "[serve][powerdns][refresh][update]") {
    REQUIRE(have_program("pdns_server"));
    REQUIRE(have_program("nsupdate"));
    PowerDns pdns;
    Cli cli;
    auto added = cli({"zone", "add", "example.test", "--provider", "powerdns", "--set",
                      "api_url=" + pdns.api_url, "--set", "api_key=" + kPowerDnsKey,
                      "--refresh-interval", "10s"});
    INFO(added.err);
    REQUIRE(added.exit_code == 0);
    add_client_key(cli);
    NotifySink sink;
    REQUIRE(cli({"zone", "notify", "add", "example.test", sink.address()}).exit_code == 0);
    auto before = zone_serial(cli);
    Serve serve(cli);

    auto patched = pdns.call("PATCH", "/api/v1/servers/localhost/zones/example.test.", R"({
        "rrsets": [{"name": "api.example.test.", "type": "AAAA", "ttl": 120,
                    "changetype": "REPLACE",
                    "records": [{"content": "2001:db8::53", "disabled": false}]}]})");
    REQUIRE(patched.status == 204);
    REQUIRE(wait_until([&] { return zone_serial(cli) != before; }, std::chrono::seconds(60)));
    auto after = zone_serial(cli);
    CHECK(history_rows(cli, "api", "AAAA") ==
          std::vector<std::string>{fmt::format("{}.. 2001:db8::53", after)});
    CHECK(wait_until([&] {
        auto s = sink.acknowledged();
        return std::find(s.begin(), s.end(), after) != s.end();
    }));

    auto r = serve.nsupdate("update delete www.example.test. A\n"
                            "update add mail.example.test. 300 MX 10 mx.example.test.\n"
                            "update add api.example.test. 120 AAAA 2001:db8::54");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(upstream_records(*pdns.provider()) ==
          std::vector<std::string>{
              "api.example.test. 120 IN AAAA 2001:db8::53",
              "api.example.test. 120 IN AAAA 2001:db8::54",
              "example.test. 3600 IN NS ns1.example.test.",
              "mail.example.test. 300 IN MX 10 mx.example.test.",
          });
    CHECK(history_rows(cli, "www", "A") ==
          std::vector<std::string>{
              fmt::format("{}..{} 192.0.2.1 192.0.2.2", before, zone_serial(cli))});
}
