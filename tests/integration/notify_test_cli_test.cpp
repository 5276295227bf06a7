// `dnsclay notify-test` against a real Knot DNS secondary, and against a target that is
// not there.
#include "lib/store/accounts.hpp"
#include "lib/store/store.hpp"
#include "lib/store/zones.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <fmt/core.h>

using namespace dnsclay;
using namespace std::chrono_literals;

TEST_CASE("notify-test reports a Knot secondary's answer and a missing target", "[notify]") {
    if (!test::have_program("knotd")) {
        WARN("knotd not installed");
        return;
    }
    test::TempDir knot;
    int knot_port = test::free_port();
    int unused_port = test::free_port();
    test::write_file(knot / "knot.conf",
                     fmt::format("server:\n  rundir: {0}\n  listen: 127.0.0.1@{1}\n"
                                 "log:\n  - target: {0}/knot.log\n    any: info\n"
                                 "database:\n  storage: {0}\n"
                                 "remote:\n  - id: gw\n    address: 127.0.0.1@{2}\n"
                                 "acl:\n  - id: notify\n    address: 127.0.0.1\n"
                                 "    action: notify\n"
                                 "zone:\n  - domain: example.test.\n    master: gw\n"
                                 "    acl: notify\n    storage: {0}\n",
                                 knot.path(), knot_port, unused_port));
    test::Daemon knotd({"knotd", "-c", knot / "knot.conf"}, knot / "stdout.log");
    REQUIRE(test::wait_until(
        [&] {
            return test::read_file(knot / "knot.log").find("server started") != std::string::npos;
        },
        10s));

    test::TempDir state;
    {
        store::Store st(state.path(), store::Config{});
        store::Transaction txn(st.db(), store::Transaction::Kind::Write);
        store::Zone z;
        z.name = "example.test.";
        z.serial = 2026112601;
        z.soa.mname = "ns1.example.test.";
        z.soa.rname = "hostmaster.example.test.";
        z.account_id = store::insert_account(st.db(), {0, z.name, "local", {}, 0});
        z.id = store::insert_zone(st.db(), z);
        store::add_notify_target(st.db(), z.id,
                                 {0, fmt::format("127.0.0.1:{}", knot_port), "udp", 0, ""});
        txn.commit();
    }
    auto r = test::run({DNSCLAY_BIN, "--state-dir", state.path(), "notify-test", "example.test."});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out,
               Catch::Contains(fmt::format("127.0.0.1:{}/udp: NOERROR, TSIG unsigned", knot_port)));
    CHECK(test::wait_until(
        [&] {
            return test::read_file(knot / "knot.log").find("notify, incoming") != std::string::npos;
        },
        5s));

    r = test::run({DNSCLAY_BIN, "--state-dir", state.path(), "--json", "notify-test",
                   "example.test.", fmt::format("127.0.0.1:{}", knot_port), "--tcp"});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out,
               Catch::Contains("\"rcode\":\"NOERROR\"") &&
                   Catch::Contains(fmt::format("\"target\":\"127.0.0.1:{}/tcp\"", knot_port)));

    r = test::run({DNSCLAY_BIN, "--state-dir", state.path(), "notify-test", "example.test.",
                   fmt::format("127.0.0.1:{}", unused_port), "--timeout", "1s"});
    CHECK(r.exit_code == 5);
    CHECK_THAT(r.err, Catch::Contains("1 of 1 targets did not acknowledge"));

    r = test::run({DNSCLAY_BIN, "--state-dir", state.path(), "notify-test", "other.test."});
    CHECK(r.exit_code == 3);
}
