// `dnsclay sync` through the real binary: against a real Knot (rfc2136) and a real
// PowerDNS (powerdns), changes made directly at the operator are picked up, recorded in
// history and announced by NOTIFY; a failing provider does not stop the other zones; a
// running `serve` syncing the same zone at the same time records nothing twice.
#include "lib/dns/message.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/dns_client.hpp"
#include "tests/support/dns_listener.hpp"
#include "tests/support/knot.hpp"
#include "tests/support/notify_sink.hpp"
#include "tests/support/powerdns.hpp"

#include <catch2/catch.hpp>
#include <fmt/core.h>
#include <thread>

using namespace dnsclay;
using namespace dnsclay::test;
using namespace std::chrono_literals;

TEST_CASE("sync: which zones, and what it refuses", "[cli][sync]") {
    Cli cli;
    auto none = cli({"sync"});
    CHECK(none.exit_code == 2);
    CHECK_THAT(none.err, Catch::Contains("--all"));
    auto all = cli({"sync", "--all"});
    CHECK(all.exit_code == 0);
    CHECK(all.out.empty());
    CHECK(all.err.empty());
    REQUIRE(cli({"zone", "add", "example.test", "--provider", "local"}).exit_code == 0);
    CHECK(cli({"sync", "example.test", "--all"}).exit_code == 2);
    auto unknown = cli({"sync", "example.test", "other.test"});
    CHECK(unknown.exit_code == 3);
    CHECK_THAT(unknown.err, Catch::Contains("zone other.test. does not exist"));
    // A zone whose records live in state.db has nothing to fetch: quiet success.
    auto local = cli({"sync", "example.test."});
    CHECK(local.exit_code == 0);
    CHECK(local.out.empty());
    CHECK(local.err.empty());
    auto d = cli.json({"sync", "--all"});
    REQUIRE(d["zones"].Size() == 1);
    CHECK(d["zones"][0]["ok"].GetBool());
    CHECK_FALSE(d["zones"][0]["changed"].GetBool());
    CHECK_FALSE(cli.json({"zone", "show", "example.test"})["zone"]["sync"]["last_sync"].IsNull());
}

