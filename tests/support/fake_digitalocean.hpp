#pragma once
// DigitalOcean's domain records API as providers.md documents it, in memory: records with
// integer ids, listed with page/per_page and links.pages.next (filters type and name, the
// latter a full name), created, updated (PUT/PATCH) and deleted one by one; structured
// priority/port/weight/flags/tag fields; host names in data must end with a dot; TTL at
// least 30; the Bearer check and DigitalOcean's error bodies ({"id", "message"}).
#include "tests/support/fake_api.hpp"
#include "tests/support/fake_records.hpp"

#include <set>
#include <string>

namespace dnsclay::test {

class FakeDigitalOcean {
  public:
    explicit FakeDigitalOcean(std::string zone = "example.test", std::string token = "do-token");
    ~FakeDigitalOcean() { api.stop(); }

    FakeApi api;
    std::string endpoint() const { return api.url() + "/v2"; }
    // The zone as "name ttl type [priority weight port | flags tag] data" lines.
    std::set<std::string> state() const;
    // Adds a record as if made in the control panel; `extra` is JSON members to add
    // (e.g. "\"priority\":10").
    void seed(const std::string& type, const std::string& name, const std::string& data,
              unsigned ttl, const std::string& extra = "");

  private:
    std::string zone_, token_;
    FakeRecords records_;
    long next_id_ = 28448429;
};

} // namespace dnsclay::test
