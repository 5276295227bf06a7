#pragma once
// Hetzner's DNS in the Cloud API as providers.md documents it, in memory: rrsets of a zone
// addressed by name, page/per_page with meta.pagination.next_page, create, delete,
// set_records and change_ttl actions that report "running" once and "success" when polled,
// the Bearer check and Hetzner's error bodies ({"error": {"code", "message"}}).
#include "tests/support/fake_api.hpp"
#include "tests/support/fake_rrsets.hpp"

#include <set>
#include <string>
#include <vector>

namespace dnsclay::test {

class FakeHetzner : public FakeRRsetApi {
  public:
    explicit FakeHetzner(std::string zone = "example.test", std::string token = "hz-token");
    ~FakeHetzner() { api.stop(); }

    std::string endpoint() const { return api.url() + "/v1"; }

  private:
    std::string action(); // a new action, running until polled
    std::string zone_, token_;
    int next_action_ = 1;
};

} // namespace dnsclay::test
