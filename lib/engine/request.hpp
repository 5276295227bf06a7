#pragma once
// A DNS request as the transports hand it to the engine, and how answers go back.
#include "lib/dns/wire.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace dnsclay::engine {

enum class Transport { Udp, Tcp, Tls };

std::string_view to_string(Transport t);

struct RequestInfo {
    Transport transport = Transport::Udp;
    std::string peer; // "ADDR:PORT", for logs and the audit log
    // SHA-256 of the SubjectPublicKeyInfo of the TLS client's key, if it presented one.
    std::optional<std::vector<std::uint8_t>> tls_pin;
};

// Thrown by an Emit whose connection is gone.
class ConnectionClosed : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Sends one answer message. It may block while the connection's send queue is full
// (backpressure for long transfers) and throws if the connection is gone, which aborts
// the request.
using Emit = std::function<void(dns::Bytes&&)>;

// What the transport does after the engine is done with a request.
struct Outcome {
    bool close_connection = false; // stream transports: close after the answers are sent
};

} // namespace dnsclay::engine
