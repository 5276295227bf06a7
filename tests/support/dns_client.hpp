#pragma once
// A minimal DNS client for tests: send one message to a peer over UDP or TCP and read the
// answer(s). (tests/support/dns_listener.hpp is the server side.)
#include "lib/dns/wire.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace dnsclay::test {

using std::chrono_literals::operator""s;

// Sends `query` over UDP to address:port and returns the first datagram that comes back.
// Throws std::runtime_error on timeout.
dns::Bytes udp_exchange(const std::string& address, int port, const dns::Bytes& query,
                        std::chrono::milliseconds timeout = 5s);

// Sends `query` over TCP (RFC 1035 §4.2.2 length prefix) and reads responses until
// `is_last(response)` returns true (by default after the first one), or the peer closes
// the connection. Throws std::runtime_error on timeout or when nothing arrives.
std::vector<dns::Bytes> tcp_exchange(const std::string& address, int port, const dns::Bytes& query,
                                     const std::function<bool(const dns::Bytes&)>& is_last = {},
                                     std::chrono::milliseconds timeout = 10s);

} // namespace dnsclay::test
