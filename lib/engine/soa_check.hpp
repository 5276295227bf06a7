#pragma once
// The cheap check's other source of a zone's serial: an SOA query (RFC 1035 §4.3.1) to
// the zone's authoritative servers, for zones configured with them (`zone set
// --authoritative`). Useful where the operator's API has no serial, or where what
// matters is what the public servers publish.
//
// The servers are asked in order over UDP (TCP when the answer is truncated), RD off, until
// one gives an authoritative answer with the zone's SOA; that server's serial is the
// zone's. A server that times out, refuses, is not authoritative for the zone (no AA bit,
// a referral, another zone's SOA) or whose TSIG fails is skipped, and if none answers, the
// error names each server with its failure.
#include "lib/dns/name.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace dnsclay::engine {

class SoaCheckError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct SoaQuery {
    dns::Name zone;
    std::vector<std::string> servers;        // ADDR:PORT, in the order to ask them
    std::optional<std::string> tsig_key;     // "ALG:NAME:BASE64" signs the queries when given
    std::chrono::milliseconds timeout{5000}; // per server
    // Set on shutdown: no further server is asked.
    const std::atomic<bool>* cancel = nullptr;
};

// The zone's SOA serial as the first server that answers well says. Throws SoaCheckError.
std::uint32_t authoritative_serial(const SoaQuery& query);

} // namespace dnsclay::engine
