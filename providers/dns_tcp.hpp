#pragma once
// DNS over TCP (RFC 1035 §4.2.2, RFC 7766) to one upstream server, or over TLS on top of it
// (RFC 7858), blocking, with one deadline for the whole exchange and a cancel flag checked
// every 100 ms.
#include "lib/dns/wire.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dnsclay::providers {

// How a TLS connection authenticates the server: by the SHA-256 pin of its key's
// SubjectPublicKeyInfo (RFC 7858 §4.2, as kdig +tls-pin), or, without a pin, by a
// certificate that the system's CA store trusts and that names the server's IP address.
struct TlsSettings {
    std::optional<std::vector<std::uint8_t>> spki_pin;
};

class DnsTcpConnection {
  public:
    // `address` is a literal "ADDR:PORT" ("[V6ADDR]:PORT" for IPv6); no resolver is used.
    // With `tls`, the TLS handshake and the server's authentication happen here too.
    // Throws ProviderError (unreachable, timeout, cancelled, bad address, TLS failure).
    DnsTcpConnection(const std::string& address, std::chrono::steady_clock::time_point deadline,
                     const std::atomic<bool>* cancel,
                     const std::optional<TlsSettings>& tls = std::nullopt);
    ~DnsTcpConnection();
    DnsTcpConnection(const DnsTcpConnection&) = delete;
    DnsTcpConnection& operator=(const DnsTcpConnection&) = delete;

    void send(const dns::Bytes& message);
    dns::Bytes receive();

  private:
    struct Tls;
    void wait(short events);
    void start_tls(const TlsSettings& settings);
    // The TLS layer, or the socket itself without one.
    void write_all(const std::uint8_t* data, std::size_t size);
    void read_exact(std::uint8_t* data, std::size_t size);
    // Runs one OpenSSL call until it neither wants to read nor to write; returns its result.
    int tls_call(const char* what, const std::function<int()>& call);

    std::string address_;
    std::chrono::steady_clock::time_point deadline_;
    const std::atomic<bool>* cancel_;
    int fd_ = -1;
    std::unique_ptr<Tls> tls_;
};

} // namespace dnsclay::providers
