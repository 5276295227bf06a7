#include "lib/zone/validate.hpp"

#include "lib/zone/errors.hpp"

#include <algorithm>
#include <fmt/core.h>
#include <set>
#include <stdexcept>

namespace dnsclay::zone {
namespace {

std::string label(const RRsetKey& key) {
    return fmt::format("{} {}", key.owner.to_string(), dns::to_string(key.type));
}

// RRSIG and NSEC may sit beside a CNAME (RFC 4035 §2.5); nothing else may.
bool may_accompany_cname(dns::RRType t) {
    return t == dns::RRType::CNAME || t == dns::RRType::RRSIG || t == dns::RRType::NSEC;
}

} // namespace

void validate(const ZoneSnapshot& zone, const std::vector<RRsetReplacement>& replacements,
              const providers::Capabilities& caps, const std::string& provider) {
    auto apex = dns::Name::parse(zone.zone.name);
    std::set<dns::Name> touched;
    for (const auto& r : replacements) {
        const auto& key = r.key;
        // A programming error, not bad input: the change was computed from a snapshot
        // that does not hold this name, so its checks below would see too little.
        if (!zone.holds(key.owner))
            throw std::logic_error(
                fmt::format("{}: a change to a name that was not read", label(key)));
        if (key.type == dns::RRType::SOA)
            throw InvalidInput(fmt::format(
                "{}: the SOA record is managed by dnsclay (its serial changes with every change)",
                label(key)));
        if (dns::is_meta_type(key.type) || key.type == dns::RRType::OPT)
            throw InvalidInput(fmt::format("{}: type {} cannot be stored in a zone", label(key),
                                           dns::to_string(key.type)));
        if (!key.owner.is_subdomain_of(apex))
            throw InvalidInput(
                fmt::format("{} is not in zone {}", key.owner.to_string(), zone.zone.name));
        if (key.klass != dns::RRClass::IN)
            throw InvalidInput(fmt::format("{}: only class IN is supported, not {}", label(key),
                                           dns::to_string(key.klass)));
        if (!caps.types.empty() &&
            std::find(caps.types.begin(), caps.types.end(), key.type) == caps.types.end())
            throw InvalidInput(fmt::format("{}: provider {} cannot store {} records", label(key),
                                           provider, dns::to_string(key.type)));
        for (const auto& rec : r.records) {
            if (!(RRsetKey::of(rec) == key))
                throw InvalidInput(fmt::format("{}: record {} does not belong to this rrset",
                                               label(key), rec.owner.to_string()));
            if (rec.ttl > 0x7fffffffu)
                throw InvalidInput(
                    fmt::format("{}: TTL {} is above the maximum 2147483647", label(key), rec.ttl));
            if (rec.ttl < caps.min_ttl)
                throw InvalidInput(fmt::format("{}: TTL {} is below provider {}'s minimum {}",
                                               label(key), rec.ttl, provider, caps.min_ttl));
        }
        if (key.type == dns::RRType::CNAME && r.records.size() > 1)
            throw InvalidInput(
                fmt::format("{}: a name can have only one CNAME record", label(key)));
        touched.insert(key.owner);
    }

    // The CNAME rule is about the zone after the change: the snapshot overlaid with the
    // replacements, at each touched owner.
    RRsetMap after;
    for (const auto& [key, records] : zone.rrsets)
        if (touched.count(key.owner)) after[key] = records;
    for (const auto& r : replacements) {
        if (r.records.empty())
            after.erase(r.key);
        else
            after[r.key] = r.records;
    }
    for (const auto& owner : touched) {
        bool cname = after.count({owner, dns::RRType::CNAME, dns::RRClass::IN}) > 0;
        if (!cname) continue;
        if (owner == apex)
            throw InvalidInput(fmt::format("{}: a CNAME cannot be at the zone apex, beside the SOA",
                                           owner.to_string()));
        // Only the rrsets at this owner (they are adjacent in the map), not the whole zone
        // for every CNAME: a zone file with thousands of CNAMEs took minutes.
        RRsetKey first{owner, static_cast<dns::RRType>(0), static_cast<dns::RRClass>(0)};
        for (auto it = after.lower_bound(first); it != after.end() && it->first.owner == owner;
             ++it)
            if (!may_accompany_cname(it->first.type))
                throw InvalidInput(fmt::format("{}: a CNAME cannot share its name with other "
                                               "records ({})",
                                               owner.to_string(), dns::to_string(it->first.type)));
    }
}

} // namespace dnsclay::zone
