// nsupdate and knsupdate against dnsclay serve: TSIG with hmac-sha256 and hmac-md5
// (certbot's default), keys made with `dnsclay cred add`, over UDP and TCP; adds, the three
// kinds of delete and a TTL change, each visible to `records list`, to a TSIG-signed AXFR
// and IXFR and in our serial; and the five prerequisite forms of RFC 2136 §2.4, each once
// holding and once failing with its rcode, changing nothing when it fails; writers racing
// on one zone; and the key forms `cred add` prints, used as printed.
#include "tests/integration/serve_clients.hpp"

#include <catch2/catch.hpp>
#include <thread>

using namespace dnsclay::test;

namespace {

const std::string kZone = "example.test.";

TsigCred granted_key(const std::string& name) {
    TsigCred key;
    key.name = name;
    key.secret = random_secret();
    key.zones = {kZone};
    return key;
}

void example_zone(ServeFixture& f) {
    f.add_zone(kZone);
    f.add_records(kZone, {
                             "example.test. 3600 NS ns1.example.test.",
                             "ns1.example.test. 3600 A 192.0.2.53",
                             "www.example.test. 300 A 192.0.2.1",
                             "multi.example.test. 300 TXT \"a\"",
                             "multi.example.test. 300 TXT \"b\"",
                             "gone.example.test. 300 A 192.0.2.9",
                             "gone.example.test. 300 TXT \"bye\"",
                         });
}

struct Client {
    std::string algorithm;
    Updater updater;
};

} // namespace

TEST_CASE("nsupdate and knsupdate add, delete and change TTLs over UDP and TCP, with "
          "hmac-sha256 and hmac-md5",
          "[serve][update]") {
    const Updater ns_udp{Tool::Nsupdate, Transport::Udp}, ns_tcp{Tool::Nsupdate, Transport::Tcp};
    const Updater kn_udp{Tool::Knsupdate, Transport::Udp}, kn_tcp{Tool::Knsupdate, Transport::Tcp};
    for (const auto& client :
         {Client{"hmac-sha256", ns_udp}, Client{"hmac-sha256", ns_tcp}, Client{"hmac-md5", ns_udp},
          Client{"hmac-md5", ns_tcp}, Client{"hmac-sha256", kn_udp}, Client{"hmac-md5", kn_tcp}}) {
        INFO(client.updater.name() << " with " << client.algorithm);
        ServeFixture f;
        example_zone(f);
        f.start();
        // Made by the administrator's command while serve runs, as certbot users would.
        auto key = cli_tsig_key(f, "updater", client.algorithm, kZone);
        auto expected = listed_records(f, kZone);
        auto serial = f.serial(kZone);

        // Each step: what nsupdate sends, and what the zone must hold afterwards.
        struct Step {
            std::string what;
            std::string commands;
            std::vector<std::string> removed;
            std::vector<std::string> added;
        };
        const std::vector<Step> steps = {
            {"add records",
             "update add new.example.test. 300 A 192.0.2.10\n"
             "update add new.example.test. 300 A 192.0.2.11\n"
             "update add txt.example.test. 600 TXT \"hello world\"",
             {},
             {"new.example.test. 300 A 192.0.2.10", "new.example.test. 300 A 192.0.2.11",
              "txt.example.test. 600 TXT \"hello world\""}},
            {"delete one RR",
             "update delete multi.example.test. TXT \"a\"",
             {"multi.example.test. 300 TXT \"a\""},
             {}},
            {"delete an rrset",
             "update delete www.example.test. A",
             {"www.example.test. 300 A 192.0.2.1"},
             {}},
            {"delete a name",
             "update delete gone.example.test.",
             {"gone.example.test. 300 A 192.0.2.9", "gone.example.test. 300 TXT \"bye\""},
             {}},
            // The same rdata with another TTL replaces the TTL, of the whole rrset (RFC 2136
            // §3.4.2.2; RFC 2181 §5.2).
            {"change a TTL",
             "update add new.example.test. 900 A 192.0.2.10",
             {"new.example.test. 300 A 192.0.2.10", "new.example.test. 300 A 192.0.2.11"},
             {"new.example.test. 900 A 192.0.2.10", "new.example.test. 900 A 192.0.2.11"}},
        };
        for (const auto& step : steps) {
            INFO(step.what);
            auto r = send_update(f, key, client.updater, kZone, step.commands);
            INFO(r.out << r.err);
            REQUIRE(update_rcode(r) == "NOERROR");
            for (const auto& gone : step.removed)
                REQUIRE(expected.erase(gone) == 1);
            expected.insert(step.added.begin(), step.added.end());
            CHECK(listed_records(f, kZone) == expected);
            CHECK(transferred_records(f, key, kZone) == expected);
            auto now = f.serial(kZone);
            CHECK(now > serial);
            // IXFR from the serial before this UPDATE carries exactly its change.
            auto diff = transferred_difference(f, key, kZone, serial);
            CHECK(diff.removed == RecordSet(step.removed.begin(), step.removed.end()));
            CHECK(diff.added == RecordSet(step.added.begin(), step.added.end()));
            serial = now;
            // The SOA that clients see carries the new serial.
            auto soa = f.kdig({"+short", kZone, "SOA"});
            CHECK(soa.out.find(" " + std::to_string(serial) + " ") != std::string::npos);
        }
    }
}

