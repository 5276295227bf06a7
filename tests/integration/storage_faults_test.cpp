// state.db when the storage misbehaves: another process holding the write lock, a full
// disk, a read-only state directory. Each gives an error that says what is wrong, changes
// nothing that was not acknowledged, and leaves state.db sound; writing works again once
// the cause is gone.
// The full disk and the read-only directory are a small tmpfs and a read-only bind mount
// in a mount namespace of their own (`unshare -Urm`), so no privileges are needed and
// nothing outside the test sees them. Everything that must happen on them runs in one
// shell script inside the namespace; the test checks its transcript and a copy of
// state.db taken before the namespace goes away.
#include "lib/store/db.hpp"
#include "tests/integration/serve_clients.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/dns_client.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/core.h>
#include <map>
#include <sstream>

using namespace dnsclay;
using namespace dnsclay::test;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> rows(store::Db& db, const std::string& sql) {
    std::vector<std::string> out;
    auto st = db.prepare(sql);
    while (st.step())
        out.push_back(st.text(0));
    return out;
}

void check_sound(const std::string& db_path) {
    store::Db db(db_path, 5s);
    CHECK(rows(db, "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
}

// Runs `script` with sh inside a new user and mount namespace, with $B the dnsclay binary
// and $D a scratch directory; returns what it printed.
RunResult in_namespace(const std::string& script, const std::string& scratch) {
    REQUIRE(run({"unshare", "-Urm", "true"}).exit_code == 0); // user namespaces available
    return run(
        {"unshare", "-Urm", "sh", "-c", "set -u\nB=" DNSCLAY_BIN "\nD=" + scratch + "\n" + script});
}

// "name=value" lines of a transcript: the script prints "step exit=N" after each step.
std::map<std::string, std::string> steps(const std::string& transcript) {
    std::map<std::string, std::string> out;
    std::istringstream in(transcript);
    for (std::string line; std::getline(in, line);) {
        auto at = line.find(" exit=");
        if (at != std::string::npos) out[line.substr(0, at)] = line.substr(at + 6);
    }
    return out;
}

} // namespace

TEST_CASE(
    "another process holding state.db's write lock: reads and dry runs go on, writes wait and "
    "say why",
    "[store][faults]") {
    Cli cli;
    REQUIRE(cli({"zone", "add", "example.test", "--provider", "local"}).exit_code == 0);
    REQUIRE(cli({"records", "add", "example.test", "www", "300", "A", "192.0.2.1"}).exit_code == 0);
    write_file(cli.path("config.toml"), "[database]\nbusy_timeout = \"1s\"\n");
    {
        store::Db holder(cli.state_dir() + "/state.db", 1s);
        store::Transaction lock(holder, store::Transaction::Kind::Write);

        auto list = cli({"records", "list", "example.test"});
        CHECK(list.exit_code == 0);
        CHECK_THAT(list.out, Catch::Contains("www.example.test. 300 IN A 192.0.2.1"));

        // A dry run writes nothing, so it does not wait for the write lock either.
        write_file(cli.path("edit.zone"), cli({"records", "export", "example.test"}).out +
                                              "new.example.test. 300 IN A 192.0.2.3\n");
        auto dry =
            cli({"records", "edit", "example.test", "--file", cli.path("edit.zone"), "--dry-run"});
        CHECK(dry.exit_code == 0);
        CHECK_THAT(dry.out, Catch::Contains("new.example.test.") &&
                                Catch::Contains("Dry run: 1 rrset(s) would change"));

        auto add = cli({"records", "add", "example.test", "www2", "300", "A", "192.0.2.2"});
        CHECK(add.exit_code == 1);
        CHECK_THAT(add.err, Catch::Contains("another process held the write lock for longer "
                                            "than 1000 ms") &&
                                Catch::Contains("busy_timeout"));
    }
    CHECK(cli({"records", "add", "example.test", "www2", "300", "A", "192.0.2.2"}).exit_code == 0);
    CHECK_THAT(cli({"records", "list", "example.test"}).out,
               Catch::Contains("www2.example.test. 300 IN A 192.0.2.2"));
    check_sound(cli.state_dir() + "/state.db");
}

TEST_CASE("serve while another process holds the write lock: UPDATEs get SERVFAIL saying why, "
          "queries are answered",
          "[serve][store][faults]") {
    const std::string zone = "example.test.";
    ServeFixture f;
    f.add_zone(zone);
    TsigCred key{"writer", "hmac-sha256", random_secret(), {zone}, false, {}, {}};
    f.add_tsig(key);
    write_file(f.state_dir() + "/config.toml", "[database]\nbusy_timeout = \"1s\"\n");
    f.start();
    const auto serial = f.serial(zone);
    {
        store::Db holder(f.state_dir() + "/state.db", 1s);
        store::Transaction lock(holder, store::Transaction::Kind::Write);
        auto r = send_update(f, key, {Tool::Nsupdate, Transport::Tcp}, zone,
                             "update add locked.example.test. 60 TXT \"waits\"");
        CHECK(update_rcode(r) == "SERVFAIL");
        auto soa = f.kdig({zone, "SOA", "+short"});
        CHECK(soa.exit_code == 0);
        CHECK_THAT(soa.out, Catch::Contains(std::to_string(serial)));
    }
    CHECK_THAT(f.log(), Catch::Contains("write lock"));
    auto r = send_update(f, key, {Tool::Nsupdate, Transport::Tcp}, zone,
                         "update add free.example.test. 60 TXT \"goes through\"");
    CHECK(update_rcode(r) == "NOERROR");
    auto listed = listed_records(f, zone);
    CHECK(listed.count("free.example.test. 60 TXT \"goes through\"") == 1);
    CHECK(listed.count("locked.example.test. 60 TXT \"waits\"") == 0);
}

TEST_CASE("a full disk: writes fail saying so, nothing is lost, writing works again with room",
          "[store][faults]") {
    TempDir scratch;
    std::filesystem::create_directories(scratch / "mnt");
    auto r = in_namespace(R"(
mount -t tmpfs -o size=640k,mode=0700 tmpfs "$D/mnt" || exit 99
S="$D/mnt/state"
$B --state-dir "$S" zone add example.test --provider local >/dev/null; echo "zone add exit=$?"
$B --state-dir "$S" records add example.test www 300 A 192.0.2.1 >/dev/null; echo "add exit=$?"
$B --state-dir "$S" records export example.test > "$D/edit.zone"
i=0; while [ $i -lt 400 ]; do
  echo "n$i 300 IN TXT \"$(printf '%0200d' $i)\"" >> "$D/edit.zone"; i=$((i+1))
done
dd if=/dev/zero of="$D/mnt/filler" bs=4k 2>/dev/null
$B --state-dir "$S" records edit example.test --file "$D/edit.zone" --yes >/dev/null 2>"$D/edit.err"
echo "full edit exit=$?"
rm "$D/mnt/filler"
$B --state-dir "$S" records add example.test www2 300 A 192.0.2.2 >/dev/null; echo "room add exit=$?"
$B --state-dir "$S" records list example.test > "$D/list.out"; echo "list exit=$?"
cp "$S"/state.db* "$D/"
)",
                          scratch.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    auto s = steps(r.out);
    CHECK(s["zone add"] == "0");
    CHECK(s["add"] == "0");
    CHECK(s["full edit"] == "1");
    CHECK_THAT(read_file(scratch / "edit.err"),
               Catch::Contains("the disk holding the state directory is full"));
    CHECK(s["room add"] == "0");
    CHECK(s["list"] == "0");
    auto listed = read_file(scratch / "list.out");
    CHECK_THAT(listed, Catch::Contains("www.example.test. 300 IN A 192.0.2.1"));
    CHECK_THAT(listed, Catch::Contains("www2.example.test. 300 IN A 192.0.2.2"));
    CHECK_THAT(listed, !Catch::Contains(" TXT ")); // the failed edit left nothing behind
    check_sound(scratch / "state.db");
}

TEST_CASE("a read-only state directory: every command says so and nothing changes",
          "[store][faults]") {
    TempDir scratch;
    std::filesystem::create_directories(scratch / "d");
    auto r = in_namespace(R"(
S="$D/state"
$B --state-dir "$S" zone add example.test --provider local >/dev/null; echo "zone add exit=$?"
$B --state-dir "$S" records add example.test www 300 A 192.0.2.1 >/dev/null; echo "add exit=$?"
mount --bind "$D" "$D" && mount -o remount,bind,ro "$D" || exit 99
$B --state-dir "$S" records add example.test www2 300 A 192.0.2.2 2>"$D/../ro-add.err"
echo "ro add exit=$?"
$B --state-dir "$S" serve --dns 127.0.0.1:0 2>"$D/../ro-serve.err"; echo "ro serve exit=$?"
)",
                          scratch / "d");
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    auto s = steps(r.out);
    CHECK(s["zone add"] == "0");
    CHECK(s["add"] == "0");
    CHECK(s["ro add"] == "1");
    CHECK_THAT(read_file(scratch / "ro-add.err"), Catch::Contains("read-only"));
    CHECK(s["ro serve"] == "1");
    CHECK_THAT(read_file(scratch / "ro-serve.err"),
               Catch::Contains("Read-only file system") || Catch::Contains("read-only"));
    // Outside the namespace the directory is writable again, and holds what it held.
    auto list =
        run({DNSCLAY_BIN, "--state-dir", scratch / "d/state", "records", "list", "example.test"});
    CHECK(list.exit_code == 0);
    CHECK_THAT(list.out,
               Catch::Contains("www.example.test. 300 IN A 192.0.2.1") && !Catch::Contains("www2"));
    check_sound(scratch / "d/state/state.db");
}
