#pragma once
// A minimal DNS-over-TLS client for tests (RFC 7858: ALPN "dot", RFC 1035 framing inside
// TLS), for what kdig cannot send over TLS, such as UPDATE. It does not check the server's
// certificate: the tests that need that use kdig +tls-pin.
#include "tests/support/stream_client.hpp"

namespace dnsclay::test {

// Sends `query` to address:port over TLS, presenting `client` if it has files, and returns
// the first answer. Throws std::runtime_error if the handshake fails (e.g. an unknown
// client key), on timeout, or when no complete answer comes.
dns::Bytes tls_exchange(const std::string& address, int port, const dns::Bytes& query,
                        const TlsClientKey& client = {},
                        std::chrono::milliseconds timeout = std::chrono::seconds(10));

} // namespace dnsclay::test
