// `kill -9` at random moments of the processes that write state.db: `serve` in the middle
// of a stream of UPDATEs and of an AXFR, `records edit` committing a large edit, and
// `sync` recording a large change made at Knot. After each kill, state.db passes SQLite's
// integrity check, holds every change that was acknowledged, and no history row is
// doubled or left open twice; a later sync converges to the provider's records.
// The kill moments are random on purpose (a fixed moment tests one point of one run);
// the seed is printed with any failure.
#include "lib/dns/tsig.hpp"
#include "lib/store/db.hpp"
#include "tests/integration/serve_clients.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/dns_client.hpp"
#include "tests/support/knot.hpp"

#include <catch2/catch.hpp>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fmt/core.h>
#include <functional>
#include <random>
#include <sys/stat.h>
#include <thread>

using namespace dnsclay;
using namespace dnsclay::test;
using namespace std::chrono_literals;

namespace {

const std::string kZone = "example.test.";

std::uint32_t random_seed() {
    return std::random_device{}();
}

using Ms = std::chrono::milliseconds;

// Sleeps a random time in [`from`, `to`] and kills `pid` with SIGKILL.
std::thread kill_later(pid_t pid, std::mt19937& rng, Ms from, Ms to) {
    Ms delay(std::uniform_int_distribution<std::int64_t>(from.count(), to.count())(rng));
    return std::thread([pid, delay] {
        std::this_thread::sleep_for(delay);
        ::kill(pid, SIGKILL);
    });
}

// When a command's writing part begins (by default: when it starts).
using Begun = std::function<bool()>;
bool at_start() {
    return true;
}

// Runs a command to its end and returns how long it took from when `begun`.
Ms run_timed(const std::vector<std::string>& argv, const std::string& log,
             const Begun& begun = at_start) {
    Daemon d(argv, log);
    REQUIRE(wait_until(begun, 60s));
    auto start = std::chrono::steady_clock::now();
    REQUIRE(wait_until([&] { return !d.running(); }, 60s));
    return std::chrono::duration_cast<Ms>(std::chrono::steady_clock::now() - start);
}

// Runs a command and kills it at a random moment of the time its writing part takes
// (`whole`, from run_timed), or a little after; returns once it has ended.
void run_killed(const std::vector<std::string>& argv, const std::string& log, std::mt19937& rng,
                Ms whole, const Begun& begun = at_start) {
    Daemon d(argv, log);
    REQUIRE(wait_until(begun, 60s));
    kill_later(d.pid(), rng, 0ms, whole * 6 / 5).join();
    REQUIRE(wait_until([&] { return !d.running(); }, 60s));
}

std::vector<std::string> rows(store::Db& db, const std::string& sql) {
    std::vector<std::string> out;
    auto st = db.prepare(sql);
    while (st.step())
        out.push_back(st.text(0));
    return out;
}

// What must hold of state.db after any crash: SQLite finds it sound; each record version
// is stored once; a record is active at most once; a version ends after it starts.
void check_state_db(const std::string& state_dir) {
    store::Db db(state_dir + "/state.db", 5s);
    CHECK(rows(db, "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
    CHECK(rows(db, "PRAGMA foreign_key_check").empty());
    CHECK(rows(db, "SELECT owner || ' ' || type || ' ' || serial_first FROM records "
                   "GROUP BY zone_id, lower(owner), type, class, ttl, rdata, serial_first "
                   "HAVING count(*) > 1")
              .empty());
    CHECK(rows(db, "SELECT owner || ' ' || type FROM records WHERE serial_deleted IS NULL "
                   "GROUP BY zone_id, lower(owner), type, class, rdata HAVING count(*) > 1")
              .empty());
    CHECK(rows(db, "SELECT owner FROM records r JOIN zones z ON z.id = r.zone_id "
                   "WHERE r.serial_first > z.serial OR r.serial_deleted < r.serial_first")
              .empty());
}

int occurrences(const std::string& text, const std::string& what) {
    int n = 0;
    for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1))
        ++n;
    return n;
}

// The UPDATE adding TXT record number `n`, signed with `key`.
dns::Bytes signed_update(const TsigCred& key, int n) {
    auto wire =
        update_adding(kZone, fmt::format("n{}.example.test. 60 TXT \"update {}\"", n, n)).to_wire();
    dns::tsig_sign_request(wire, dns::TsigKey::parse(key.spec()),
                           static_cast<std::uint64_t>(std::time(nullptr)));
    return wire;
}

} // namespace

