#pragma once
// Knot DNS (knotd) started on loopback as an upstream primary for the rfc2136 provider:
// one zone, example.test., and a TSIG key that may update and transfer it.
#include "providers/provider.hpp"
#include "tests/support/cli.hpp"
#include "tests/support/process.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dnsclay::test {

inline const std::string kKnotSecret = "Wm9vS2VlcGVyU2VjcmV0Rm9yVGVzdHNPbmx5MTIzNDU=";
// The key as nsupdate -y and the provider's tsig_key field take it.
inline const std::string kKnotKey = "hmac-sha256:gw-tsig.:" + kKnotSecret;

class Knot {
  public:
    // Starts knotd with `zone_text` as the zone file of example.test. and waits until it
    // answers; fails the test if it does not.
    explicit Knot(const std::string& zone_text = default_zone());
    // SOA (serial 2026010101), NS, ns1 A, www A (two), apex MX.
    static std::string default_zone();

    // A provider for example.test. at this server (or `address`), with `key`.
    std::unique_ptr<providers::Provider> provider(const std::string& key = kKnotKey,
                                                  const std::string& address = "") const;
    // Sends the script's lines ("update add ...") as one UPDATE with knsupdate; fails the
    // test unless Knot applies it.
    void knsupdate(const std::string& lines) const;
    // The zone's serial at Knot (an SOA query over TCP).
    std::optional<std::uint32_t> serial() const;

    TempDir dir;
    int port = free_port();
    std::string server; // "127.0.0.1:PORT"

  private:
    std::unique_ptr<Daemon> daemon_;
};

// The arguments of `dnsclay zone add` that make example.test. a zone of the rfc2136
// provider at `server` with the TSIG key `key` ("ALG:NAME:SECRET"), then `extra`.
std::vector<std::string> rfc2136_zone_add(const std::string& server, const std::string& key,
                                          const std::vector<std::string>& extra = {});
// That command for `knot` and the key above; fails the test if it fails.
void add_knot_zone(const Cli& cli, const Knot& knot, const std::vector<std::string>& extra = {});

} // namespace dnsclay::test
