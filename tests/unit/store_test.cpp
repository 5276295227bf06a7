#include "lib/store/accounts.hpp"
#include "lib/store/audit.hpp"
#include "lib/store/credentials.hpp"
#include "lib/store/records.hpp"
#include "lib/store/schema.hpp"
#include "lib/store/store.hpp"
#include "lib/store/zones.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sys/stat.h>
#include <unistd.h>

using namespace dnsclay;
using namespace dnsclay::store;
using dnsclay::test::TempDir;

namespace {

mode_t mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

std::int64_t pragma(Db& db, const char* name) {
    auto st = db.prepare(std::string("PRAGMA ") + name);
    REQUIRE(st.step());
    return st.int64(0);
}

Zone add_zone(Db& db, const std::string& name) {
    Account a{0, name, "local", {{"soa_mname", "ns." + name}}, 0};
    Zone z;
    z.name = name;
    z.account_id = insert_account(db, a);
    z.serial = 1;
    z.sync_interval = 86400;
    z.refresh_interval = 3600;
    z.soa.mname = "ns." + name;
    z.soa.rname = "hostmaster." + name;
    z.id = insert_zone(db, z);
    return *find_zone(db, name);
}

} // namespace

TEST_CASE("the state directory and database are private, WAL and current", "[store]") {
    TempDir tmp;
    std::string dir = tmp / "a/b/state";
    Store s(dir, Config{});
    CHECK(mode_of(dir) == 0700);
    CHECK(mode_of(dir + "/state.db") == 0600);
    CHECK(pragma(s.db(), "foreign_keys") == 1);
    CHECK(pragma(s.db(), "user_version") == schema_version());
    auto jm = s.db().prepare("PRAGMA journal_mode");
    REQUIRE(jm.step());
    CHECK(jm.text(0) == "wal");
}

TEST_CASE("a second connection in one process keeps the first one's WAL alive", "[store]") {
    TempDir tmp;
    std::string path = tmp / "state.db";
    Db first(path, std::chrono::seconds(5));
    first.exec("CREATE TABLE t(x)");
    first.exec("INSERT INTO t VALUES (1)");
    Db second(path, std::chrono::seconds(5)); // as serve opens one per worker
    REQUIRE(second.prepare("SELECT count(*) FROM t").step());
    // Another process (the CLI beside serve) opens and closes the database: as we still
    // hold it open, it must leave the -wal and -shm files alone.
    auto other = test::run({"sqlite3", path, "SELECT count(*) FROM t;"});
    REQUIRE(other.exit_code == 0);
    CHECK(::access((path + "-wal").c_str(), F_OK) == 0);
    CHECK(::access((path + "-shm").c_str(), F_OK) == 0);
    first.exec("INSERT INTO t VALUES (2)");
    auto count = second.prepare("SELECT count(*) FROM t");
    REQUIRE(count.step());
    CHECK(count.int64(0) == 2);
}

TEST_CASE("a state directory, state.db or config.toml others may write is refused", "[store]") {
    TempDir tmp;
    std::string dir = tmp / "state";
    { Store s(dir, Config{}); }
    auto refused = [&](const std::string& path, mode_t mode, const std::string& who) {
        ::chmod(path.c_str(), mode);
        CHECK_THROWS_WITH(Store(dir, Config{}), Catch::Contains(path + " is writable by " + who) &&
                                                    Catch::Contains("chmod go-w " + path));
    };
    refused(dir, 0770, "its group");
    ::chmod(dir.c_str(), 0700);
    refused(dir + "/state.db", 0602, "everyone");
    ::chmod((dir + "/state.db").c_str(), 0600);
    CHECK_NOTHROW(Store(dir, Config{}));

    std::string config = dir + "/config.toml";
    { std::ofstream(config) << "[server]\n"; }
    ::chmod(config.c_str(), 0664);
    CHECK_THROWS_WITH(load_config(config, true), Catch::Contains("writable by its group"));
    ::chmod(config.c_str(), 0644); // readable by others is the administrator's choice
    CHECK_NOTHROW(load_config(config, true));
}