TEST_CASE("kill -9 of serve during UPDATEs: acknowledged changes kept, history sound",
          "[serve][crash]") {
    auto seed = random_seed();
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    ServeFixture f;
    f.add_zone(kZone);
    TsigCred key{"writer", "hmac-sha256", random_secret(), {kZone}, false, {}, {}};
    f.add_tsig(key);

    std::set<int> acknowledged;
    int sent = 0;
    for (int round = 0; round < 6; ++round) {
        f.start();
        auto killer = kill_later(f.pid(), rng, 0ms, 600ms);
        for (;;) {
            int n = sent++;
            try {
                auto answer = dns::Message::parse(
                    tcp_exchange("127.0.0.1", f.port(), signed_update(key, n), {}, 3s).at(0));
                if (answer.rcode == dns::Rcode::NOERROR) acknowledged.insert(n);
            } catch (const std::exception&) {
                break; // killed: no answer
            }
        }
        killer.join();
        REQUIRE(wait_until([&] { return !f.running(); }));
        check_state_db(f.state_dir());
    }
    INFO(acknowledged.size() << " of " << sent << " UPDATEs acknowledged before the kills");
    REQUIRE(!acknowledged.empty());

    f.start();
    auto listed = listed_records(f, kZone);
    for (int n : acknowledged)
        CHECK(listed.count(fmt::format("n{}.example.test. 60 TXT \"update {}\"", n, n)) == 1);
    // Nothing invented: every record is one an UPDATE sent.
    for (const auto& line : listed) {
        if (line.find(" NS ") != std::string::npos) continue;
        int n = std::atoi(line.c_str() + 1);
        CHECK(line == fmt::format("n{}.example.test. 60 TXT \"update {}\"", n, n));
        CHECK(n < sent);
    }
    CHECK(transferred_records(f, key, kZone) == listed);
    // And the server still takes changes.
    auto answer =
        dns::Message::parse(tcp_exchange("127.0.0.1", f.port(), signed_update(key, sent)).at(0));
    CHECK(answer.rcode == dns::Rcode::NOERROR);
}

TEST_CASE("kill -9 of serve during AXFRs of a large zone leaves state.db sound", "[serve][crash]") {
    auto seed = random_seed();
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    ServeFixture f;
    f.add_zone(kZone);
    std::vector<std::string> lines;
    for (int i = 0; i < 20000; ++i)
        lines.push_back(fmt::format("h{}.example.test. 300 A 192.0.{}.{}", i, i / 250, i % 250));
    f.add_records(kZone, lines);
    TsigCred key{"reader", "hmac-sha256", random_secret(), {kZone}, true, {}, {}};
    f.add_tsig(key);
    const auto serial = f.serial(kZone);
    f.start();
    const auto before = transferred_records(f, key, kZone);
    REQUIRE(before.size() == lines.size());
    f.stop();

    for (int round = 0; round < 3; ++round) {
        f.start();
        std::thread transfer([&] { f.kdig({"-y", key.spec(), kZone, "AXFR"}); });
        kill_later(f.pid(), rng, 0ms, 300ms).join();
        transfer.join();
        REQUIRE(wait_until([&] { return !f.running(); }));
        check_state_db(f.state_dir());
        CHECK(f.serial(kZone) == serial);
    }
    f.start();
    CHECK(transferred_records(f, key, kZone) == before);
}

TEST_CASE("kill -9 of records edit while it commits: all of the edit or none of it",
          "[cli][crash]") {
    auto seed = random_seed();
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    Cli cli;
    REQUIRE(cli({"zone", "add", "example.test", "--provider", "local"}).exit_code == 0);
    // The editor replaces the 2,000 records of the round before with 2,000 of this round,
    // and then leaves a mark: what follows is the part that writes state.db.
    auto editor = cli.path("editor.sh");
    auto mark = cli.path("edited");
    write_file(editor, "#!/bin/sh\nset -e\nsed -i \"/^r$((ROUND-1))-/d\" \"$1\"\ni=0\n"
                       "while [ $i -lt 2000 ]; do\n"
                       "  echo \"r$ROUND-$i 300 IN A 192.0.2.1\" >> \"$1\"\n  i=$((i+1))\n"
                       "done\ntouch \"$MARK\"\n");
    REQUIRE(::chmod(editor.c_str(), 0755) == 0);
    Begun editor_done = [&] { return std::filesystem::exists(mark); };

    // The first edit runs to its end and times the others' kills.
    const std::vector<std::string> edit = {DNSCLAY_BIN, "--state-dir",  cli.state_dir(), "records",
                                           "edit",      "example.test", "--yes"};
    ::setenv("EDITOR", editor.c_str(), 1);
    ::setenv("ROUND", "0", 1);
    ::setenv("MARK", mark.c_str(), 1);
    const auto whole = run_timed(edit, cli.path("edit.log"), editor_done);
    for (int round = 1; round < 8; ++round) {
        ::setenv("ROUND", std::to_string(round).c_str(), 1);
        std::filesystem::remove(mark);
        run_killed(edit, cli.path("edit.log"), rng, whole, editor_done);
        check_state_db(cli.state_dir());
        auto listed = cli({"records", "list", "example.test"}).out;
        INFO("round " << round);
        auto now = occurrences(listed, fmt::format("r{}-", round));
        auto before = occurrences(listed, fmt::format("r{}-", round - 1));
        CHECK(((now == 0 && before == 2000) || (now == 2000 && before == 0)));
        if (now == 0) // killed before the commit: the next round starts from this round's
            run_timed(edit, cli.path("edit.log"));
    }
    ::unsetenv("EDITOR");
}

