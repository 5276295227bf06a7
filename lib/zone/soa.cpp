#include "lib/zone/soa.hpp"

#include <algorithm>

namespace dnsclay::zone {

dns::Record soa_record(const store::Zone& zone) {
    dns::Record r;
    r.owner = dns::Name::parse(zone.name);
    r.type = dns::RRType::SOA;
    r.ttl = zone.soa.ttl;
    auto put_name = [&](const std::string& text) {
        auto name = dns::Name::parse(text); // wire() views the name: keep it alive
        auto wire = name.wire();
        r.rdata.insert(r.rdata.end(), wire.begin(), wire.end());
    };
    auto put32 = [&](std::uint32_t v) {
        for (int shift = 24; shift >= 0; shift -= 8)
            r.rdata.push_back(static_cast<std::uint8_t>(v >> shift));
    };
    put_name(zone.soa.mname);
    put_name(zone.soa.rname);
    for (auto v :
         {zone.serial, zone.soa.refresh, zone.soa.retry, zone.soa.expire, zone.soa.minimum})
        put32(v);
    return r;
}

std::uint32_t negative_ttl(const store::Zone& zone) {
    return std::min(zone.soa.ttl, zone.soa.minimum);
}

} // namespace dnsclay::zone
