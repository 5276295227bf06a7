// RFC 2136 §3.1-§3.4 against a working copy of the zone: what an UPDATE asks for, as
// rrset replacements, or the rcode that refuses it. Nothing here touches state.db or the
// provider.
#include "lib/dns/error.hpp"
#include "lib/dns/rdata.hpp"
#include "lib/engine/update.hpp"
#include "lib/zone/serial.hpp"
#include "lib/zone/soa.hpp"

#include <algorithm>
#include <fmt/core.h>
#include <map>
#include <set>
#include <stdexcept>

namespace dnsclay::engine {
namespace {

using dns::RRClass;
using dns::RRType;
using zone::RRsetKey;
using zone::RRsetMap;

// An RR as the EDE text shows it: "name CLASS TYPE [rdata]".
std::string rr_text(const dns::Record& rr) {
    std::string out = fmt::format("{} {} {} {}", rr.owner.to_string(), rr.ttl,
                                  dns::to_string(rr.klass), dns::to_string(rr.type));
    if (!rr.rdata.empty()) {
        try {
            out += " " + dns::rdata_to_text(rr.type, rr.rdata);
        } catch (const std::exception&) {
            out += fmt::format(" \\# {} ...", rr.rdata.size());
        }
    }
    return out;
}

[[noreturn]] void refuse(dns::Rcode rcode, const std::string& text,
                         dns::EdeCode ede = dns::EdeCode::OTHER) {
    throw UpdateRefused(rcode, ede, text);
}

// Types that are not data (RFC 6895 §3.1, plus OPT and TSIG): never stored, and not
// meaningful in a prerequisite's value or in an added record.
bool not_data(RRType t) {
    return dns::is_meta_type(t) || t == RRType::OPT || t == RRType::TSIG || t == RRType::TKEY ||
           static_cast<std::uint16_t>(t) == 0;
}

// The query-only types that may never appear in an update RR (§3.4.1.3); ANY is allowed
// with class ANY (delete a name).
bool query_only(RRType t) {
    return t == RRType::AXFR || t == RRType::IXFR || t == RRType::MAILA || t == RRType::MAILB;
}

// RRSIG and NSEC may sit beside a CNAME (RFC 4035 §2.5).
bool may_accompany_cname(RRType t) {
    return t == RRType::CNAME || t == RRType::RRSIG || t == RRType::NSEC;
}

bool same_rdata(RRType type, const dns::Record& a, const dns::Record& b) {
    return dns::rdata_equal(type, a.rdata, b.rdata);
}

// The zone as the UPDATE sees it: the records plus our SOA at the apex. Every question is
// about one name; the snapshot must hold that name (update_owners lists them all).
class WorkingCopy {
  public:
    explicit WorkingCopy(const zone::ZoneSnapshot& snap)
        : snap_(snap), apex_(dns::Name::parse(snap.zone.name)), soa_(zone::soa_record(snap.zone)),
          rrsets_(snap.rrsets) {}

    const dns::Name& apex() const { return apex_; }
    const dns::Record& soa() const { return soa_; }

    bool name_in_use(const dns::Name& name) const {
        if (name == apex_) return true;
        auto it = first_at(name);
        return it != rrsets_.end() && it->first.owner == name;
    }
    // The records of (name, type); the SOA too.
    std::vector<dns::Record> rrset(const dns::Name& name, RRType type) const {
        if (type == RRType::SOA)
            return name == apex_ ? std::vector{soa_} : std::vector<dns::Record>{};
        require(name);
        auto it = rrsets_.find({name, type, RRClass::IN});
        return it == rrsets_.end() ? std::vector<dns::Record>{} : it->second;
    }
    // `name` as the zone already writes it (the spelling of its records there, or of the
    // apex), so that records added with other letter cases join their rrset under one
    // owner spelling; a new name as given.
    dns::Name spelling(const dns::Name& name) const {
        if (name == apex_) return apex_;
        auto it = first_at(name);
        if (it != rrsets_.end() && it->first.owner == name && !it->second.empty())
            return it->second.front().owner;
        return name;
    }
    // The types present at `name`, the SOA included.
    std::vector<RRType> types_at(const dns::Name& name) const {
        std::vector<RRType> out;
        if (name == apex_) out.push_back(RRType::SOA);
        for (auto it = first_at(name); it != rrsets_.end() && it->first.owner == name; ++it)
            out.push_back(it->first.type);
        return out;
    }
    void set(const dns::Name& name, RRType type, std::vector<dns::Record> records) {
        require(name);
        RRsetKey key{name, type, RRClass::IN};
        zone::normalize(records);
        if (records.empty())
            rrsets_.erase(key);
        else
            rrsets_[key] = std::move(records);
    }
    const RRsetMap& rrsets() const { return rrsets_; }

