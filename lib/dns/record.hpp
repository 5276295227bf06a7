#pragma once
// A resource record with its rdata in uncompressed wire form: the one representation every
// layer (messages, zone files, state.db, providers) converts to and from.
#include "lib/dns/name.hpp"
#include "lib/dns/types.hpp"
#include "lib/dns/wire.hpp"

#include <cstdint>
#include <string>

namespace dnsclay::dns {

struct Record {
    Name owner;
    RRType type = RRType::A;
    RRClass klass = RRClass::IN;
    std::uint32_t ttl = 0;
    Bytes rdata; // uncompressed wire form; names inside keep the case they were given

    // "owner TTL CLASS TYPE rdata" with an absolute owner, as a zone file line.
    std::string to_string() const;
    friend bool operator==(const Record&, const Record&) = default;
};

} // namespace dnsclay::dns