TEST_CASE(
    "nsupdate and knsupdate prerequisites: each form holds or fails with its rcode, and a failure "
    "changes nothing",
    "[serve][update]") {
    ServeFixture f;
    example_zone(f);
    auto key = granted_key("updater");
    f.add_tsig(key);
    f.start();

    // RFC 2136 §2.4 in the words of nsupdate and knsupdate, against www.example.test. (A 192.0.2.1
    // only) and nothere.example.test. (no records).
    struct Case {
        std::string prerequisite;
        std::string rcode; // NOERROR: it holds
    };
    const std::vector<Case> cases = {
        {"prereq yxdomain www.example.test.", "NOERROR"},
        {"prereq yxdomain nothere.example.test.", "NXDOMAIN"},
        {"prereq nxdomain nothere.example.test.", "NOERROR"},
        {"prereq nxdomain www.example.test.", "YXDOMAIN"},
        {"prereq yxrrset www.example.test. A", "NOERROR"},
        {"prereq yxrrset www.example.test. TXT", "NXRRSET"},
        {"prereq yxrrset www.example.test. A 192.0.2.1", "NOERROR"},
        {"prereq yxrrset www.example.test. A 192.0.2.99", "NXRRSET"},
        {"prereq nxrrset www.example.test. TXT", "NOERROR"},
        {"prereq nxrrset www.example.test. A", "YXRRSET"},
        // Written by another process while serve runs: the UPDATE sees it.
        {"prereq yxrrset cli.example.test. TXT \"from the cli\"", "NOERROR"},
    };
    auto cli = run({DNSCLAY_BIN, "--state-dir", f.state_dir(), "records", "add", kZone, "cli",
                    "300", "TXT", "\"from the cli\""});
    REQUIRE(cli.exit_code == 0);
    int marker = 0;
    for (const auto& c : cases) {
        INFO(c.prerequisite);
        auto before = listed_records(f, kZone);
        auto serial = f.serial(kZone);
        auto added = "marker" + std::to_string(++marker) + ".example.test. 300 TXT \"m\"";
        for (const auto& updater :
             {Updater{Tool::Nsupdate, Transport::Udp}, Updater{Tool::Nsupdate, Transport::Tcp},
              Updater{Tool::Knsupdate, Transport::Udp}, Updater{Tool::Knsupdate, Transport::Tcp}}) {
            auto r = send_update(f, key, updater, kZone, c.prerequisite + "\nupdate add " + added);
            INFO(updater.name() << ": " << r.out << r.err);
            CHECK(update_rcode(r) == c.rcode);
        }
        auto after = listed_records(f, kZone);
        if (c.rcode == "NOERROR") {
            // The later sends added nothing new: the record was there already.
            before.insert(added);
            CHECK(after == before);
            CHECK(f.serial(kZone) == serial + 1);
        } else {
            CHECK(after == before);
            CHECK(f.serial(kZone) == serial);
        }
    }
}

