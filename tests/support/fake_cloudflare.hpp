#pragma once
// Cloudflare's API v4 as providers.md documents it, in memory: the envelope, zone lookup
// by name, record listing with page/per_page and name/type filters, the atomic batch
// endpoint (deletes, patches, puts, posts: all or nothing), TTL validation (1 or 60 to
// 86400) and the Bearer-token check with Cloudflare's error bodies. Record ids are 32 hex
// digits.
#include "tests/support/fake_api.hpp"

#include <set>
#include <string>
#include <vector>

namespace dnsclay::test {

class FakeCloudflare {
  public:
    explicit FakeCloudflare(std::string zone = "example.test", std::string token = "cf-token");
    ~FakeCloudflare() { api.stop(); }

    FakeApi api;
    std::string endpoint() const { return api.url() + "/client/v4"; }
    const std::string& zone_id() const { return zone_id_; }
    // The zone gets a new id, as when it is deleted and added again.
    void recreate_zone();
    // The zone as "name ttl type content" lines (structured fields folded into content).
    std::set<std::string> state() const;
    // Adds a record as if made in the dashboard; `extra` is JSON members to add
    // (e.g. "\"priority\":10").
    void seed(const std::string& type, const std::string& name, const std::string& content,
              unsigned ttl, const std::string& extra = "");
    // Deletes every record of `type` at `name`, as if in the dashboard.
    void remove(const std::string& type, const std::string& name);

  private:
    struct Rec {
        std::string id, type, name, content;
        unsigned ttl = 1;
        std::string extra; // JSON members: priority, data
    };
    std::string json(const Rec& r) const;
    std::string next_id();

    std::string zone_, token_, zone_id_;
    std::vector<Rec> records_;
    unsigned counter_ = 0;
};

} // namespace dnsclay::test
