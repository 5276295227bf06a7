#pragma once
// The records of a zone with their history: a row per record version, never updated
// except to mark it deleted (a tombstone with the serial and time of deletion).
#include "lib/store/db.hpp"
#include "lib/store/model.hpp"

#include <vector>

namespace dnsclay::store {

// The zone's current records (the SOA is not stored: it is generated from the zone).
std::vector<StoredRecord> active_records(Db& db, std::int64_t zone_id);
// The current records at `owner` (compared without regard to ASCII case), by type: an
// index lookup that reads nothing else of the zone.
std::vector<StoredRecord> active_records_at(Db& db, std::int64_t zone_id, const dns::Name& owner);
// Every version, active and deleted, ordered by time first seen.
std::vector<StoredRecord> record_history(Db& db, std::int64_t zone_id);

void insert_record(Db& db, std::int64_t zone_id, const dns::Record& record, std::uint32_t serial,
                   std::int64_t time);
void tombstone_record(Db& db, std::int64_t record_id, std::uint32_t serial, std::int64_t time);

} // namespace dnsclay::store