TEST_CASE("concurrent nsupdates and CLI writers are each applied once, each under a new serial",
          "[serve][update]") {
    ServeFixture f;
    example_zone(f);
    auto key = granted_key("updater");
    f.add_tsig(key);
    f.start();
    auto expected = listed_records(f, kZone);
    auto serial = f.serial(kZone);

    // Every writer adds its own record; UPDATEs (over UDP and TCP) and `records add` from
    // other processes race for the same zone and the same state.db.
    constexpr int kUpdates = 8;
    constexpr int kCliWrites = 3;
    std::vector<RunResult> results(kUpdates + kCliWrites);
    RecordSet added;
    std::vector<std::thread> writers;
    for (int i = 0; i < kUpdates; ++i) {
        auto record =
            "p" + std::to_string(i) + ".example.test. 300 TXT \"" + std::to_string(i) + "\"";
        added.insert(record);
        Updater updater{Tool::Nsupdate, i % 2 ? Transport::Tcp : Transport::Udp};
        writers.emplace_back([&results, &f, &key, i, record, updater] {
            results[static_cast<std::size_t>(i)] =
                send_update(f, key, updater, kZone, "update add " + record);
        });
    }
    for (int i = 0; i < kCliWrites; ++i) {
        auto owner = "cli" + std::to_string(i);
        auto address = "192.0.2." + std::to_string(100 + i);
        added.insert(owner + ".example.test. 300 A " + address);
        writers.emplace_back([&results, &f, i, owner, address] {
            results[static_cast<std::size_t>(kUpdates + i)] =
                run({DNSCLAY_BIN, "--state-dir", f.state_dir(), "records", "add", kZone, owner,
                     "300", "A", address});
        });
    }
    for (auto& w : writers)
        w.join();
    for (const auto& r : results) {
        INFO(r.out << r.err);
        CHECK(r.exit_code == 0);
    }

    expected.insert(added.begin(), added.end());
    CHECK(listed_records(f, kZone) == expected);
    CHECK(transferred_records(f, key, kZone) == expected);
    // Each CLI writer commits on its own; UPDATEs that wait for the zone together are
    // committed together under one new serial (RFC 2136 §3.6 lets the increment cover
    // several updates), so the serial moves once per commit: at least once for the UPDATEs.
    auto moved = static_cast<int>(f.serial(kZone) - serial);
    CHECK(moved >= kCliWrites + 1);
    CHECK(moved <= kUpdates + kCliWrites);
    // IXFR from before them all adds exactly the writers' records.
    auto diff = transferred_difference(f, key, kZone, serial);
    CHECK(diff.removed.empty());
    CHECK(diff.added == added);
}

TEST_CASE("the key forms cred add prints work as printed: nsupdate -k and knsupdate -y",
          "[serve][update]") {
    ServeFixture f;
    example_zone(f);
    f.start();
    auto made = run({DNSCLAY_BIN, "--state-dir", f.state_dir(), "cred", "add", "certbot", "--zone",
                     kZone, "--tsig", "--algorithm", "hmac-md5"});
    INFO(made.out << made.err);
    REQUIRE(made.exit_code == 0);

    // The named.conf block, as a file for nsupdate -k.
    auto from = made.out.find("key \"certbot.\" {");
    REQUIRE(from != std::string::npos);
    auto to = made.out.find("};", from);
    REQUIRE(to != std::string::npos);
    TempDir dir;
    write_file(dir / "certbot.key", made.out.substr(from, to + 2 - from) + "\n");
    auto script = "server 127.0.0.1 " + std::to_string(f.port()) + "\nzone " + kZone +
                  "\nupdate add k.example.test. 300 A 192.0.2.77\nsend\n";
    auto by_file = run({"nsupdate", "-t", "10", "-k", dir / "certbot.key"}, script);
    INFO(by_file.out << by_file.err);
    CHECK(update_rcode(by_file) == "NOERROR");

    // The -y line, for knsupdate.
    auto y = made.out.find("-y hmac-md5:certbot:");
    REQUIRE(y != std::string::npos);
    auto spec = made.out.substr(y + 3, made.out.find('\n', y) - y - 3);
    TsigCred key;
    key.algorithm = spec.substr(0, spec.find(':'));
    key.name = "certbot";
    key.secret = spec.substr(spec.rfind(':') + 1);
    REQUIRE(key.spec() == spec);
    auto by_line = send_update(f, key, Updater{Tool::Knsupdate, Transport::Tcp}, kZone,
                               "update add y.example.test. 300 A 192.0.2.78");
    INFO(by_line.out << by_line.err);
    CHECK(update_rcode(by_line) == "NOERROR");

    auto now = listed_records(f, kZone);
    CHECK(now.count("k.example.test. 300 A 192.0.2.77") == 1);
    CHECK(now.count("y.example.test. 300 A 192.0.2.78") == 1);
}
