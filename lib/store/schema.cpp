#include "lib/store/schema.hpp"

#include <array>
#include <fmt/core.h>

namespace dnsclay::store {
namespace {

// Never edit a migration that has shipped: add a new one. Times are Unix seconds,
// durations seconds, names absolute presentation form.
constexpr std::array<std::string_view, 8> kMigrations = {
    // 1: the initial schema.
    R"sql(
CREATE TABLE provider_accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    provider TEXT NOT NULL,
    created INTEGER NOT NULL
);
-- A value is a literal, or env:VAR / file:PATH resolved when the provider is used.
CREATE TABLE account_fields (
    account_id INTEGER NOT NULL REFERENCES provider_accounts(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (account_id, name)
);
CREATE TABLE zones (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE, -- lower case, trailing dot
    account_id INTEGER NOT NULL REFERENCES provider_accounts(id),
    serial INTEGER NOT NULL,
    sync_interval INTEGER NOT NULL,
    refresh_interval INTEGER NOT NULL,
    soa_mname TEXT NOT NULL,
    soa_rname TEXT NOT NULL,
    soa_refresh INTEGER NOT NULL,
    soa_retry INTEGER NOT NULL,
    soa_expire INTEGER NOT NULL,
    soa_minimum INTEGER NOT NULL,
    soa_ttl INTEGER NOT NULL,
    created INTEGER NOT NULL
);
CREATE TABLE credentials (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE, -- lower case, no trailing dot: the TSIG key name
    kind TEXT NOT NULL CHECK (kind IN ('tsig', 'tls')),
    algorithm TEXT,            -- tsig
    secret TEXT,               -- tsig, base64
    spki_sha256 BLOB UNIQUE,   -- tls, 32 bytes
    read_only INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL
);
CREATE TABLE credential_allow_names (
    credential_id INTEGER NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
    pattern TEXT NOT NULL,
    PRIMARY KEY (credential_id, pattern)
);
CREATE TABLE credential_allow_types (
    credential_id INTEGER NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
    type INTEGER NOT NULL,
    PRIMARY KEY (credential_id, type)
);
CREATE TABLE zone_grants (
    zone_id INTEGER NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
    credential_id INTEGER NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
    PRIMARY KEY (zone_id, credential_id)
);
CREATE TABLE notify_targets (
    id INTEGER PRIMARY KEY,
    zone_id INTEGER NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
    address TEXT NOT NULL,
    protocol TEXT NOT NULL CHECK (protocol IN ('udp', 'tcp')),
    created INTEGER NOT NULL,
    UNIQUE (zone_id, address, protocol)
);
-- Every version of every record: a row is active while serial_deleted is NULL.
CREATE TABLE records (
    id INTEGER PRIMARY KEY,
    zone_id INTEGER NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
    owner TEXT NOT NULL,
    type INTEGER NOT NULL,
    class INTEGER NOT NULL,
    ttl INTEGER NOT NULL,
    rdata BLOB NOT NULL,
    serial_first INTEGER NOT NULL,
    time_first INTEGER NOT NULL,
    serial_deleted INTEGER,
    time_deleted INTEGER
);
CREATE INDEX records_active ON records (zone_id) WHERE serial_deleted IS NULL;
-- The zone is kept as text so the log outlives the zone.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    time INTEGER NOT NULL,
    actor TEXT NOT NULL,
    zone TEXT,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    result TEXT NOT NULL
);
)sql",
    // 2: sync bookkeeping per zone, and an index for history by name.
    R"sql(
CREATE TABLE sync_state (
    zone_id INTEGER PRIMARY KEY REFERENCES zones(id) ON DELETE CASCADE,
    last_sync INTEGER,
    last_change INTEGER,
    next_sync INTEGER,
    next_refresh INTEGER,
    provider_serial INTEGER,
    last_error TEXT,
    last_error_time INTEGER,
    error_count INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sync_state (zone_id) SELECT id FROM zones;
CREATE INDEX records_by_owner ON records (zone_id, owner, type);
)sql",
    // 3: provider records the last sync could not read (reported, not fatal).
    R"sql(
ALTER TABLE sync_state ADD COLUMN skipped_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_state ADD COLUMN skipped_detail TEXT;
)sql",
    // 4: the TSIG credential that signs the NOTIFYs to a target (by name, resolved when
    // sending, so that removing and re-adding a key keeps the target working).
    R"sql(
ALTER TABLE notify_targets ADD COLUMN tsig_key TEXT;
)sql",
    // 5: the active records at one name, found as DNS compares names (ASCII case ignored)
    // without reading the rest of the zone: what an UPDATE and a query look at. The index
    // of migration 2 compares case-sensitively, so a NOCASE lookup could not use it.
    R"sql(
CREATE INDEX records_active_owner ON records (zone_id, owner COLLATE NOCASE, type)
    WHERE serial_deleted IS NULL;
)sql",
    // 6: the zone's authoritative servers that the cheap check asks for the SOA serial
    // (instead of the provider), the TSIG credential that signs those queries, and the
    // serial they answered last.
    R"sql(
