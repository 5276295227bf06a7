#pragma once
// A fake authoritative server for one zone, for the cheap check's SOA queries: it answers
// with the zone's SOA at a serial the test sets, or misbehaves as the test says (refuses,
// is not authoritative, answers for another zone, never answers). UDP and TCP on
// 127.0.0.1 at a free port.
#include "tests/support/dns_listener.hpp"
#include "tests/support/process.hpp"

#include <atomic>
#include <cstdint>
#include <string>

namespace dnsclay::test {

class FakeAuthoritative {
  public:
    enum class Mode { Answer, Refuse, NotAuthoritative, OtherZone, Silent };

    FakeAuthoritative(std::string zone, std::uint32_t serial);
    std::string address() const; // "127.0.0.1:PORT"
    void set_serial(std::uint32_t serial) { serial_ = serial; }
    void set_mode(Mode mode) { mode_ = mode; }
    // SOA queries received so far, answered or not.
    std::size_t soa_queries() const;

  private:
    std::vector<std::uint8_t> reply(std::span<const std::uint8_t> request) const;

    std::string zone_;
    std::atomic<std::uint32_t> serial_;
    std::atomic<Mode> mode_{Mode::Answer};
    int port_ = free_port();
    DnsListener listener_;
};

} // namespace dnsclay::test
