#pragma once
// Shorthands shared by the message tests.
#include "lib/dns/message.hpp"
#include "lib/dns/rdata.hpp"

#include <string_view>

namespace dnsclay::test {

inline dns::Record rr(std::string_view owner, dns::RRType type, std::string_view rdata,
                      std::uint32_t ttl = 300, dns::RRClass klass = dns::RRClass::IN) {
    dns::Record r;
    r.owner = dns::Name::parse(owner);
    r.type = type;
    r.klass = klass;
    r.ttl = ttl;
    if (!rdata.empty()) r.rdata = dns::rdata_from_text(type, rdata, dns::Name());
    return r;
}

// An UPDATE-style record with empty rdata (class ANY or NONE, RFC 2136 §2.4/§2.5).
inline dns::Record empty_rr(std::string_view owner, dns::RRType type, dns::RRClass klass) {
    return rr(owner, type, "", 0, klass);
}

inline dns::Message query(std::string_view qname, dns::RRType qtype, std::uint16_t id = 0x1234) {
    dns::Message m;
    m.id = id;
    m.rd = true;
    m.questions.push_back({dns::Name::parse(qname), qtype, dns::RRClass::IN});
    return m;
}

} // namespace dnsclay::test
