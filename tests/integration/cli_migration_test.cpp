// state.db written by an older dnsclay is upgraded in place; one written by a newer
// dnsclay is refused and left alone.
#include "tests/support/cli.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

using namespace dnsclay::test;

namespace {

// Schema version 1 as the first release wrote it, frozen here on purpose: the test must
// not follow later edits of the migration code.
const char* kSchemaV1 = R"sql(
CREATE TABLE provider_accounts (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
    provider TEXT NOT NULL, created INTEGER NOT NULL);
CREATE TABLE account_fields (account_id INTEGER NOT NULL REFERENCES provider_accounts(id)
    ON DELETE CASCADE, name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (account_id, name));
CREATE TABLE zones (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
    account_id INTEGER NOT NULL REFERENCES provider_accounts(id), serial INTEGER NOT NULL,
    sync_interval INTEGER NOT NULL, refresh_interval INTEGER NOT NULL, soa_mname TEXT NOT NULL,
    soa_rname TEXT NOT NULL, soa_refresh INTEGER NOT NULL, soa_retry INTEGER NOT NULL,
    soa_expire INTEGER NOT NULL, soa_minimum INTEGER NOT NULL, soa_ttl INTEGER NOT NULL,
    created INTEGER NOT NULL);
CREATE TABLE credentials (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('tsig', 'tls')), algorithm TEXT, secret TEXT,
    spki_sha256 BLOB UNIQUE, read_only INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL);
CREATE TABLE credential_allow_names (credential_id INTEGER NOT NULL REFERENCES credentials(id)
    ON DELETE CASCADE, pattern TEXT NOT NULL, PRIMARY KEY (credential_id, pattern));
CREATE TABLE credential_allow_types (credential_id INTEGER NOT NULL REFERENCES credentials(id)
    ON DELETE CASCADE, type INTEGER NOT NULL, PRIMARY KEY (credential_id, type));
CREATE TABLE zone_grants (zone_id INTEGER NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
    credential_id INTEGER NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
    PRIMARY KEY (zone_id, credential_id));
CREATE TABLE notify_targets (id INTEGER PRIMARY KEY, zone_id INTEGER NOT NULL REFERENCES
    zones(id) ON DELETE CASCADE, address TEXT NOT NULL, protocol TEXT NOT NULL CHECK (protocol IN
    ('udp', 'tcp')), created INTEGER NOT NULL, UNIQUE (zone_id, address, protocol));
CREATE TABLE records (id INTEGER PRIMARY KEY, zone_id INTEGER NOT NULL REFERENCES zones(id)
    ON DELETE CASCADE, owner TEXT NOT NULL, type INTEGER NOT NULL, class INTEGER NOT NULL,
    ttl INTEGER NOT NULL, rdata BLOB NOT NULL, serial_first INTEGER NOT NULL,
    time_first INTEGER NOT NULL, serial_deleted INTEGER, time_deleted INTEGER);
CREATE INDEX records_active ON records (zone_id) WHERE serial_deleted IS NULL;
CREATE TABLE audit_log (id INTEGER PRIMARY KEY, time INTEGER NOT NULL, actor TEXT NOT NULL,
    zone TEXT, action TEXT NOT NULL, detail TEXT NOT NULL, result TEXT NOT NULL);
INSERT INTO provider_accounts VALUES (1, 'old.test.', 'local', 1700000000);
INSERT INTO zones VALUES (1, 'old.test.', 1, 2023111401, 86400, 3600, 'ns.old.test.',
    'hostmaster.old.test.', 3600, 600, 1209600, 300, 3600, 1700000000);
INSERT INTO records VALUES (1, 1, 'www.old.test.', 1, 1, 300, x'c0000201', 2023111401,
    1700000000, NULL, NULL);
INSERT INTO credentials VALUES (1, 'old-key', 'tsig', 'hmac-sha256', 'c2VjcmV0', NULL, 0,
    1700000000);
INSERT INTO zone_grants VALUES (1, 1);
PRAGMA user_version = 1;
)sql";

void exec(const std::string& db_path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    INFO((err ? err : ""));
    sqlite3_free(err);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

int user_version(const std::string& db_path) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr);
    sqlite3_step(st);
    int v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

} // namespace

TEST_CASE("a schema-version-1 state.db is upgraded in place with its data", "[cli][migration]") {
    Cli cli;
    exec(cli.path("state.db"), kSchemaV1);
    auto list = cli({"records", "list", "old.test"});
    INFO(list.err);
    REQUIRE(list.exit_code == 0);
    CHECK(list.out == "old.test. 3600 IN SOA ns.old.test. hostmaster.old.test. 2023111401 3600 "
                      "600 1209600 300\nwww.old.test. 300 IN A 192.0.2.1\n");
    CHECK(user_version(cli.path("state.db")) > 1);
    // What version 2 added works on the upgraded database.
    auto show = cli.json({"zone", "show", "old.test"});
    CHECK(show["zone"]["sync"]["error_count"].GetInt() == 0);
    CHECK(std::string(show["zone"]["credentials"][0].GetString()) == "old-key");
    auto add = cli.json({"records", "add", "old.test", "new", "60", "TXT", "\"after upgrade\""});
    CHECK(add["serial_after"].GetInt64() == 2023111402);
}

TEST_CASE("a state.db from a newer dnsclay is refused and left alone", "[cli][migration]") {
    Cli cli;
    REQUIRE(cli({"init"}).exit_code == 0);
    exec(cli.path("state.db"), "PRAGMA user_version = 999");
    auto r = cli({"zone", "list"});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("schema version 999, newer than this dnsclay understands"));
    CHECK_THAT(r.err, Catch::Contains("upgrade dnsclay"));
    CHECK(user_version(cli.path("state.db")) == 999);
}