TEST_CASE("sync against Knot: changes made with knsupdate reach history and NOTIFY",
          "[cli][sync][rfc2136]") {
    REQUIRE(have_program("knotd"));
    Knot knot;
    Cli cli;
    NotifySink sink;
    add_knot_zone(cli, knot);
    REQUIRE(cli({"zone", "notify", "add", "example.test", sink.address()}).exit_code == 0);
    CHECK(zone_serial(cli) == 2026010101u);

    // Nothing changed at Knot: nothing printed, nothing written, nobody notified.
    auto same = cli({"sync", "example.test"});
    CHECK(same.exit_code == 0);
    CHECK(same.out.empty());
    CHECK(same.err.empty());
    CHECK(sink.serials().empty());

    knot.knsupdate("update delete www.example.test. A\n"
                   "update add new.example.test. 60 TXT \"made at knot\"\n"
                   "update delete example.test. MX\n"
                   "update add example.test. 300 MX 20 mx2.example.test.");
    REQUIRE(knot.serial() == 2026010102u);

    // --dry-run shows the plan and writes nothing.
    auto plan = cli({"sync", "--dry-run", "example.test"});
    CHECK(plan.exit_code == 0);
    CHECK_THAT(plan.out, Catch::StartsWith("example.test.: would change +1 -1 ~1 rrsets (serial "
                                           "2026010101)\n"));
    CHECK_THAT(plan.out, Catch::Contains("+ new.example.test. 60 IN TXT \"made at knot\""));
    CHECK(zone_serial(cli) == 2026010101u);

    auto r = cli({"sync", "example.test"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "example.test.: +1 -1 ~1 rrsets, serial 2026010101 -> 2026010102\n");
    CHECK(r.err.empty());
    CHECK(zone_serial(cli) == 2026010102u);
    CHECK(sink.serials() == std::vector<std::uint32_t>{2026010102u});

    CHECK(history_rows(cli, "new", "TXT") ==
          std::vector<std::string>{"2026010102.. \"made at knot\""});
    CHECK(history_rows(cli, "www", "A") ==
          std::vector<std::string>{"2026010101..2026010102 192.0.2.1 192.0.2.2"});
    CHECK(history_rows(cli, "@", "MX") ==
          std::vector<std::string>{"2026010101..2026010102 10 mail.example.test.",
                                   "2026010102.. 20 mx2.example.test."});

    // Synced again: no change, no second NOTIFY, no new history.
    CHECK(cli({"sync", "--all"}).out.empty());
    CHECK(sink.serials().size() == 1);
    CHECK(history_rows(cli, "new", "TXT").size() == 1);

    // The JSON document of a change.
    knot.knsupdate("update add www.example.test. 300 A 192.0.2.80");
    auto d = cli.json({"sync", "example.test"});
    REQUIRE(d["zones"].Size() == 1);
    const auto& z = d["zones"][0];
    CHECK(z["zone"].GetString() == std::string("example.test."));
    CHECK(z["ok"].GetBool());
    CHECK(z["changed"].GetBool());
    CHECK(z["serial_before"].GetUint() == 2026010102u);
    CHECK(z["serial_after"].GetUint() == 2026010103u);
    CHECK(z["provider_serial"].GetUint() == 2026010103u);
    CHECK(z["added"].GetUint() == 1);
    REQUIRE(z["changes"].Size() == 1);
    CHECK(z["changes"][0]["after"][0]["data"].GetString() == std::string("192.0.2.80"));
    REQUIRE(z["notify"].Size() == 1);
    CHECK(z["notify"][0]["ok"].GetBool());
    CHECK(sink.serials() == std::vector<std::uint32_t>{2026010102u, 2026010103u});
}

TEST_CASE("sync: a failing provider is reported, the other zones still sync",
          "[cli][sync][rfc2136]") {
    REQUIRE(have_program("knotd"));
    Knot knot;
    Cli cli;
    add_knot_zone(cli, knot);
    std::string down = fmt::format("127.0.0.1:{}", free_port());
    REQUIRE(cli({"zone", "add", "down.test", "--provider", "rfc2136", "--no-initial-sync", "--set",
                 "server=" + down})
                .exit_code == 0);
    REQUIRE(cli({"zone", "add", "zz.test", "--provider", "local"}).exit_code == 0);
    knot.knsupdate("update add late.example.test. 300 A 192.0.2.99");

    auto r = cli({"sync", "--all"});
    CHECK(r.exit_code == 5);
    CHECK_THAT(r.err, Catch::StartsWith("dnsclay: zone down.test.: ") &&
                          Catch::Contains("cannot connect"));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.out == "example.test.: +1 -0 ~0 rrsets, serial 2026010101 -> 2026010102\n");

    // The document outlives the view of its member: GetObject() does not own it.
    auto shown_doc = cli.json({"zone", "show", "down.test"});
    auto shown = shown_doc["zone"]["sync"].GetObject();
    CHECK_THAT(shown["last_error"].GetString(), Catch::Contains("cannot connect"));
    CHECK(shown["error_count"].GetInt() == 1);
    CHECK(unix_time(shown["next_sync"].GetString()) -
              unix_time(shown["last_error_time"].GetString()) ==
          30);
    CHECK(cli.json({"zone", "show", "zz.test"})["zone"]["sync"]["last_error"].IsNull());
    // Failures in a row back off exponentially, as zone show tells.
    CHECK(cli({"sync", "down.test"}).exit_code == 5);
    auto again_doc = cli.json({"zone", "show", "down.test"});
    auto again = again_doc["zone"]["sync"].GetObject();
    CHECK(again["error_count"].GetInt() == 2);
    CHECK(unix_time(again["next_sync"].GetString()) -
              unix_time(again["last_error_time"].GetString()) ==
          60);
    CHECK_THAT(cli({"zone", "show", "down.test"}).out, Catch::Contains("cannot connect") &&
                                                           Catch::Contains("; 2 in a row)\n") &&
                                                           Catch::Contains("next sync:"));

    auto d = parse_json(cli({"--json", "sync", "down.test", "example.test"}).out);
    REQUIRE(d["zones"].Size() == 2);
    CHECK_FALSE(d["zones"][0]["ok"].GetBool());
    CHECK_THAT(d["zones"][0]["error"].GetString(), Catch::Contains("cannot connect"));
    CHECK(d["zones"][1]["ok"].GetBool());
    // --quiet leaves only the errors.
    auto quiet = cli({"--quiet", "sync", "--all"});
    CHECK(quiet.exit_code == 5);
    CHECK(quiet.out.empty());
}

