#pragma once
// DNSimple's API v2 as providers.md documents it, in memory: /whoami naming the account,
// records of one zone with integer ids, listed with page/per_page (pagination.total_pages)
// and the name/type filters, and the batch endpoint (creates, updates, deletes) validated
// as a whole before anything is applied, with DNSimple's per-index error bodies; its own
// SOA and apex NS (system records) that cannot be changed; TTLs from 60 s; the Bearer check.
#include "tests/support/fake_api.hpp"

#include <set>
#include <string>
#include <vector>

namespace dnsclay::test {

class FakeDnsimple {
  public:
    explicit FakeDnsimple(std::string zone = "example.test", std::string token = "dnsimple-token",
                          std::string account = "1010");
    ~FakeDnsimple() { api.stop(); }

    FakeApi api;
    std::string endpoint() const { return api.url() + "/v2"; }
    // The zone as "name ttl type [priority ]content" lines, system records left out.
    std::set<std::string> state() const;
    void seed(const std::string& name, const std::string& type, const std::string& content,
              unsigned ttl, const std::string& priority = "");
    // Deletes every record of `type` at `name` (not DNSimple's own), as if in the web
    // interface.
    void remove(const std::string& name, const std::string& type);

  private:
    struct Rec {
        long id = 0;
        std::string name, type, content;
        unsigned ttl = 3600;
        std::string priority; // "" for none
        bool system = false;
    };
    std::string json(const Rec& r) const;

    std::string zone_, token_, account_;
    std::vector<Rec> records_;
    long next_id_ = 1;
};

} // namespace dnsclay::test