  private:
    // A programming error, not the client's: an answer computed from too little of the
    // zone would be wrong, so it fails (SERVFAIL) instead.
    void require(const dns::Name& name) const {
        if (!snap_.holds(name))
            throw std::logic_error("UPDATE evaluation needs " + name.to_string() +
                                   ", which was not read");
    }
    RRsetMap::const_iterator first_at(const dns::Name& name) const {
        require(name);
        return rrsets_.lower_bound({name, static_cast<RRType>(0), static_cast<RRClass>(0)});
    }

    const zone::ZoneSnapshot& snap_;
    dns::Name apex_;
    dns::Record soa_;
    RRsetMap rrsets_;
};

// §3.2: the prerequisite section, in order; value-dependent ones after all others.
void check_prerequisites(const dns::Message& update, const WorkingCopy& zone) {
    std::map<RRsetKey, std::vector<dns::Record>> wanted;
    for (const auto& rr : update.answers) {
        auto text = rr_text(rr);
        if (rr.ttl != 0) refuse(dns::Rcode::FORMERR, "prerequisite " + text + ": TTL must be 0");
        if (!rr.owner.is_subdomain_of(zone.apex()))
            refuse(dns::Rcode::NOTZONE, fmt::format("prerequisite {}: the name is not in zone {}",
                                                    text, zone.apex().to_string()));
        if (rr.klass == RRClass::ANY || rr.klass == RRClass::NONE) {
            if (!rr.rdata.empty())
                refuse(dns::Rcode::FORMERR, "prerequisite " + text + ": RDATA must be empty");
            if (rr.type != RRType::ANY && not_data(rr.type))
                refuse(dns::Rcode::FORMERR, "prerequisite " + text + ": " +
                                                dns::to_string(rr.type) + " is not a data type");
            bool want_present = rr.klass == RRClass::ANY;
            if (rr.type == RRType::ANY) {
                bool present = zone.name_in_use(rr.owner);
                if (present != want_present)
                    refuse(want_present ? dns::Rcode::NXDOMAIN : dns::Rcode::YXDOMAIN,
                           fmt::format("prerequisite {} failed: {} {}", text, rr.owner.to_string(),
                                       want_present ? "does not exist" : "exists"));
            } else {
                bool present = !zone.rrset(rr.owner, rr.type).empty();
                if (present != want_present)
                    refuse(want_present ? dns::Rcode::NXRRSET : dns::Rcode::YXRRSET,
                           fmt::format("prerequisite {} failed: {} has {} {} records", text,
                                       rr.owner.to_string(), want_present ? "no" : "",
                                       dns::to_string(rr.type)));
            }
        } else if (rr.klass == RRClass::IN) {
            if (not_data(rr.type))
                refuse(dns::Rcode::FORMERR, "prerequisite " + text + ": " +
                                                dns::to_string(rr.type) + " is not a data type");
            auto& group = wanted[{rr.owner, rr.type, RRClass::IN}];
            bool dup = std::any_of(group.begin(), group.end(), [&](const dns::Record& g) {
                return same_rdata(rr.type, g, rr);
            });
            if (!dup) group.push_back(rr);
        } else {
            refuse(dns::Rcode::FORMERR, "prerequisite " + text + ": class must be IN, ANY or NONE");
        }
    }
    for (const auto& entry : wanted) {
        const auto& key = entry.first; // not a structured binding: lambdas capture it
        const auto& records = entry.second;
        auto have = zone.rrset(key.owner, key.type);
        auto contains = [&](const std::vector<dns::Record>& set, const dns::Record& r) {
            return std::any_of(set.begin(), set.end(),
                               [&](const dns::Record& s) { return same_rdata(key.type, s, r); });
        };
        bool equal = have.size() == records.size() &&
                     std::all_of(records.begin(), records.end(),
                                 [&](const dns::Record& r) { return contains(have, r); });
        if (!equal)
            refuse(dns::Rcode::NXRRSET,
                   fmt::format("prerequisite failed: {} {} holds {} record(s), not exactly the "
                               "{} given",
                               key.owner.to_string(), dns::to_string(key.type), have.size(),
                               records.size()));
    }
}

// §3.4.1: the whole update section is checked before anything is done.
void prescan(const dns::Message& update, const WorkingCopy& zone) {
    for (const auto& rr : update.authorities) {
        auto text = rr_text(rr);
        if (!rr.owner.is_subdomain_of(zone.apex()))
            refuse(dns::Rcode::NOTZONE, fmt::format("update {}: the name is not in zone {}", text,
                                                    zone.apex().to_string()));
        if (rr.klass == RRClass::IN) {
            if (not_data(rr.type))
                refuse(dns::Rcode::FORMERR, "update " + text + ": " + dns::to_string(rr.type) +
                                                " records cannot be added");
            if (rr.ttl > 0x7fffffffu)
                refuse(dns::Rcode::FORMERR, "update " + text + ": TTL above 2147483647");
        } else if (rr.klass == RRClass::ANY) {
            if (rr.ttl != 0 || !rr.rdata.empty())
                refuse(dns::Rcode::FORMERR,
                       "update " + text + ": deleting an rrset needs TTL 0 and empty RDATA");
            if (query_only(rr.type) || (rr.type != RRType::ANY && not_data(rr.type)))
                refuse(dns::Rcode::FORMERR,
                       "update " + text + ": " + dns::to_string(rr.type) + " is not a data type");
        } else if (rr.klass == RRClass::NONE) {
            if (rr.ttl != 0)
                refuse(dns::Rcode::FORMERR, "update " + text + ": deleting a record needs TTL 0");
            if (not_data(rr.type))
                refuse(dns::Rcode::FORMERR,
                       "update " + text + ": " + dns::to_string(rr.type) + " is not a data type");
        } else {
            refuse(dns::Rcode::FORMERR, "update " + text + ": class must be IN, ANY or NONE");
        }
    }
}

// The SOA fields after the serial (refresh, retry, expire, minimum) and the names before.
struct SoaFields {
    dns::Name mname, rname;
    std::uint32_t serial = 0;
    std::vector<std::uint8_t> rest; // 16 bytes: refresh, retry, expire, minimum
};

SoaFields read_soa(const dns::Record& soa) {
    dns::WireReader reader(soa.rdata);
    SoaFields f;
    f.mname = reader.name();
    f.rname = reader.name();
    f.serial = reader.u32();
    auto rest = reader.bytes(16);
    f.rest.assign(rest.begin(), rest.end());
    return f;
}

// §3.4.2.2 for the SOA: the serial is ours, the other fields the zone's settings.
void add_soa(const dns::Record& rr, const WorkingCopy& zone) {
    auto text = rr_text(rr);
    if (rr.owner != zone.apex())
        refuse(dns::Rcode::REFUSED, "update " + text + ": an SOA can only be at the zone apex",
               dns::EdeCode::PROHIBITED);
    auto ours = read_soa(zone.soa());
    SoaFields theirs;
    try {
        theirs = read_soa(rr);
    } catch (const dns::WireError&) {
        refuse(dns::Rcode::FORMERR, "update " + text + ": malformed SOA RDATA");
    }
    if (!zone::serial_gt(theirs.serial, ours.serial)) return; // ignored, as §3.4.2.2 says
    if (theirs.mname == ours.mname && theirs.rname == ours.rname && theirs.rest == ours.rest &&
        rr.ttl == zone.soa().ttl)
        return; // only the serial differs, and the serial is ours
    refuse(dns::Rcode::REFUSED,
           "update " + text + ": the SOA is managed by dnsclay (serial " +
               std::to_string(ours.serial) + "); UPDATE cannot change its fields",
           dns::EdeCode::PROHIBITED);
}

void add(const dns::Record& rr, WorkingCopy& zone) {
    if (rr.type == RRType::SOA) return add_soa(rr, zone);
    auto types = zone.types_at(rr.owner);
    bool has_cname = std::find(types.begin(), types.end(), RRType::CNAME) != types.end();
    bool has_other =
        std::any_of(types.begin(), types.end(), [](RRType t) { return !may_accompany_cname(t); });
    dns::Record added = rr;
    added.owner = zone.spelling(rr.owner);
    added.klass = RRClass::IN;
    if (rr.type == RRType::CNAME) {
        if (has_other) return; // a CNAME beside other data is ignored (§3.4.2.2)
        zone.set(rr.owner, RRType::CNAME, {added});
        return;
    }
    if (has_cname && !may_accompany_cname(rr.type)) return; // other data beside a CNAME
    auto records = zone.rrset(rr.owner, rr.type);
    std::erase_if(records, [&](const dns::Record& r) { return same_rdata(rr.type, r, rr); });
    records.push_back(added);
    for (auto& r : records)
        r.ttl = rr.ttl; // one TTL per rrset (RFC 2181 §5.2)
    zone.set(rr.owner, rr.type, std::move(records));
}

void delete_rrsets(const dns::Record& rr, WorkingCopy& zone) {
    bool apex = rr.owner == zone.apex();
    auto protected_at_apex = [&](RRType t) {
        return apex && (t == RRType::SOA || t == RRType::NS);
    };
    if (rr.type == RRType::ANY) {
        for (auto t : zone.types_at(rr.owner))
            if (!protected_at_apex(t)) zone.set(rr.owner, t, {});
    } else if (!protected_at_apex(rr.type)) {
        zone.set(rr.owner, rr.type, {});
    }
}

void delete_record(const dns::Record& rr, WorkingCopy& zone) {
    bool apex = rr.owner == zone.apex();
    if (rr.type == RRType::SOA) return;
    auto records = zone.rrset(rr.owner, rr.type);
    auto matches = [&](const dns::Record& r) { return same_rdata(rr.type, r, rr); };
    if (apex && rr.type == RRType::NS && records.size() == 1 && matches(records.front()))
        return; // the last NS of the zone stays (§3.4.2.4)
    std::erase_if(records, matches);
    zone.set(rr.owner, rr.type, std::move(records));
}

} // namespace

std::string update_zone_name(const dns::Message& update) {
    if (update.questions.size() != 1)
        refuse(dns::Rcode::FORMERR, fmt::format("the zone section must hold exactly one zone, "
                                                "not {}",
                                                update.questions.size()));
    const auto& q = update.questions.front();
    if (q.type != RRType::SOA)
        refuse(dns::Rcode::FORMERR,
               "the zone section must have type SOA, not " + dns::to_string(q.type));
    if (q.klass != RRClass::IN)
        refuse(dns::Rcode::NOTAUTH,
               "only class IN zones are served, not " + dns::to_string(q.klass),
               dns::EdeCode::NOT_AUTHORITATIVE);
    return q.name.canonical().to_string();
}

std::set<dns::Name> update_owners(const dns::Message& update) {
    std::set<dns::Name> out;
    for (const auto* section : {&update.answers, &update.authorities})
        for (const auto& rr : *section)
            out.insert(rr.owner);
    return out;
}

std::vector<zone::RRsetReplacement> evaluate_update(const dns::Message& update,
                                                    const zone::ZoneSnapshot& snapshot) {
    WorkingCopy zone(snapshot);
    check_prerequisites(update, zone);
    prescan(update, zone);
    for (const auto& rr : update.authorities) {
        if (rr.klass == RRClass::IN)
            add(rr, zone);
        else if (rr.klass == RRClass::ANY)
            delete_rrsets(rr, zone);
        else
            delete_record(rr, zone);
    }
    std::vector<zone::RRsetReplacement> out;
    for (const auto& change : zone::diff(snapshot.rrsets, zone.rrsets()))
        out.push_back({change.key, change.after});
    return out;
}

} // namespace dnsclay::engine