TEST_CASE("sync: a NOTIFY target that never answers holds sync only briefly and is reported",
          "[cli][sync][rfc2136][notify]") {
    REQUIRE(have_program("knotd"));
    Knot knot;
    Cli cli; // the default [notify] policy: 5 retries from 15 s, minutes in all
    add_knot_zone(cli, knot);
    NotifySink dead;
    dead.set_answering(false);
    REQUIRE(cli({"zone", "notify", "add", "example.test", dead.address()}).exit_code == 0);
    knot.knsupdate("update add late.example.test. 300 A 192.0.2.99");
    auto r = cli({"sync", "example.test"});
    // The sync stands and the exit code says so; the silent target is reported.
    CHECK(r.exit_code == 0);
    CHECK(r.out == "example.test.: +1 -0 ~0 rrsets, serial 2026010101 -> 2026010102\n");
    CHECK_THAT(r.err, Catch::StartsWith("dnsclay: zone example.test.: NOTIFY to " + dead.address() +
                                        "/udp was not acknowledged within 5s: ") &&
                          Catch::Contains("timeout") &&
                          Catch::Contains("a running dnsclay serve keeps retrying"));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(dead.serials() == std::vector<std::uint32_t>{2026010102u});
    CHECK(zone_serial(cli) == 2026010102u);

    // --notify-wait sets the wait; --json reports the target.
    knot.knsupdate("update add later.example.test. 300 A 192.0.2.98");
    auto d = parse_json(cli({"--json", "sync", "--notify-wait", "1s", "example.test"}).out);
    REQUIRE(d["zones"].Size() == 1);
    const auto& z = d["zones"][0];
    CHECK(z["ok"].GetBool());
    CHECK(z["changed"].GetBool());
    REQUIRE(z["notify"].Size() == 1);
    CHECK(z["notify"][0]["target"].GetString() == dead.address() + "/udp");
    CHECK_FALSE(z["notify"][0]["ok"].GetBool());
    CHECK(z["notify"][0]["rcode"].IsNull());
    CHECK_THAT(z["notify"][0]["error"].GetString(), Catch::Contains("timeout"));
    CHECK(cli({"sync", "--notify-wait", "soon", "example.test"}).exit_code == 2);
}

TEST_CASE("sync: a running serve goes on notifying the targets sync gave up on",
          "[cli][sync][rfc2136][notify]") {
    REQUIRE(have_program("knotd"));
    Knot knot;
    Cli cli;
    write_file(cli.path("config.toml"), "[notify]\nretry_interval = \"1s\"\ntimeout = \"1s\"\n");
    add_knot_zone(cli, knot);
    NotifySink secondary;
    secondary.set_answering(false);
    REQUIRE(cli({"zone", "notify", "add", "example.test", secondary.address()}).exit_code == 0);
    Daemon serve({DNSCLAY_BIN, "--state-dir", cli.state_dir(), "serve", "--dns",
                  fmt::format("127.0.0.1:{}", free_port())},
                 cli.path("serve.log"));
    REQUIRE(wait_until(
        [&] { return read_file(cli.path("serve.log")).find("serving") != std::string::npos; }));

    knot.knsupdate("update add late.example.test. 300 A 192.0.2.99");
    auto r = cli({"sync", "--notify-wait", "1s", "example.test"});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("was not acknowledged within 1s"));
    // serve saw the new serial in state.db and notifies too; its unanswered tries are in
    // its log, as log lines like the others.
    const std::string failed_try = "info NOTIFY try failed zone=example.test. "
                                   "serial=2026010102 target=" +
                                   secondary.address() + "/udp tries=1 ";
    bool logged = wait_until(
        [&] { return read_file(cli.path("serve.log")).find(failed_try) != std::string::npos; });
    INFO(read_file(cli.path("serve.log")));
    CHECK(logged);
    // The secondary comes back: serve retransmits.
    secondary.set_answering(true);
    auto acknowledged = [&] {
        auto a = secondary.acknowledged();
        return std::find(a.begin(), a.end(), 2026010102u) != a.end();
    };
    CHECK(wait_until(acknowledged, std::chrono::seconds(30)));
}

TEST_CASE("sync and a running serve sync the same change once", "[cli][sync][rfc2136]") {
    REQUIRE(have_program("knotd"));
    Knot knot;
    Cli cli;
    add_knot_zone(cli, knot);
    int port = free_port();
    Daemon serve({DNSCLAY_BIN, "--state-dir", cli.state_dir(), "serve", "--dns",
                  fmt::format("127.0.0.1:{}", port)},
                 cli.path("serve.log"));
    REQUIRE(wait_until(
        [&] { return read_file(cli.path("serve.log")).find("serving") != std::string::npos; }));
    for (int round = 1; round <= 3; ++round) {
        knot.knsupdate(fmt::format("update add r{}.example.test. 300 A 192.0.2.{}", round, round));
        // Knot's NOTIFY, as it would send it: serve starts its own sync of the zone...
        dns::Message notify;
        notify.id = static_cast<std::uint16_t>(round);
        notify.opcode = dns::Opcode::NOTIFY;
        notify.aa = true;
        notify.questions.push_back(
            {dns::Name::parse("example.test."), dns::RRType::SOA, dns::RRClass::IN});
        auto answer = dns::Message::parse(udp_exchange("127.0.0.1", port, notify.to_wire()));
        CHECK(answer.rcode == dns::Rcode::NOERROR);
        // ...while cron's sync runs.
        auto r = cli({"sync", "example.test"});
        INFO(r.err);
        CHECK(r.exit_code == 0);
        CHECK(wait_until([&] { return zone_serial(cli) == 2026010101u + round; }));
    }
    // Each change was recorded once, whichever process got there first.
    for (int round = 1; round <= 3; ++round)
        CHECK(history_rows(cli, fmt::format("r{}", round), "A") ==
              std::vector<std::string>{fmt::format("{}.. 192.0.2.{}", 2026010101u + round, round)});
    CHECK(history_rows(cli, "www", "A") ==
          std::vector<std::string>{"2026010101.. 192.0.2.1 192.0.2.2"});
}

