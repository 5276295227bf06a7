#pragma once
// The zone's SOA is ours: its serial is the one we keep, and the other fields come from
// the zone's settings.
#include "lib/dns/record.hpp"
#include "lib/store/model.hpp"

namespace dnsclay::zone {

dns::Record soa_record(const store::Zone& zone);
// How long a resolver may cache a negative answer from this zone (RFC 2308 §5: the
// smaller of the SOA's TTL and its MINIMUM field).
std::uint32_t negative_ttl(const store::Zone& zone);

} // namespace dnsclay::zone
