#pragma once
// DNS over TCP (RFC 1035 §4.2.2, RFC 7766) to one upstream server, blocking, with one
// deadline for the whole exchange and a cancel flag checked every 100 ms.
#include "lib/dns/wire.hpp"

#include <atomic>
#include <chrono>
#include <string>

namespace dnsclay::providers {

class DnsTcpConnection {
  public:
    // `address` is a literal "ADDR:PORT" ("[V6ADDR]:PORT" for IPv6); no resolver is used.
    // Throws ProviderError (unreachable, timeout, cancelled, bad address).
    DnsTcpConnection(const std::string& address, std::chrono::steady_clock::time_point deadline,
                     const std::atomic<bool>* cancel);
    ~DnsTcpConnection();
    DnsTcpConnection(const DnsTcpConnection&) = delete;
    DnsTcpConnection& operator=(const DnsTcpConnection&) = delete;

    void send(const dns::Bytes& message);
    dns::Bytes receive();

  private:
    void wait(short events);
    std::string address_;
    std::chrono::steady_clock::time_point deadline_;
    const std::atomic<bool>* cancel_;
    int fd_ = -1;
};

} // namespace dnsclay::providers
