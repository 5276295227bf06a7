// Several processes writing one state.db at once: every write lands (WAL, busy timeout,
// BEGIN IMMEDIATE, and change_records recomputing a change when another one won).
#include "tests/support/cli.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay::test;

TEST_CASE("two processes writing state.db at once lose nothing", "[cli][concurrency]") {
    Cli cli;
    REQUIRE(cli({"zone", "add", "example.test", "--provider", "local"}).exit_code == 0);
    const int n = 20;
    std::string bin = std::string(DNSCLAY_BIN) + " --state-dir " + cli.state_dir();
    // Loop A adds records to one rrset; loop B adds zones and records to the same rrset.
    // Each loop stops at its first failure and says which.
    std::string script = "a() { for i in $(seq 1 " + std::to_string(n) + "); do " + bin +
                         " records add example.test shared 300 A 192.0.2.$i >/dev/null || "
                         "{ echo \"A failed at $i\"; return 1; }; done; }\n"
                         "b() { for i in $(seq 1 " +
                         std::to_string(n) + "); do " + bin +
                         " zone add z$i.test --provider local >/dev/null && " + bin +
                         " records add example.test shared 300 A 198.51.100.$i >/dev/null || "
                         "{ echo \"B failed at $i\"; return 1; }; done; }\n"
                         "a & pa=$!; b & pb=$!\n"
                         "wait $pa; ra=$?; wait $pb; rb=$?\n"
                         "exit $((ra + rb))\n";
    auto r = run({"sh", "-c", script}, "", std::chrono::seconds(110));
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);

    auto zones = cli.json({"zone", "list"});
    CHECK(zones["zones"].Size() == n + 1);
    auto shared = cli.json({"records", "list", "example.test", "--name", "shared"});
    CHECK(shared["records"].Size() == 2 * n);
    // Every change got its own serial: first serial + 2n.
    auto hist = cli.json({"history", "example.test"});
    const auto& last = hist["history"][hist["history"].Size() - 1];
    const auto& first = hist["history"][0];
    CHECK(last["since_serial"].GetInt64() - first["since_serial"].GetInt64() == 2 * n - 1);
}