TEST_CASE("an older binary refuses a newer state.db and leaves it alone", "[store]") {
    TempDir tmp;
    {
        Store s(tmp.path(), Config{});
        s.db().exec("PRAGMA user_version = 99");
    }
    try {
        Store again(tmp.path(), Config{});
        FAIL("opened a newer database");
    } catch (const StoreError& e) {
        CHECK_THAT(e.what(), Catch::Contains("schema version 99, newer than this dnsclay"));
    }
    Db db(tmp / "state.db", std::chrono::seconds(1));
    CHECK(pragma(db, "user_version") == 99);
}

TEST_CASE("a version-1 database is migrated in place with its data", "[store]") {
    TempDir tmp;
    {
        Db db(tmp / "state.db", std::chrono::seconds(1));
        migrate_to(db, 1);
        REQUIRE(pragma(db, "user_version") == 1);
        db.exec("INSERT INTO provider_accounts VALUES (1, 'old.test.', 'local', 0);"
                "INSERT INTO zones VALUES (1, 'old.test.', 1, 7, 86400, 3600, 'ns.old.test.', "
                "'h.old.test.', 1, 2, 3, 4, 5, 0)");
    }
    Store s(tmp.path(), Config{});
    CHECK(pragma(s.db(), "user_version") == schema_version());
    auto z = find_zone(s.db(), "old.test.");
    REQUIRE(z);
    CHECK(z->serial == 7);
    CHECK(load_sync_state(s.db(), z->id).error_count == 0);
}

TEST_CASE("a transaction not committed leaves nothing behind", "[store]") {
    TempDir tmp;
    Store s(tmp.path(), Config{});
    {
        Transaction txn(s.db(), Transaction::Kind::Write);
        add_zone(s.db(), "gone.test.");
    }
    CHECK_FALSE(find_zone(s.db(), "gone.test."));
    {
        Transaction txn(s.db(), Transaction::Kind::Write);
        add_zone(s.db(), "kept.test.");
        txn.commit();
    }
    CHECK(find_zone(s.db(), "kept.test."));
}

TEST_CASE("zones, targets, credentials, records and audit rows round-trip", "[store]") {
    TempDir tmp;
    Store s(tmp.path(), Config{});
    auto& db = s.db();
    auto z = add_zone(db, "example.test.");
    CHECK(z.provider == "local");
    CHECK(z.soa.rname == "hostmaster.example.test.");

    NotifyTarget t{0, "127.0.0.1:5300", "udp", 0, ""};
    CHECK(add_notify_target(db, z.id, t));
    CHECK_FALSE(add_notify_target(db, z.id, t));
    NotifyTarget signed_target{0, "127.0.0.1:5301", "tcp", 0, "secondary-key"};
    CHECK(add_notify_target(db, z.id, signed_target));
    auto targets = list_notify_targets(db, z.id);
    REQUIRE(targets.size() == 2);
    CHECK(targets[0].tsig_key.empty());
    CHECK(targets[1].tsig_key == "secondary-key");
    CHECK(targets[1].protocol == "tcp");

    Credential c;
    c.name = "gw";
    c.kind = "tsig";
    c.algorithm = "hmac-sha256";
    c.secret = "c2VjcmV0";
    c.allow_names = {"_acme-challenge.*"};
    c.allow_types = {16};
    insert_credential(db, c, {z.id});
    auto got = find_credential(db, "gw");
    REQUIRE(got);
    CHECK(got->zones == std::vector<std::string>{"example.test."});
    CHECK(got->allow_types == std::vector<std::uint16_t>{16});
    CHECK(got->allow_names == c.allow_names);

    dns::Record r{dns::Name::parse("www.example.test."),
                  dns::RRType::A,
                  dns::RRClass::IN,
                  300,
                  {192, 0, 2, 1}};
    insert_record(db, z.id, r, 2, 1000);
    auto active = active_records(db, z.id);
    REQUIRE(active.size() == 1);
    CHECK(active[0].record == r);
    tombstone_record(db, active[0].id, 3, 2000);
    CHECK(active_records(db, z.id).empty());
    auto hist = record_history(db, z.id);
    REQUIRE(hist.size() == 1);
    CHECK(hist[0].serial_deleted == 3u);
    CHECK(hist[0].time_deleted == 2000);

    append_audit(db, {0, 0, "cli:test", "example.test.", "records add", "www A", "ok"});
    auto audit = list_audit(db, "example.test.", 10);
    REQUIRE(audit.size() == 1);
    CHECK(audit[0].actor == "cli:test");

    // Removing the zone takes its records, grants, targets and now-unused account with it.
    delete_zone(db, z);
    CHECK(record_history(db, z.id).empty());
    CHECK(find_credential(db, "gw")->zones.empty());
    CHECK_FALSE(find_account(db, z.account_id));
    CHECK(list_audit(db, "", 10).size() == 1);
}

