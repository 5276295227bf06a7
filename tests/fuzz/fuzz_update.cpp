// UPDATE processing (RFC 2136 §3.2-§3.4) against an in-memory zone: any message is either
// refused with an UpdateRefused (whose text the EDE carries) or turned into rrset
// replacements that keep the zone sound. Checked for every accepted UPDATE:
// - every replacement is in the zone, holds only records of its own rrset, and never
//   touches the SOA (ours) or empties the apex NS rrset;
// - after the replacements, no name has a CNAME beside other data (RRSIG/NSEC aside);
// - evaluating is deterministic.
#include "lib/dns/error.hpp"
#include "lib/dns/message.hpp"
#include "lib/dns/zonefile.hpp"
#include "lib/engine/update.hpp"

#include <cstdlib>
#include <map>
#include <set>

namespace {

using namespace dnsclay;
using dns::RRType;

const dns::Name kApex = dns::Name::parse("example.test.");

// A zone with the shapes the rules care about: apex NS, a CNAME, several rrsets at one
// name, a delegation and an empty non-terminal (b.c has data, c has none).
zone::ZoneSnapshot make_zone() {
    static constexpr std::string_view text = R"(
@        3600 IN NS    ns1.example.test.
@        3600 IN NS    ns2.example.test.
@        3600 IN MX    10 mail.example.test.
@        3600 IN TXT   "v=spf1 -all"
ns1      3600 IN A     192.0.2.1
ns2      3600 IN AAAA  2001:db8::2
www      300  IN A     192.0.2.10
www      300  IN A     192.0.2.11
alias    300  IN CNAME www.example.test.
mail     300  IN A     192.0.2.25
b.c      300  IN TXT   "x"
sub      3600 IN NS    ns.sub.example.test.
_25._tcp.mail 300 IN TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
)";
    zone::ZoneSnapshot snap;
    snap.zone.name = "example.test.";
    snap.zone.serial = 2026112601;
    snap.zone.soa.mname = "ns1.example.test.";
    snap.zone.soa.rname = "hostmaster.example.test.";
    snap.rrsets = zone::group(dns::read_zone_file(text, kApex));
    return snap;
}

bool may_accompany_cname(RRType t) {
    return t == RRType::CNAME || t == RRType::RRSIG || t == RRType::NSEC;
}

void check_replacements(const std::vector<zone::RRsetReplacement>& changes,
                        const zone::ZoneSnapshot& before) {
    zone::RRsetMap after = before.rrsets;
    for (const auto& r : changes) {
        if (!r.key.owner.is_subdomain_of(kApex)) std::abort();
        if (r.key.type == RRType::SOA) std::abort();
        if (r.key.owner == kApex && r.key.type == RRType::NS && r.records.empty()) std::abort();
        for (const auto& rr : r.records)
            if (!(zone::RRsetKey::of(rr) == r.key)) std::abort();
        if (r.records.empty())
            after.erase(r.key);
        else
            after[r.key] = r.records;
    }
    std::map<dns::Name, std::set<RRType>> types_at;
    for (const auto& [key, records] : after)
        types_at[key.owner].insert(key.type);
    for (const auto& [owner, types] : types_at) {
        if (!types.contains(RRType::CNAME)) continue;
        for (RRType t : types)
            if (!may_accompany_cname(t)) std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const zone::ZoneSnapshot zone = make_zone();
    dns::Message update;
    try {
        update = dns::Message::parse(std::span<const std::uint8_t>(data, size));
    } catch (const dns::WireError&) {
        return 0;
    }
    try {
        if (engine::update_zone_name(update) != zone.zone.name) return 0; // NOTAUTH
    } catch (const engine::UpdateRefused& e) {
        if (std::string_view(e.what()).empty()) std::abort();
        return 0;
    }
    std::vector<zone::RRsetReplacement> changes;
    try {
        changes = engine::evaluate_update(update, zone);
    } catch (const engine::UpdateRefused& e) {
        if (std::string_view(e.what()).empty()) std::abort(); // the EDE text says why
        return 0;
    }
    check_replacements(changes, zone);
    auto again = engine::evaluate_update(update, zone);
    if (again.size() != changes.size()) std::abort();
    for (std::size_t i = 0; i < again.size(); ++i)
        if (!(again[i].key == changes[i].key) || again[i].records != changes[i].records)
            std::abort();
    return 0;
}
