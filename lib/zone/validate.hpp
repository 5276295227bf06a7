#pragma once
// The rules every change must follow whatever its source, checked before anything is sent
// to a provider.
#include "lib/zone/change.hpp"
#include "providers/provider.hpp"

namespace dnsclay::zone {

// Throws InvalidInput naming the offending rrset: SOA or meta types, owners outside the
// zone, classes other than IN, TTLs out of range or below the provider's minimum, types
// the provider does not store, records not matching their key, and CNAMEs sharing a name
// with other data (RFC 1034 §3.6.2) or holding more than one record. Throws
// std::logic_error for a replacement at a name a partial snapshot does not hold.
void validate(const ZoneSnapshot& zone, const std::vector<RRsetReplacement>& replacements,
              const providers::Capabilities& capabilities, const std::string& provider);

} // namespace dnsclay::zone