TEST_CASE("account field values resolve env: and file: references at use", "[store]") {
    TempDir tmp;
    dnsclay::test::write_file(tmp / "token", "s3cret\n");
    ::setenv("DNSCLAY_TEST_TOKEN", "from-env", 1);
    CHECK(resolve_field_value("literal") == "literal");
    CHECK(resolve_field_value("env:DNSCLAY_TEST_TOKEN") == "from-env");
    CHECK(resolve_field_value("file:" + tmp / "token") == "s3cret");
    CHECK_THROWS_WITH(resolve_field_value("env:DNSCLAY_TEST_UNSET_VAR"),
                      "environment variable DNSCLAY_TEST_UNSET_VAR is not set");
    CHECK_THROWS_WITH(resolve_field_value("file:" + tmp / "missing"),
                      Catch::Contains("cannot read") && Catch::Contains("missing"));
    CHECK(display_field_value("s3cret", true) == "********");
    CHECK(display_field_value("s3cret", false) == "s3cret");
    CHECK(display_field_value("env:X", true) == "env:X");
}

TEST_CASE("catalog_changes counts every change of what serve's catalog holds, but serials",
          "[store]") {
    TempDir tmp;
    Store s(tmp.path(), Config{});
    auto& db = s.db();
    auto count = [&] {
        auto st = db.prepare("SELECT n FROM catalog_changes");
        REQUIRE(st.step());
        return st.int64(0);
    };
    auto moves = [&](const std::function<void()>& change) {
        auto before = count();
        change();
        return count() != before;
    };
    Zone z;
    CHECK(moves([&] { z = add_zone(db, "example.test."); }));
    CHECK_FALSE(moves([&] { set_zone_serial(db, z.id, 2); }));
    CHECK(moves([&] { set_zone_intervals(db, z.id, 600, 60); }));
    Credential c;
    c.name = "key1";
    c.kind = "tsig";
    c.algorithm = "hmac-sha256";
    c.secret = "c2VjcmV0";
    CHECK(moves([&] { insert_credential(db, c, {}); }));
    auto id = find_credential(db, "key1")->id;
    CHECK(moves([&] {
        db.prepare("INSERT INTO zone_grants (zone_id, credential_id) VALUES (?, ?)")
            .bind(1, z.id)
            .bind(2, id)
            .run();
    }));
    CHECK(moves([&] {
        db.prepare("INSERT INTO credential_allow_names (credential_id, pattern) VALUES (?, 'a')")
            .bind(1, id)
            .run();
    }));
    CHECK(moves([&] {
        db.prepare("INSERT INTO credential_allow_types (credential_id, type) VALUES (?, 16)")
            .bind(1, id)
            .run();
    }));
    CHECK(moves([&] { db.prepare("UPDATE credentials SET read_only = 1").run(); }));
    CHECK(moves([&] { db.prepare("DELETE FROM zone_grants").run(); }));
    CHECK(moves([&] { delete_credential(db, "key1"); }));
    CHECK_FALSE(moves([&] { set_zone_serial(db, z.id, 3); }));
    CHECK(moves([&] { delete_zone(db, z); }));
}
