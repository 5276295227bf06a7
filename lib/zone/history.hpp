#pragma once
// The history of a zone as versions of rrsets, each with what resolvers may still hold
// after it changed: the old records until the change time plus their TTL, and, for an
// rrset that appeared where there was none, a negative answer until the change time plus
// the zone's negative TTL (RFC 2308).
#include "lib/store/model.hpp"
#include "lib/zone/rrset.hpp"

#include <optional>
#include <vector>

namespace dnsclay::zone {

struct RRsetVersion {
    RRsetKey key;
    std::vector<dns::Record> records; // normalized
    std::int64_t since = 0;
    std::uint32_t since_serial = 0;
    std::optional<std::int64_t> until; // empty while current
    std::optional<std::uint32_t> until_serial;
    // Set when the version ended: until + its largest TTL.
    std::optional<std::int64_t> cached_until;
    // Set when the rrset did not exist just before: since + negative TTL.
    std::optional<std::int64_t> negative_cached_until;
};

// Versions ordered by rrset (canonical order), then time.
std::vector<RRsetVersion> rrset_history(const std::vector<store::StoredRecord>& history,
                                        std::uint32_t negative_ttl);

} // namespace dnsclay::zone
