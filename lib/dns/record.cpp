#include "lib/dns/record.hpp"

#include "lib/dns/rdata.hpp"

namespace dnsclay::dns {

std::string Record::to_string() const {
    std::string out = owner.to_string();
    out += ' ';
    out += std::to_string(ttl);
    out += ' ';
    out += dns::to_string(klass);
    out += ' ';
    out += dns::to_string(type);
    out += ' ';
    out += rdata_to_text(type, rdata);
    return out;
}

} // namespace dnsclay::dns
