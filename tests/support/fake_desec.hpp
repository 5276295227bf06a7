#pragma once
// deSEC's rrset API as providers.md documents it, in memory: rrsets by subname and type,
// cursor pagination with Link headers, the atomic bulk PATCH (an rrset with no records is
// deleted; errors as an array aligned with the request), the domain's minimum TTL, and the
// Token check with deSEC's error bodies.
#include "tests/support/fake_api.hpp"
#include "tests/support/fake_rrsets.hpp"

#include <set>
#include <string>
#include <vector>

namespace dnsclay::test {

class FakeDesec : public FakeRRsetApi {
  public:
    explicit FakeDesec(std::string zone = "example.test", std::string token = "desec-token");
    ~FakeDesec() { api.stop(); }

    std::string endpoint() const { return api.url() + "/api/v1"; }

  private:
    std::string zone_, token_;
    unsigned minimum_ttl_ = 3600;
};

} // namespace dnsclay::test
