#pragma once
// A NOTIFY target for tests: remembers the serial of every NOTIFY it receives for
// example.test., and acknowledges them, or stays silent while told to (a secondary that
// is down).
#include "tests/support/dns_listener.hpp"
#include "tests/support/process.hpp"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace dnsclay::test {

class NotifySink {
  public:
    NotifySink();
    std::string address() const; // "127.0.0.1:PORT"
    void set_answering(bool answering) { answering_ = answering; }
    // The SOA serial of each NOTIFY received, in order, answered or not.
    std::vector<std::uint32_t> serials() const;
    // The serials of the NOTIFYs that were answered.
    std::vector<std::uint32_t> acknowledged() const;

  private:
    std::vector<std::uint8_t> reply(std::span<const std::uint8_t> request);

    std::atomic<bool> answering_{true};
    mutable std::mutex mutex_;
    std::vector<std::uint32_t> received_, acknowledged_;
    int port_ = free_port();
    DnsListener listener_;
};

} // namespace dnsclay::test
