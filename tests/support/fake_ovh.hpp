#pragma once
// OVHcloud's DNS API as providers.md documents it, in memory: GET /auth/time answers the
// fake's clock (set off from the local one, so a client must use it); every other request
// must carry X-Ovh-Application/-Consumer/-Timestamp and a signature the fake recomputes
// (400 "Invalid signature" otherwise). Records by integer id: the listing gives ids only,
// each record is read on its own; create, update (no type change), delete; TXT targets
// with unbalanced quotes refused; changes are staged until POST .../refresh publishes them.
#include "tests/support/fake_api.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <string>

namespace dnsclay::test {

class FakeOvh {
  public:
    explicit FakeOvh(std::string zone = "example.test", std::string application_key = "ovh-ak",
                     std::string application_secret = "ovh-application-secret",
                     std::string consumer_key = "ovh-consumer-key");
    ~FakeOvh() { api.stop(); }

    FakeApi api;
    std::string endpoint() const { return api.url() + "/1.0"; }
    // The staged zone as "subDomain ttl fieldType target" lines.
    std::set<std::string> state() const;
    // The zone as last published by a refresh.
    std::set<std::string> published() const;
    void seed(const std::string& sub, const std::string& type, unsigned ttl,
              const std::string& target);
    int refreshes() const;
    // How far the fake's clock is from the local one.
    std::int64_t clock_skew = -3 * 3600;

  private:
    struct Record {
        std::string sub, type, target;
        unsigned ttl = 0;
    };
    bool signed_correctly(const httplib::Request& req) const;
    std::int64_t now() const;
    std::string record_json(std::int64_t id, const Record& r) const;
    std::set<std::string> lines(const std::map<std::int64_t, Record>& records) const;

    std::string zone_, application_key_, application_secret_, consumer_key_;
    std::map<std::int64_t, Record> records_, published_;
    std::int64_t next_id_ = 5217045112;
    int refreshes_ = 0;
};

} // namespace dnsclay::test
