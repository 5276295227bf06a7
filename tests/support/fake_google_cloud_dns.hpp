#pragma once
// Google Cloud DNS as providers.md documents it, in memory, with its OAuth2 token endpoint:
// the fake makes an RSA key pair and hands out a service account key file; POST /token
// verifies the JWT's RS256 signature with the public key (and its issuer, audience, scope
// and lifetime) before it issues an access token; every API call must carry an issued
// token (401 otherwise). Managed zones by dnsName, rrsets a small page at a time with
// nextPageToken, and `changes` applied all or nothing: a deletion that differs from the
// held rrset in TTL or any value fails the whole change with 412 conditionNotMet, adding
// an rrset that exists with 409 alreadyExists. Unquoted TXT values are quoted, as Google
// does; a change is applied at once but answered "pending", and its status reported
// "pending" `pending_polls` times, then "done".
#include "tests/support/fake_api.hpp"
#include "tests/support/fake_rrsets.hpp"

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace dnsclay::test {

class FakeGoogleCloudDns {
  public:
    explicit FakeGoogleCloudDns(std::string zone = "example.test.",
                                std::string project = "dnsclay-test");
    ~FakeGoogleCloudDns() { api.stop(); }

    FakeApi api;
    // How many status reads see a change "pending" before it is "done".
    int pending_polls = 0;
    std::string endpoint() const { return api.url() + "/dns/v1"; }
    std::string token_url() const { return api.url() + "/token"; }
    // A service account key file (JSON) whose private key the fake trusts.
    std::string service_account_key() const;
    // The private key (PEM) in that file.
    const std::string& private_key() const { return private_key_; }
    // The same account with a private key the fake does not know.
    std::string foreign_service_account_key() const;
    // The zone as "name ttl type rrdata" lines.
    std::set<std::string> state() const;
    void seed(const std::string& name, const std::string& type, unsigned ttl,
              std::vector<std::string> rrdatas);
    // Forgets every issued access token, as if they had expired or been revoked.
    void revoke_tokens();
    int tokens_issued() const;
    // Another client changes this rrset's TTL just before the `nth` `changes` call from
    // now arrives.
    void change_ttl_before_next_change(const std::string& name, const std::string& type,
                                       unsigned ttl, int nth = 1);

  private:
    std::string issue_token(const httplib::Request& req, int& status);
    std::string key_file(const std::string& private_key) const;

    std::string zone_, project_, private_key_, public_key_, foreign_private_key_;
    const std::string client_email_ = "dnsclay@dnsclay-test.iam.gserviceaccount.com";
    std::set<std::string> tokens_;
    int issued_ = 0;
    FakeRRsets rrsets_;
    int changes_ = 0;
    std::map<int, int> pending_; // change id -> status reads still "pending"
    int change_calls_ = 0;
    // (the call before which it happens, name, type, TTL)
    std::vector<std::tuple<int, std::string, std::string, unsigned>> concurrent_;
};

} // namespace dnsclay::test