CREATE TABLE authoritative_servers (
    zone_id INTEGER NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, -- asked in this order
    address TEXT NOT NULL,     -- ADDR:PORT
    PRIMARY KEY (zone_id, position),
    UNIQUE (zone_id, address)
);
ALTER TABLE zones ADD COLUMN authoritative_key TEXT;
ALTER TABLE sync_state ADD COLUMN authoritative_serial INTEGER;
)sql",
    // 7: everything a zone transfer sends of the active records, in owner order, so that an
    // AXFR reads this index alone instead of the index and then each table row (store::
    // scan_records). It starts like records_active_owner (and then the rowid, so that
    // lookups by name still come in that order without a sort) and replaces it: the
    // same number of indexes to keep up on every write. serial_deleted, always NULL here,
    // is in it because SQLite counts an index as covering only if it holds every column the
    // query names, the WHERE included.
    R"sql(
CREATE INDEX records_active_transfer ON records (zone_id, owner COLLATE NOCASE, type, id, class,
    ttl, rdata, serial_first, serial_deleted) WHERE serial_deleted IS NULL;
DROP INDEX records_active_owner;
)sql",
    // 8: a counter of the changes to what serve's catalog holds (engine::Catalog) other
    // than zone serials. Every UPDATE and sync commits a new serial; the catalog then
    // reads the serials alone, and everything again only when this counter moved. Triggers
    // keep it, so that no writer, in any process, can forget to.
    R"sql(
CREATE TABLE catalog_changes (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n INTEGER NOT NULL
);
INSERT INTO catalog_changes (id, n) VALUES (1, 0);
CREATE TRIGGER zones_added AFTER INSERT ON zones BEGIN
    UPDATE catalog_changes SET n = n + 1;
END;
CREATE TRIGGER zones_removed AFTER DELETE ON zones BEGIN
    UPDATE catalog_changes SET n = n + 1;
END;
-- Every column serve's catalog reads (store::Zone) but the serial.
CREATE TRIGGER zones_changed AFTER UPDATE OF name, account_id, sync_interval, refresh_interval,
    soa_mname, soa_rname, soa_refresh, soa_retry, soa_expire, soa_minimum, soa_ttl, created
    ON zones BEGIN
    UPDATE catalog_changes SET n = n + 1;
END;
CREATE TRIGGER accounts_changed AFTER UPDATE OF provider ON provider_accounts BEGIN
    UPDATE catalog_changes SET n = n + 1;
END;
CREATE TRIGGER credentials_added AFTER INSERT ON credentials BEGIN
    UPDATE catalog_changes SET n = n + 1;
END;
CREATE TRIGGER credentials_changed AFTER UPDATE ON credentials BEGIN
    UPDATE catalog_changes SET n = n + 1;
END;
CREATE TRIGGER credentials_removed AFTER DELETE ON credentials BEGIN
    UPDATE catalog_changes SET n = n + 1;
END;
CREATE TRIGGER allow_names_added AFTER INSERT ON credential_allow_names BEGIN
    UPDATE catalog_changes SET n = n + 1;
END;
CREATE TRIGGER allow_names_changed AFTER UPDATE ON credential_allow_names BEGIN
    UPDATE catalog_changes SET n = n + 1;
END;
CREATE TRIGGER allow_names_removed AFTER DELETE ON credential_allow_names BEGIN
    UPDATE catalog_changes SET n = n + 1;
END;
CREATE TRIGGER allow_types_added AFTER INSERT ON credential_allow_types BEGIN
    UPDATE catalog_changes SET n = n + 1;
END;
CREATE TRIGGER allow_types_changed AFTER UPDATE ON credential_allow_types BEGIN
    UPDATE catalog_changes SET n = n + 1;
END;
CREATE TRIGGER allow_types_removed AFTER DELETE ON credential_allow_types BEGIN
    UPDATE catalog_changes SET n = n + 1;
END;
CREATE TRIGGER grants_added AFTER INSERT ON zone_grants BEGIN
    UPDATE catalog_changes SET n = n + 1;
END;
CREATE TRIGGER grants_changed AFTER UPDATE ON zone_grants BEGIN
    UPDATE catalog_changes SET n = n + 1;
END;
CREATE TRIGGER grants_removed AFTER DELETE ON zone_grants BEGIN
    UPDATE catalog_changes SET n = n + 1;
END;
)sql",
};

int current_version(Db& db) {
    auto st = db.prepare("PRAGMA user_version");
    st.step();
    return static_cast<int>(st.int64(0));
}

void check_not_newer(Db& db, int have) {
    if (have > schema_version())
        throw StoreError(
            fmt::format("{} has schema version {}, newer than this dnsclay understands ({}); "
                        "upgrade dnsclay or use the state directory of the newer version",
                        db.path(), have, schema_version()));
}

} // namespace

int schema_version() {
    return static_cast<int>(kMigrations.size());
}

std::string_view migration_sql(int to) {
    return kMigrations.at(static_cast<std::size_t>(to - 1));
}

void migrate_to(Db& db, int version) {
    // Usually there is nothing to do: find that out without the write lock, so that a
    // command that only reads is not held up by another process writing.
    int have = current_version(db);
    check_not_newer(db, have);
    if (have >= version) return;
    // The version is read again inside the write transaction so two processes starting at
    // once do not both run the same migration.
    Transaction txn(db, Transaction::Kind::Write);
    have = current_version(db);
    check_not_newer(db, have);
    for (int v = have + 1; v <= version; ++v) {
        db.exec(migration_sql(v));
        db.exec(fmt::format("PRAGMA user_version = {}", v));
    }
    txn.commit();
}

void migrate(Db& db) {
    migrate_to(db, schema_version());
}

} // namespace dnsclay::store
