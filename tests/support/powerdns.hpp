#pragma once
// PowerDNS Authoritative (pdns_server, gsqlite3 backend) started on loopback with its HTTP
// API, holding one zone, example.test., for the powerdns provider.
#include "lib/http/client.hpp"
#include "providers/provider.hpp"
#include "tests/support/process.hpp"

#include <memory>
#include <string>

namespace dnsclay::test {

inline const std::string kPowerDnsKey = "s3cret-api-key-that-must-not-leak";

class PowerDns {
  public:
    // Starts pdns_server, waits for its API and creates example.test. (SOA serial
    // 2026010101, NS, www A (two), a disabled A at off); fails the test otherwise.
    PowerDns();

    // One API call with the key; `path` starts with /api/v1.
    http::Response call(const std::string& method, const std::string& path,
                        const std::string& body = "") const;
    // A provider for example.test. at this server (or `url`), with `key`.
    std::unique_ptr<providers::Provider> provider(const std::string& key = kPowerDnsKey,
                                                  const std::string& url = "") const;

    TempDir dir;
    int api_port = free_port();
    std::string api_url;

  private:
    std::unique_ptr<Daemon> daemon_;
};

} // namespace dnsclay::test
