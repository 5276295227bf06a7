// QUERY: answers from the local copy of our zones (RFC 1034 §4.3.2 without referrals:
// dnsclay serves hidden primaries), negative answers with the SOA in the authority section
// (RFC 2308 §3), REFUSED outside our zones, and version.bind / id.server in class CH.
#include "lib/engine/handlers.hpp"
#include "lib/store/record_scan.hpp"
#include "lib/zone/soa.hpp"

#include <fmt/core.h>

namespace dnsclay::engine {
namespace {

dns::Record txt(const dns::Name& owner, std::string_view text) {
    dns::Record r{owner, dns::RRType::TXT, dns::RRClass::CH, 0, {}};
    text = text.substr(0, 255);
    r.rdata.push_back(static_cast<std::uint8_t>(text.size()));
    r.rdata.insert(r.rdata.end(), text.begin(), text.end());
    return r;
}

void handle_chaos(Request& r) {
    const auto& q = r.msg.questions[0];
    static const auto version_bind = dns::Name::parse("version.bind.");
    static const auto version_server = dns::Name::parse("version.server.");
    static const auto id_server = dns::Name::parse("id.server.");
    static const auto hostname_bind = dns::Name::parse("hostname.bind.");
    std::string text;
    if (q.name == version_bind || q.name == version_server)
        text = r.ctx.version_text;
    else if (q.name == id_server || q.name == hostname_bind)
        text = r.ctx.server_id;
    if (text.empty() || (q.type != dns::RRType::TXT && q.type != dns::RRType::ANY)) {
        r.out.error(dns::Rcode::REFUSED, dns::EdeCode::NOT_SUPPORTED,
                    "class CH answers only TXT version.bind, version.server, id.server and "
                    "hostname.bind");
        return;
    }
    auto resp = r.out.response();
    resp.aa = true;
    resp.answers.push_back(txt(q.name, text));
    r.out.send(resp);
}

// The negative answer's SOA: its TTL is the negative-caching time (RFC 2308 §3).
dns::Record negative_soa(const ServedZone& served) {
    auto soa = served.soa_now();
    soa.ttl = zone::negative_ttl(*served.zone);
    return soa;
}

// Records of `type` at `name` from the zone; the generated SOA at the apex.
std::vector<dns::Record> lookup(store::Db& db, const ServedZone& served, const dns::Name& name,
                                dns::RRType type) {
    auto records = store::find_records(db, served.zone->id, name, type);
    if (name == served.apex && (type == dns::RRType::SOA || type == dns::RRType::ANY))
        records.insert(records.begin(), served.soa_now());
    return records;
}

} // namespace

void handle_query(Request& r) {
    const auto& q = r.msg.questions[0];
    if (q.klass == dns::RRClass::CH) return handle_chaos(r);
    const ServedZone* served = r.catalog.find_served_for(q.name);
    if (!served) {
        r.out.error(dns::Rcode::REFUSED, dns::EdeCode::NOT_AUTHORITATIVE,
                    fmt::format("{} is not in a zone served here", q.name.to_string()));
        return;
    }
    const store::Zone* zone = served->zone;
    const dns::Name& apex = served->apex;
    auto resp = r.out.response();
    resp.aa = true;
    // The hot path (SOA at the apex) needs no database access.
    if (q.name == apex && q.type == dns::RRType::SOA) {
        resp.answers.push_back(served->soa_now());
        return r.out.send(resp);
    }
    auto& db = r.ctx.store().db();
    store::Transaction tx(db, store::Transaction::Kind::Read);
    auto answers = lookup(db, *served, q.name, q.type);
    if (answers.empty() && q.type != dns::RRType::CNAME)
        answers = store::find_records(db, zone->id, q.name, dns::RRType::CNAME);
    if (answers.empty() && !(q.name == apex) && !store::name_exists(db, zone->id, q.name)) {
        // RFC 4592 §3.3.1: a wildcard at the closest encloser stands for the missing name.
        dns::Name encloser = q.name.parent();
        while (!(encloser == apex) && !store::name_exists(db, zone->id, encloser))
            encloser = encloser.parent();
        auto wildcard = encloser.child("*");
        bool wildcard_exists = store::name_exists(db, zone->id, wildcard);
        if (!wildcard_exists) {
            resp.rcode = dns::Rcode::NXDOMAIN;
            resp.authorities.push_back(negative_soa(*served));
            return r.out.send(resp);
        }
        answers = store::find_records(db, zone->id, wildcard, q.type);
        if (answers.empty() && q.type != dns::RRType::CNAME)
            answers = store::find_records(db, zone->id, wildcard, dns::RRType::CNAME);
        for (auto& rec : answers)
            rec.owner = q.name;
    }
    tx.commit();
    if (answers.empty())
        resp.authorities.push_back(negative_soa(*served)); // NODATA (RFC 2308 §2.2)
    else
        resp.answers = std::move(answers);
    r.out.send(resp);
}

} // namespace dnsclay::engine
