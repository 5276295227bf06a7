#pragma once
// Route 53's REST/XML API as providers.md documents it, in memory: every request's SigV4
// signature recomputed and compared (403 SignatureDoesNotMatch otherwise), hosted zones by
// name, rrsets listed in Route 53's order (labels reversed, then type) a small page at a
// time with IsTruncated/NextRecordName/NextRecordType, ChangeResourceRecordSets validated
// as a whole and applied all or nothing (CREATE of an existing rrset and a DELETE that does
// not match name, TTL and every value exactly are refused with InvalidChangeBatch), names
// lower-cased with `*` written back as \052, TXT values checked for quoted <=255-byte strings;
// GetChange reports a change PENDING `pending_polls` times, then INSYNC.
#include "tests/support/fake_api.hpp"
#include "tests/support/fake_rrsets.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace dnsclay::test {

class FakeRoute53 {
  public:
    explicit FakeRoute53(std::string zone = "example.test.", std::string access_key = "AKIDFAKE",
                         std::string secret = "route53-secret");
    ~FakeRoute53() { api.stop(); }

    FakeApi api;
    std::string endpoint() const { return api.url(); }
    const std::string& zone_id() const { return zone_id_; }
    // The zone as "name ttl type value" lines, names as Route 53 writes them.
    std::set<std::string> state() const;
    void seed(const std::string& name, const std::string& type, unsigned ttl,
              std::vector<std::string> values);
    // A private hosted zone of the same name, listed before the public one.
    bool private_twin = false;
    // How many GetChange calls see a change PENDING before it is INSYNC.
    int pending_polls = 0;
    // Route 53's refusal with `code` (Throttling, PriorRequestNotComplete): HTTP 400 and an
    // ErrorResponse, for FakeApi::fail_next.
    static Fault refusal(const std::string& code);

  private:
    using Key = std::pair<std::string, std::string>; // (name, type)
    // Route 53's order: by name with its labels reversed, then by type.
    static bool route53_order(const Key& a, const Key& b);
    bool signed_correctly(const httplib::Request& req) const;
    std::string change(const std::string& body, FakeRRsets& zone) const;

    std::string zone_, access_key_, secret_, zone_id_ = "Z0FAKE7XK4Q2WB";
    FakeRRsets rrsets_;
    int next_change_ = 1;
    std::map<std::string, int> pending_; // change id -> PENDING answers still to give
};

} // namespace dnsclay::test
