#pragma once
// A DNS client connection over TCP or DNS-over-TLS (RFC 7858: ALPN "dot") that stays open:
// messages are sent and read with RFC 1035 framing, so a test can pipeline many requests
// on one connection, or send one and read its answer slowly or never.
#include "lib/dns/wire.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace dnsclay::test {

// A client key: PEM files of a certificate and its private key.
struct TlsClientKey {
    std::string cert_file;
    std::string key_file;
};

class StreamClient {
  public:
    enum class Security { Plain, Tls };

    // Connects to address:port (and completes the TLS handshake, presenting `client` if it
    // has files). The timeout bounds every later read and write. A `receive_buffer` size
    // (bytes) makes the kernel hold little of what the client does not read, so that the
    // server feels a slow reader at once; 0 leaves the kernel's default. Throws
    // std::runtime_error if the connection or the handshake fails (e.g. an unknown client
    // key).
    StreamClient(const std::string& address, int port, Security security,
                 std::chrono::milliseconds timeout = std::chrono::seconds(10),
                 const TlsClientKey& client = {}, int receive_buffer = 0);
    ~StreamClient();
    StreamClient(const StreamClient&) = delete;
    StreamClient& operator=(const StreamClient&) = delete;

    // Sends one message with its length prefix; throws if the connection is gone.
    void send(const dns::Bytes& message);
    // Reads one message; throws on timeout or when the peer closed first.
    dns::Bytes receive();

  private:
    struct State;
    std::unique_ptr<State> state_;
    std::string peer_;
};

} // namespace dnsclay::test
