#pragma once
// Vultr's domain records API (v2) as providers.md documents it, in memory: records with
// UUID ids, listed per_page with an opaque cursor (meta.links.next), created, updated
// (PATCH, 204) and deleted one by one; MX and SRV priority in its own field; TXT data one
// quoted string; the Bearer check and Vultr's error bodies ({"error", "status"}).
#include "tests/support/fake_api.hpp"
#include "tests/support/fake_records.hpp"

#include <set>
#include <string>

namespace dnsclay::test {

class FakeVultr {
  public:
    explicit FakeVultr(std::string zone = "example.test", std::string token = "vultr-key");
    ~FakeVultr() { api.stop(); }

    FakeApi api;
    std::string endpoint() const { return api.url() + "/v2"; }
    // The zone as "name ttl type [priority] data" lines ("" is the apex).
    std::set<std::string> state() const;
    void seed(const std::string& type, const std::string& name, const std::string& data,
              unsigned ttl, unsigned priority = 0);

  private:
    std::string next_id();
    std::string zone_, token_;
    FakeRecords records_;
    unsigned counter_ = 0;
};

} // namespace dnsclay::test
