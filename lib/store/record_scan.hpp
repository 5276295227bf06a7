#pragma once
// Reading a zone's records one row at a time, for answers that must not hold the whole zone
// in memory (AXFR, IXFR), and the point lookups a query needs. The caller holds the
// transaction, so a scan sees one consistent version of the zone.
#include "lib/dns/name.hpp"
#include "lib/dns/types.hpp"
#include "lib/store/db.hpp"
#include "lib/store/model.hpp"

#include <functional>
#include <vector>

namespace dnsclay::store {

enum class ScanScope { Active, All };

// A record version as a transfer needs it.
struct ScannedRecord {
    dns::Record record;
    std::uint32_t serial_first = 0;
    std::optional<std::uint32_t> serial_deleted; // never set with ScanScope::Active
};

// Calls `visit` for every record version of the zone (only the active ones with
// ScanScope::Active), grouped by owner name: the records of one owner come one after the
// other. One row is in memory at a time, and `visit` sees the same object each time, with
// its owner name kept (not parsed again) while the owner stays the same.
void scan_records(Db& db, std::int64_t zone_id, ScanScope scope,
                  const std::function<void(const ScannedRecord&)>& visit);

// The serial of the oldest record version kept, if any: how far back history reaches.
std::optional<std::uint32_t> oldest_serial(Db& db, std::int64_t zone_id);

// The active records at `owner` (compared without regard to ASCII case), of one type or,
// with RRType::ANY, of every type.
std::vector<dns::Record> find_records(Db& db, std::int64_t zone_id, const dns::Name& owner,
                                      dns::RRType type);

// True if an active record is at `name` or below it (so the name exists, possibly as an
// empty non-terminal, RFC 8020).
bool name_exists(Db& db, std::int64_t zone_id, const dns::Name& name);

} // namespace dnsclay::store
