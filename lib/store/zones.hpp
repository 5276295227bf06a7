#pragma once
// Zones, their sync bookkeeping and their NOTIFY targets. The caller holds the
// transaction.
#include "lib/store/db.hpp"
#include "lib/store/model.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace dnsclay::store {

std::optional<Zone> find_zone(Db& db, std::string_view name);
std::vector<Zone> list_zones(Db& db);
// Every zone's serial, without the rest of the zone: what the readers that follow each
// commit (serve's catalog, the NOTIFY sender) need.
std::vector<ZoneSerial> zone_serials(Db& db);
// Inserts the zone (zone.account_id must exist) and its sync state; returns the id.
std::int64_t insert_zone(Db& db, const Zone& zone);
// Deletes the zone with its records, grants and targets, and its provider account if no
// other zone uses it.
void delete_zone(Db& db, const Zone& zone);
void set_zone_serial(Db& db, std::int64_t zone_id, std::uint32_t serial);
void set_zone_intervals(Db& db, std::int64_t zone_id, std::int64_t sync_interval,
                        std::int64_t refresh_interval);

SyncState load_sync_state(Db& db, std::int64_t zone_id);
void save_sync_state(Db& db, std::int64_t zone_id, const SyncState& state);

AuthoritativeServers load_authoritative_servers(Db& db, std::int64_t zone_id);
// Replaces the zone's servers and key (empty addresses: the provider's serial again) and
// forgets the serial the old ones answered.
void save_authoritative_servers(Db& db, std::int64_t zone_id, const AuthoritativeServers& servers);

std::vector<NotifyTarget> list_notify_targets(Db& db, std::int64_t zone_id);
// False if the same target is already there.
bool add_notify_target(Db& db, std::int64_t zone_id, const NotifyTarget& target);
// False if there was no such target.
bool remove_notify_target(Db& db, std::int64_t zone_id, const NotifyTarget& target);

} // namespace dnsclay::store
