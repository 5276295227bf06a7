#pragma once
// Linode's DNS Manager API (v4) as providers.md documents it, in memory: domains found by
// listing them (page/page_size, pages), records with integer ids listed the same way,
// created (POST), updated (PUT) and deleted one by one; MX/SRV/CAA fields of their own
// (SRV's name made from service and protocol); TTLs rounded up to Linode's steps; the
// Bearer check and Linode's error bodies ({"errors": [{"reason", "field"}]}).
#include "tests/support/fake_api.hpp"
#include "tests/support/fake_records.hpp"

#include <set>
#include <string>

namespace dnsclay::test {

class FakeLinode {
  public:
    explicit FakeLinode(std::string zone = "example.test", std::string token = "linode-token");
    ~FakeLinode() { api.stop(); }

    FakeApi api;
    std::string endpoint() const { return api.url() + "/v4"; }
    // The zone as "name ttl type [priority [weight port] | tag] target" lines.
    std::set<std::string> state() const;
    // Adds a record as if made in the Cloud Manager; `extra` is JSON members to add.
    void seed(const std::string& type, const std::string& name, const std::string& target,
              unsigned ttl, const std::string& extra = "");
    static constexpr int kDomainId = 1234;

  private:
    std::string zone_, token_;
    FakeRecords records_;
    long next_id_ = 123456;
};

} // namespace dnsclay::test