namespace {

// The zone at Knot for the sync crash tests: 3,000 A records besides ns1's and www's.
std::string large_knot_zone() {
    std::string zone = Knot::default_zone();
    for (int i = 0; i < 3000; ++i)
        zone += fmt::format("h{} A 192.0.{}.{}\n", i, i / 250, i % 250);
    return zone;
}

// Round `round`'s change at Knot, in one UPDATE: 200 A records deleted, 200 TXT added.
void change_at_knot(Knot& knot, int round) {
    std::string script;
    for (int i = 0; i < 200; ++i)
        script += fmt::format("update delete h{}.example.test. A\n"
                              "update add k{}-{}.example.test. 60 TXT \"round {}\"\n",
                              round * 200 + i, round, i, round);
    knot.knsupdate(script);
}

// After `rounds` changes, however the syncs of them ended: one more sync converges to
// Knot's records, and the one after it finds nothing to change.
void check_converged(Cli& cli, int rounds) {
    auto r = cli({"sync", "example.test"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    check_state_db(cli.state_dir());
    auto listed = cli({"records", "list", "example.test"}).out;
    CHECK(occurrences(listed, "\"round ") == 200 * rounds);
    CHECK(occurrences(listed, " 192.0.") == 3000 - 200 * rounds + 3); // and ns1's and www's
    auto again = cli({"sync", "example.test"});
    CHECK(again.exit_code == 0);
    CHECK(again.out.empty());
}

} // namespace

TEST_CASE("kill -9 of sync, or of serve, while it records a large change: a later sync "
          "converges",
          "[cli][serve][crash][rfc2136]") {
    REQUIRE(have_program("knotd"));
    auto seed = random_seed();
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    Knot knot(large_knot_zone());
    Cli cli;
    add_knot_zone(cli, knot);
    // Each round makes a change at Knot and syncs it; the first round's sync runs to its
    // end and times the others' kills.
    Ms whole{0};
    const int rounds = 5;

    SECTION("dnsclay sync") {
        const std::vector<std::string> sync = {DNSCLAY_BIN, "--state-dir", cli.state_dir(), "sync",
                                               "example.test"};
        for (int round = 0; round < rounds; ++round) {
            change_at_knot(knot, round);
            if (round == 0)
                whole = run_timed(sync, cli.path("sync.log"));
            else
                run_killed(sync, cli.path("sync.log"), rng, whole);
            check_state_db(cli.state_dir());
        }
    }
    SECTION("serve, syncing for Knot's NOTIFY") {
        const int port = free_port();
        const std::vector<std::string> serve = {DNSCLAY_BIN,     "--state-dir",
                                                cli.state_dir(), "serve",
                                                "--dns",         fmt::format("127.0.0.1:{}", port)};
        dns::Message notify;
        notify.opcode = dns::Opcode::NOTIFY;
        notify.aa = true;
        notify.questions.push_back(
            {dns::Name::parse("example.test."), dns::RRType::SOA, dns::RRClass::IN});
        for (int round = 0; round < rounds; ++round) {
            change_at_knot(knot, round);
            const auto log = cli.path(fmt::format("serve{}.log", round));
            auto logged = [&](const std::string& what) {
                return [&log, what] { return read_file(log).find(what) != std::string::npos; };
            };
            Daemon d(serve, log);
            REQUIRE(wait_until(logged("serving"), 60s));
            notify.id = static_cast<std::uint16_t>(round);
            auto answer = dns::Message::parse(udp_exchange("127.0.0.1", port, notify.to_wire()));
            REQUIRE(answer.rcode == dns::Rcode::NOERROR);
            if (round == 0) {
                auto start = std::chrono::steady_clock::now();
                bool synced = wait_until(logged("changed_rrsets=400"), 60s);
                INFO(read_file(log));
                REQUIRE(synced);
                whole = std::chrono::duration_cast<Ms>(std::chrono::steady_clock::now() - start);
            } else {
                kill_later(d.pid(), rng, 0ms, whole * 6 / 5).join();
                REQUIRE(wait_until([&] { return !d.running(); }, 60s));
            }
            d.stop();
            check_state_db(cli.state_dir());
        }
    }
    check_converged(cli, rounds);
}
