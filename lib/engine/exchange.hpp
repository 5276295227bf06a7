#pragma once
// One DNS request and its answer over UDP or TCP (RFC 1035 §4.2, RFC 7766 length prefix),
// with a deadline: what the NOTIFY sender needs from the network.
#include "lib/dns/wire.hpp"

#include <chrono>
#include <string>

namespace dnsclay::engine {

// "192.0.2.1:53", "[2001:db8::1]:53". Throws std::invalid_argument naming the address.
struct HostPort {
    std::string host;
    int port = 0;
};
HostPort parse_host_port(const std::string& address);

// Sends `request` to `address` and returns the first answer whose ID matches the
// request's (UDP) or the first message on the connection (TCP). Throws
// std::runtime_error saying what failed (unreachable, timeout, closed).
dns::Bytes exchange(const std::string& address, bool tcp, const dns::Bytes& request,
                    std::chrono::milliseconds timeout);

} // namespace dnsclay::engine
