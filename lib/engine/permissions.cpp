#include "lib/engine/permissions.hpp"

#include "lib/dns/types.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace dnsclay::engine {
namespace {

std::vector<const store::Credential*> present(const Identity& id) {
    std::vector<const store::Credential*> out;
    if (id.tls) out.push_back(id.tls);
    if (id.tsig) out.push_back(id.tsig);
    return out;
}

std::string describe(const store::Credential& c) {
    return fmt::format("{} '{}'", c.kind == "tls" ? "TLS client key" : "TSIG key", c.name);
}

} // namespace

std::string Identity::actor() const {
    if (!tsig && !tls) return "anonymous";
    if (tsig && tls) return fmt::format("cred:{}+{}", tls->name, tsig->name);
    return "cred:" + (tsig ? tsig : tls)->name;
}

std::optional<std::string> refuse_reason(const Identity& id, const store::Zone& zone,
                                         Operation op) {
    auto creds = present(id);
    if (creds.empty()) {
        if (!id.unknown_pin.empty())
            return fmt::format("TLS client key {} is not a known credential, and there is no "
                               "TSIG signature",
                               id.unknown_pin);
        return "authentication required: sign with a TSIG key or use a TLS client key";
    }
    for (const auto* c : creds) {
        if (std::find(c->zones.begin(), c->zones.end(), zone.name) == c->zones.end())
            return fmt::format("{} is not granted on zone {}", describe(*c), zone.name);
        if (op == Operation::Update && c->read_only)
            return fmt::format("{} is read-only: it may transfer {} but not update it",
                               describe(*c), zone.name);
    }
    return std::nullopt;
}

bool name_matches(const std::string& pattern, const dns::Name& zone, const dns::Name& name) {
    std::string_view p = pattern;
    if (p == "*") return true;
    bool subtree = p.starts_with("**.");
    bool below = !subtree && p.starts_with("*.");
    if (subtree) p.remove_prefix(3);
    if (below) p.remove_prefix(2);
    dns::Name base;
    try {
        base = dns::Name::parse(p, zone);
    } catch (const std::exception&) {
        return false; // a pattern that is not a name matches nothing
    }
    if (below) return name.is_subdomain_of(base) && !(name == base);
    if (subtree) return name.is_subdomain_of(base);
    return name == base;
}

std::optional<std::string> refuse_record(const Identity& id, const dns::Name& zone,
                                         const dns::Record& record) {
    for (const auto* c : present(id)) {
        bool name_ok =
            c->allow_names.empty() ||
            std::any_of(c->allow_names.begin(), c->allow_names.end(),
                        [&](const std::string& p) { return name_matches(p, zone, record.owner); });
        // ANY in an UPDATE RR (delete all rrsets at a name) touches every type.
        auto type = static_cast<std::uint16_t>(record.type);
        bool type_ok =
            c->allow_types.empty() ||
            (record.type != dns::RRType::ANY &&
             std::find(c->allow_types.begin(), c->allow_types.end(), type) != c->allow_types.end());
        if (!name_ok)
            return fmt::format("{} may not change {} {}: the name is outside --allow-name {}",
                               describe(*c), record.owner.to_string(), dns::to_string(record.type),
                               fmt::join(c->allow_names, ","));
        if (!type_ok) {
            std::vector<std::string> types;
            for (auto t : c->allow_types)
                types.push_back(dns::to_string(static_cast<dns::RRType>(t)));
            return fmt::format("{} may not change {} {}: the type is outside --allow-type {}",
                               describe(*c), record.owner.to_string(), dns::to_string(record.type),
                               fmt::join(types, ","));
        }
    }
    return std::nullopt;
}

} // namespace dnsclay::engine
