#include "lib/store/zones.hpp"

#include "lib/store/store.hpp"

namespace dnsclay::store {
namespace {

// serve's catalog holds these; a change to any but the serial must move the
// catalog_changes count (migration 8's zones_changed trigger lists them).
constexpr std::string_view kZoneColumns =
    "z.id, z.name, z.account_id, a.provider, z.serial, z.sync_interval, z.refresh_interval, "
    "z.soa_mname, z.soa_rname, z.soa_refresh, z.soa_retry, z.soa_expire, z.soa_minimum, "
    "z.soa_ttl, z.created FROM zones z JOIN provider_accounts a ON a.id = z.account_id";

Zone read_zone(const Stmt& st) {
    Zone z;
    z.id = st.int64(0);
    z.name = st.text(1);
    z.account_id = st.int64(2);
    z.provider = st.text(3);
    z.serial = static_cast<std::uint32_t>(st.int64(4));
    z.sync_interval = st.int64(5);
    z.refresh_interval = st.int64(6);
    z.soa.mname = st.text(7);
    z.soa.rname = st.text(8);
    z.soa.refresh = static_cast<std::uint32_t>(st.int64(9));
    z.soa.retry = static_cast<std::uint32_t>(st.int64(10));
    z.soa.expire = static_cast<std::uint32_t>(st.int64(11));
    z.soa.minimum = static_cast<std::uint32_t>(st.int64(12));
    z.soa.ttl = static_cast<std::uint32_t>(st.int64(13));
    z.created = st.int64(14);
    return z;
}

} // namespace

std::optional<Zone> find_zone(Db& db, std::string_view name) {
    auto st = db.prepare(std::string("SELECT ") + std::string(kZoneColumns) + " WHERE z.name = ?");
    st.bind(1, name);
    if (!st.step()) return std::nullopt;
    return read_zone(st);
}

std::vector<Zone> list_zones(Db& db) {
    auto st = db.prepare(std::string("SELECT ") + std::string(kZoneColumns) + " ORDER BY z.name");
    std::vector<Zone> out;
    while (st.step())
        out.push_back(read_zone(st));
    return out;
}

std::vector<ZoneSerial> zone_serials(Db& db) {
    auto st = db.prepare("SELECT id, name, serial FROM zones");
    std::vector<ZoneSerial> out;
    while (st.step())
        out.push_back({st.int64(0), st.text(1), static_cast<std::uint32_t>(st.int64(2))});
    return out;
}

std::int64_t insert_zone(Db& db, const Zone& z) {
    auto st = db.prepare(
        "INSERT INTO zones (name, account_id, serial, sync_interval, refresh_interval, soa_mname, "
        "soa_rname, soa_refresh, soa_retry, soa_expire, soa_minimum, soa_ttl, created) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, z.name)
        .bind(2, z.account_id)
        .bind(3, std::int64_t{z.serial})
        .bind(4, z.sync_interval)
        .bind(5, z.refresh_interval)
        .bind(6, z.soa.mname)
        .bind(7, z.soa.rname)
        .bind(8, std::int64_t{z.soa.refresh})
        .bind(9, std::int64_t{z.soa.retry})
        .bind(10, std::int64_t{z.soa.expire})
        .bind(11, std::int64_t{z.soa.minimum})
        .bind(12, std::int64_t{z.soa.ttl})
        .bind(13, z.created ? z.created : now_unix());
    st.run();
    auto id = db.last_insert_id();
    db.prepare("INSERT INTO sync_state (zone_id) VALUES (?)").bind(1, id).run();
    return id;
}

void delete_zone(Db& db, const Zone& zone) {
    db.prepare("DELETE FROM zones WHERE id = ?").bind(1, zone.id).run();
    db.prepare("DELETE FROM provider_accounts WHERE id = ? AND NOT EXISTS "
               "(SELECT 1 FROM zones WHERE account_id = ?)")
        .bind(1, zone.account_id)
        .bind(2, zone.account_id)
        .run();
}

void set_zone_serial(Db& db, std::int64_t zone_id, std::uint32_t serial) {
    db.prepare("UPDATE zones SET serial = ? WHERE id = ?")
        .bind(1, std::int64_t{serial})
        .bind(2, zone_id)
        .run();
}

void set_zone_intervals(Db& db, std::int64_t zone_id, std::int64_t sync_interval,
                        std::int64_t refresh_interval) {
    db.prepare("UPDATE zones SET sync_interval = ?, refresh_interval = ? WHERE id = ?")
        .bind(1, sync_interval)
        .bind(2, refresh_interval)
        .bind(3, zone_id)
        .run();
}

SyncState load_sync_state(Db& db, std::int64_t zone_id) {
    auto st = db.prepare("SELECT last_sync, last_change, next_sync, next_refresh, provider_serial, "
                         "last_error, last_error_time, error_count, skipped_count, skipped_detail, "
                         "authoritative_serial FROM sync_state WHERE zone_id = ?");
    st.bind(1, zone_id);
    SyncState s;
    if (!st.step()) return s;
    s.last_sync = st.opt_int64(0);
    s.last_change = st.opt_int64(1);
    s.next_sync = st.opt_int64(2);
    s.next_refresh = st.opt_int64(3);
    if (auto p = st.opt_int64(4)) s.provider_serial = static_cast<std::uint32_t>(*p);
    s.last_error = st.opt_text(5);
    s.last_error_time = st.opt_int64(6);
    s.error_count = st.int64(7);
    s.skipped_count = st.int64(8);
    s.skipped_detail = st.opt_text(9);
    if (auto a = st.opt_int64(10)) s.authoritative_serial = static_cast<std::uint32_t>(*a);
    return s;
}

void save_sync_state(Db& db, std::int64_t zone_id, const SyncState& s) {
    auto wide = [](std::optional<std::uint32_t> v) {
        return v ? std::optional<std::int64_t>(*v) : std::nullopt;
    };
    db.prepare("INSERT OR REPLACE INTO sync_state (zone_id, last_sync, last_change, next_sync, "
               "next_refresh, provider_serial, last_error, last_error_time, error_count, "
               "skipped_count, skipped_detail, authoritative_serial) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, zone_id)
        .bind(2, s.last_sync)
        .bind(3, s.last_change)
        .bind(4, s.next_sync)
        .bind(5, s.next_refresh)
        .bind(6, wide(s.provider_serial))
        .bind(7, s.last_error)
        .bind(8, s.last_error_time)
        .bind(9, s.error_count)
        .bind(10, s.skipped_count)
        .bind(11, s.skipped_detail)
        .bind(12, wide(s.authoritative_serial))
        .run();
}

AuthoritativeServers load_authoritative_servers(Db& db, std::int64_t zone_id) {
    AuthoritativeServers out;
    auto addresses =
        db.prepare("SELECT address FROM authoritative_servers WHERE zone_id = ? ORDER BY position");
    addresses.bind(1, zone_id);
    while (addresses.step())
        out.addresses.push_back(addresses.text(0));
    auto key = db.prepare("SELECT IFNULL(authoritative_key, '') FROM zones WHERE id = ?");
    key.bind(1, zone_id);
    if (key.step()) out.tsig_key = key.text(0);
    return out;
}

void save_authoritative_servers(Db& db, std::int64_t zone_id, const AuthoritativeServers& servers) {
    db.prepare("DELETE FROM authoritative_servers WHERE zone_id = ?").bind(1, zone_id).run();
    std::int64_t position = 0;
    for (const auto& a : servers.addresses)
        db.prepare("INSERT INTO authoritative_servers (zone_id, position, address) "
                   "VALUES (?, ?, ?)")
            .bind(1, zone_id)
            .bind(2, ++position)
            .bind(3, a)
            .run();
    auto key = db.prepare("UPDATE zones SET authoritative_key = ? WHERE id = ?");
    if (servers.tsig_key.empty())
        key.bind_null(1);
    else
        key.bind(1, servers.tsig_key);
    key.bind(2, zone_id).run();
    // What other servers answered says nothing about these.
    db.prepare("UPDATE sync_state SET authoritative_serial = NULL WHERE zone_id = ?")
        .bind(1, zone_id)
        .run();
}

std::vector<NotifyTarget> list_notify_targets(Db& db, std::int64_t zone_id) {
    auto st = db.prepare("SELECT id, address, protocol, created, IFNULL(tsig_key, '') "
                         "FROM notify_targets WHERE zone_id = ? ORDER BY id");
    st.bind(1, zone_id);
    std::vector<NotifyTarget> out;
    while (st.step())
        out.push_back({st.int64(0), st.text(1), st.text(2), st.int64(3), st.text(4)});
    return out;
}

bool add_notify_target(Db& db, std::int64_t zone_id, const NotifyTarget& t) {
    auto st = db.prepare("INSERT OR IGNORE INTO notify_targets "
                         "(zone_id, address, protocol, created, tsig_key) VALUES (?, ?, ?, ?, ?)");
    st.bind(1, zone_id).bind(2, t.address).bind(3, t.protocol).bind(4, now_unix());
    if (t.tsig_key.empty())
        st.bind_null(5);
    else
        st.bind(5, t.tsig_key);
    st.run();
    return db.changes() > 0;
}

bool remove_notify_target(Db& db, std::int64_t zone_id, const NotifyTarget& t) {
    db.prepare("DELETE FROM notify_targets WHERE zone_id = ? AND address = ? AND protocol = ?")
        .bind(1, zone_id)
        .bind(2, t.address)
        .bind(3, t.protocol)
        .run();
    return db.changes() > 0;
}

} // namespace dnsclay::store
