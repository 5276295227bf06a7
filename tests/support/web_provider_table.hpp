#pragma once
// Every web-API provider with its fake, as one table, for the tests that run the same
// scenario through each of them (serve end to end, secrets never shown). A provider joins
// those tests by adding its row to web_provider_rows() in web_provider_table.cpp.
#include "tests/support/fake_api.hpp"

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace dnsclay::test {

// A fake operator API of whichever kind, for zone example.test.
class WebFake {
  public:
    virtual ~WebFake() = default;
    virtual FakeApi& api() = 0;
    // What the provider's `endpoint` field is set to.
    virtual std::string endpoint() const = 0;
    // The zone as the fake holds it, in the fake's own line format.
    virtual std::set<std::string> state() const = 0;
};

// Any fake with an `api` member, endpoint() and state() (FakeCloudflare and the others).
template <class Fake> class WrappedFake : public WebFake {
  public:
    template <class... Args>
    explicit WrappedFake(Args&&... args) : fake(std::forward<Args>(args)...) {}
    FakeApi& api() override { return fake.api; }
    std::string endpoint() const override { return fake.endpoint(); }
    std::set<std::string> state() const override { return fake.state(); }
    Fake fake;
};

template <class Fake, class... Args> std::unique_ptr<WebFake> make_fake(Args&&... args) {
    return std::make_unique<WrappedFake<Fake>>(std::forward<Args>(args)...);
}

// The records every row's scenario adds through UPDATE (TTL 3600: deSEC's minimum).
inline const std::string kRowZone = "example.test.";
inline const std::string kRowRecordA = "www.example.test. 3600 A 192.0.2.21";
inline const std::string kRowRecordTxt = "www.example.test. 3600 TXT \"hello world\"";

// A key file the fake makes for an account whose secret is a file (a service account's
// key): the file's content, and the secret in it (a private key in PEM).
struct SecretFile {
    std::string content;
    std::string secret;
};

struct WebProviderRow {
    std::string provider; // the registry name
    // A fake for example.test. that accepts `secret` as the account's secret (a row with
    // secret_file ignores it: its fake makes its own).
    std::function<std::unique_ptr<WebFake>(const std::string& secret)> fake;
    // The account's `zone add --set` values besides `endpoint`, as NAME=VALUE; "{secret}"
    // stands for the secret (file:PATH of the key file for a row with secret_file).
    std::vector<std::string> fields;
    // kRowRecordA and kRowRecordTxt as the fake's state() shows them.
    std::string state_a, state_txt;
    // Set when the account's secret is a key file the fake makes rather than a string.
    std::function<SecretFile(WebFake&)> secret_file = {};
    // The provider's one batch names records by the ids of the zone's last listing: an
    // UPDATE through serve is its sync's listing and the batch, no read of its own.
    bool ids_from_listing = false;
};

std::vector<WebProviderRow> web_provider_rows();

// A row's fake and account for one test.
struct RowAccount {
    std::unique_ptr<WebFake> fake;
    // The row's fields with "{secret}" filled in.
    std::vector<std::string> fields;
    // What no output may contain: the secret string, or for a key file the pieces of its
    // private key's PEM body, so that a leak of any part of the key is found.
    std::vector<std::string> never_shown;
};

// The row's fake and account with `secret` as the secret; a row's key file is written
// into `dir`.
RowAccount row_account(const WebProviderRow& row, const std::string& secret,
                       const std::string& dir);

// `dnsclay --state-dir DIR zone add example.test. --provider P --set ...` for the row's
// account, pointed at its fake.
std::vector<std::string> zone_add_argv(const std::string& state_dir, const WebProviderRow& row,
                                       const RowAccount& account);

// config.toml for these tests: no retries and no pacing for the row's provider, so an
// injected failure is final and nothing waits.
std::string unpaced_config(const WebProviderRow& row);

} // namespace dnsclay::test
