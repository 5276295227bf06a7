#pragma once
// Porkbun's API v3 as providers.md documents it, in memory: every call a POST with apikey
// and secretapikey in its JSON body, {"status": "SUCCESS"|"ERROR", "message"} answers,
// records with numeric ids (strings when listed, a number when created), FQDN names when
// read and relative ones when written, prio for MX and SRV, numbers as strings; retrieve,
// retrieveByNameType, create, edit, delete and deleteByNameType; no paging. It can answer
// like Porkbun's rate limiter: HTTP 503 with an HTML page.
#include "tests/support/fake_api.hpp"

#include <set>
#include <string>
#include <vector>

namespace dnsclay::test {

class FakePorkbun {
  public:
    explicit FakePorkbun(std::string zone = "example.test", std::string key = "pk1_key",
                         std::string secret = "sk1_secret");
    ~FakePorkbun() { api.stop(); }

    FakeApi api;
    std::string endpoint() const { return api.url() + "/api/json/v3"; }
    // The zone as "name ttl type content[ prio]" lines (prio for MX and SRV), names as
    // Porkbun shows them (FQDN without the dot).
    std::set<std::string> state() const;
    // Adds a record as if made on porkbun.com; `sub` relative ("" the apex).
    void seed(const std::string& sub, const std::string& type, const std::string& content,
              unsigned ttl, const std::string& prio = "0");
    // The next `times` requests get the HTML 503 of Porkbun's rate limiter.
    void unavailable_next(int times);
    // The `n`th write (create, edit, delete, deleteByNameType) from now fails with a 500.
    void fail_write(int n);

  private:
    struct Rec {
        std::string id, name, type, content;
        unsigned ttl = 600;
        std::string prio = "0";
    };
    std::string json(const Rec& r) const;
    std::string fqdn(const std::string& sub) const;

    std::string zone_, key_, secret_;
    std::vector<Rec> records_;
    long next_id_ = 106926652;
    int unavailable_ = 0;
    int writes_until_failure_ = 0; // 0: none set
};

} // namespace dnsclay::test
