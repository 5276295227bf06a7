#pragma once
// Gandi LiveDNS (API v5) as providers.md documents it, in memory: rrsets of a domain by
// name and type, listed with page/per_page and the Total-Count header, set by PUT (created
// or replaced, all values at once) and removed by DELETE; TTLs from 300 s with Gandi's
// validation error body, the Bearer check and its 401/404 bodies.
#include "tests/support/fake_api.hpp"
#include "tests/support/fake_rrsets.hpp"

#include <set>
#include <string>
#include <vector>

namespace dnsclay::test {

class FakeGandi : public FakeRRsetApi {
  public:
    explicit FakeGandi(std::string zone = "example.test", std::string token = "gandi-token");
    ~FakeGandi() { api.stop(); }

    std::string endpoint() const { return api.url() + "/v5/livedns"; }

  private:
    std::string zone_, token_;
};

} // namespace dnsclay::test