TEST_CASE("sync against PowerDNS: changes made through its API reach history and NOTIFY",
          "[cli][sync][powerdns]") {
    REQUIRE(have_program("pdns_server"));
    PowerDns pdns;
    Cli cli;
    NotifySink sink;
    auto added = cli({"zone", "add", "example.test", "--provider", "powerdns", "--set",
                      "api_url=" + pdns.api_url, "--set", "api_key=env:PDNS_KEY"},
                     "", {{"PDNS_KEY", kPowerDnsKey}});
    INFO(added.err);
    REQUIRE(added.exit_code == 0);
    REQUIRE(cli({"zone", "notify", "add", "example.test", sink.address(), "--tcp"}).exit_code == 0);
    auto before = zone_serial(cli);
    auto same = cli({"sync", "example.test"}, "", {{"PDNS_KEY", kPowerDnsKey}});
    CHECK(same.exit_code == 0);
    CHECK(same.out.empty());

    auto patched = pdns.call("PATCH", "/api/v1/servers/localhost/zones/example.test.", R"({
        "rrsets": [
          {"name": "api.example.test.", "type": "AAAA", "ttl": 120, "changetype": "REPLACE",
           "records": [{"content": "2001:db8::53", "disabled": false}]},
          {"name": "odd.example.test.", "type": "ALIAS", "ttl": 300, "changetype": "REPLACE",
           "records": [{"content": "target.example.net.", "disabled": false}]},
          {"name": "www.example.test.", "type": "A", "changetype": "DELETE"}]})");
    REQUIRE(patched.status == 204);
    auto r = cli({"sync", "example.test"}, "", {{"PDNS_KEY", kPowerDnsKey}});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::StartsWith("example.test.: +1 -1 ~0 rrsets, serial "));
    auto after = zone_serial(cli);
    CHECK(after > before);
    CHECK(history_rows(cli, "api", "AAAA") ==
          std::vector<std::string>{fmt::format("{}.. 2001:db8::53", after)});
    CHECK(history_rows(cli, "www", "A") ==
          std::vector<std::string>{fmt::format("{}..{} 192.0.2.1 192.0.2.2", before, after)});
    CHECK(sink.serials() == std::vector<std::uint32_t>{after});
    // The record PowerDNS holds that we cannot read (ALIAS) is left out, and zone show
    // says so, with both serials.
    auto show = cli({"zone", "show", "example.test"});
    CHECK_THAT(show.out,
               Catch::Contains("skipped records:  1 at the provider could not be read: "
                               "odd.example.test.") &&
                   Catch::Contains(fmt::format("serial:           {} (at the provider: ", after)) &&
                   Catch::Contains("next sync:") && Catch::Contains("next refresh:"));
    auto shown = cli.json({"zone", "show", "example.test"});
    auto sync_state = shown["zone"]["sync"].GetObject();
    CHECK(sync_state["skipped_records"].GetInt() == 1);
    CHECK_THAT(sync_state["skipped_detail"].GetString(), Catch::Contains("ALIAS"));
    CHECK(sync_state["provider_serial"].IsUint());
    // The key's env: reference cannot be resolved: the zone's sync fails, and says why.
    auto failed = cli({"sync", "example.test"});
    CHECK(failed.exit_code == 5);
    CHECK_THAT(failed.err, Catch::Contains("PDNS_KEY"));
    CHECK_THAT(cli.json({"zone", "show", "example.test"})["zone"]["sync"]["last_error"].GetString(),
               Catch::Contains("PDNS_KEY"));
}

TEST_CASE("sync draws a progress bar only on a terminal", "[cli][sync]") {
    REQUIRE(have_program("script"));
    Cli cli;
    for (int i = 0; i < 10; ++i)
        REQUIRE(cli({"zone", "add", fmt::format("z{}.test", i), "--provider", "local"}).exit_code ==
                0);
    auto plain = cli({"sync", "--all"});
    CHECK(plain.exit_code == 0);
    CHECK(plain.err.empty());
    // script(1) gives the command a terminal and copies what it writes there.
    auto tty = run({"script", "-qec",
                    fmt::format("{} --state-dir {} sync --all", DNSCLAY_BIN, cli.state_dir()),
                    "/dev/null"});
    CHECK(tty.exit_code == 0);
    CHECK_THAT(tty.out, Catch::Contains("10/10 z9.test."));
}
