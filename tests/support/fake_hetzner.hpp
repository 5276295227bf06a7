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

class FakeHetzner {
  public:
    explicit FakeHetzner(std::string zone = "example.test", std::string token = "hz-token");

    FakeApi api;
    std::string endpoint() const { return api.url() + "/v1"; }
    // The zone as "name ttl type value" lines.
    std::set<std::string> state() const;
    void seed(const std::string& name, const std::string& type, unsigned ttl,
              std::vector<std::string> values);

  private:
    std::string action(); // a new action, running until polled
    std::string zone_, token_;
    FakeRRsets rrsets_;
    int next_action_ = 1;
};

} // namespace dnsclay::test
