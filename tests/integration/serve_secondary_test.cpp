// A real Knot DNS secondary of `dnsclay serve`: our NOTIFY reaches it, it transfers the
// zone (AXFR first, then IXFR after an UPDATE and after `records edit`), and it ends up
// holding exactly the records we serve.
#include "tests/integration/serve_fixture.hpp"
#include "tests/support/knot_server.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fmt/core.h>
#include <sstream>

using namespace dnsclay::test;
using namespace std::chrono_literals;

namespace {

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::size_t count(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto pos = text.find(part); pos != std::string::npos; pos = text.find(part, pos + 1))
        ++n;
    return n;
}

// The records of a kdig transfer, sorted, without comments and TSIG records.
std::vector<std::string> transfer_records(const RunResult& r) {
    std::vector<std::string> lines;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] != ';' && !has(line, "\tTSIG\t")) lines.push_back(line);
    std::sort(lines.begin(), lines.end());
    return lines;
}

bool any_has(const std::vector<std::string>& lines, const std::string& part) {
    return std::any_of(lines.begin(), lines.end(), [&](const auto& l) { return has(l, part); });
}

// The serial in a `kdig +short SOA` answer, or 0 when there is none.
std::uint32_t short_serial(const RunResult& r) {
    std::istringstream in(r.out);
    std::string mname, rname;
    std::uint32_t serial = 0;
    in >> mname >> rname >> serial;
    return r.exit_code == 0 ? serial : 0;
}

// A Knot secondary of the gateway on `gateway_port` for example.test.: transfers signed
// with `key`, NOTIFY accepted from 127.0.0.1 when signed with that key.
std::string secondary_config(const TsigCred& key, int gateway_port) {
    return fmt::format("key:\n  - id: {0}.\n    algorithm: {1}\n    secret: {2}\n"
                       "remote:\n  - id: gw\n    address: 127.0.0.1@{3}\n    key: {0}.\n"
                       "acl:\n  - id: from-gw\n    address: 127.0.0.1\n    key: {0}.\n"
                       "    action: [notify, transfer]\n"
                       "template:\n  - id: default\n    storage: {{dir}}/zones\n"
                       "    zonefile-sync: -1\n    journal-content: changes\n"
                       "zone:\n  - domain: example.test.\n    master: gw\n    acl: from-gw\n",
                       key.name, key.algorithm, key.secret, gateway_port);
}

} // namespace

TEST_CASE("a Knot secondary follows the gateway: NOTIFY, AXFR, then IXFR after each change",
          "[serve][knot][notify][ixfr]") {
    REQUIRE(have_program("knotd"));
    ServeFixture f;
    f.add_zone("example.test.");
    f.add_records("example.test.",
                  {"example.test. 3600 NS ns1.example.test.", "ns1.example.test. 300 A 192.0.2.53",
                   "www.example.test. 300 A 192.0.2.1",
                   "example.test. 300 MX 10 mail.example.test.",
                   "example.test. 300 TXT \"v=spf1 -all\""});
    TsigCred key;
    key.name = "gw-tsig";
    key.secret = random_secret();
    key.zones = {"example.test."};
    f.add_tsig(key);

    KnotServer knot(secondary_config(key, f.port()));
    auto add = f.cli({"zone", "notify", "add", "example.test.",
                      fmt::format("127.0.0.1:{}", knot.port()), "--key", key.name});
    REQUIRE(add.exit_code == 0);
    f.start();

    auto knot_serial = [&] { return short_serial(knot.kdig({"+short", "SOA", "example.test."})); };
    auto ours = [&] {
        return transfer_records(f.kdig({"-y", key.spec(), "example.test.", "AXFR"}));
    };
    auto theirs = [&] {
        return transfer_records(knot.kdig({"-y", key.spec(), "example.test.", "AXFR"}));
    };

    // Knot holds our serial in time, or the test stops with both logs.
    auto wait_for_secondary = [&] {
        if (!wait_until([&] { return knot_serial() == f.serial("example.test."); }, 20s))
            FAIL("Knot did not catch up with serial " << f.serial("example.test.")
                                                      << "\nknot log:\n"
                                                      << knot.log() << "\nserve log:\n"
                                                      << f.log());
    };

    // serve notifies its targets when it starts; Knot answers with an AXFR.
    wait_for_secondary();
    CHECK(has(knot.log(), "notify, incoming"));
    CHECK(count(knot.log(), "AXFR, incoming") >= 1);
    CHECK(theirs() == ours());
    CHECK(ours().size() == 7);
    auto axfrs = count(knot.log(), "AXFR, incoming");

    // An UPDATE through the gateway: NOTIFY again, and an IXFR of just that change.
    auto before = f.serial("example.test.");
    auto up = f.nsupdate(key, "example.test.",
                         "update add new.example.test. 300 A 192.0.2.7\n"
                         "update delete www.example.test. A");
    REQUIRE(up.exit_code == 0);
    REQUIRE(f.serial("example.test.") > before);
    wait_for_secondary();
    CHECK(count(knot.log(), "IXFR, incoming") >= 1);
    CHECK(count(knot.log(), "AXFR, incoming") == axfrs);
    CHECK(theirs() == ours());
    CHECK(any_has(theirs(), "192.0.2.7"));
    auto ixfrs = count(knot.log(), "IXFR, incoming");

    // `records edit` from the shell, while serve runs: the same again.
    auto exported = f.cli({"records", "export", "example.test."});
    REQUIRE(exported.exit_code == 0);
    auto edited = exported.out;
    edited += "edited.example.test. 600 TXT \"from records edit\"\n";
    write_file(f.state_dir() + "/edit.zone", edited);
    before = f.serial("example.test.");
    auto edit = f.cli(
        {"records", "edit", "example.test.", "--file", f.state_dir() + "/edit.zone", "--yes"});
    INFO(edit.out << edit.err);
    REQUIRE(edit.exit_code == 0);
    REQUIRE(f.serial("example.test.") > before);
    wait_for_secondary();
    CHECK(count(knot.log(), "IXFR, incoming") > ixfrs);
    CHECK(count(knot.log(), "AXFR, incoming") == axfrs);
    auto final_records = theirs();
    CHECK(final_records == ours());
    CHECK(any_has(final_records, "from records edit"));
}
