#pragma once
// The life cycle every web-API provider's test runs against its fake, so each provider's
// test says only how to open it and how to make its fake fail: list (paged), add rrsets of
// many types (A, AAAA, MX, SRV, CAA, TLSA, CNAME, a TXT longer than 255 bytes and one with
// quotes), replace, delete, and a change set whose Nth write fails, after which the
// operator must hold what it held before (nothing changed, or undone).
#include "lib/zone/rrset.hpp"
#include "providers/provider.hpp"
#include "tests/support/fake_api.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace dnsclay::test {

struct Lifecycle {
    std::string zone = "example.test.";
    std::uint32_t ttl = 300; // of the records written: at least the provider's minimum
    providers::Capabilities capabilities;
    // A new provider object for the zone, as the engine opens one per operation.
    std::function<std::unique_ptr<providers::Provider>()> open;
    // Makes the fake fail its `n`th write request from now (1-based), with a 500.
    std::function<void(int n)> fail_write;
    // Which write fails in the failing change set (1 for atomic providers: the only one).
    int failing_write = 2;
    // The fake's own view of the zone, to check it did not change.
    std::function<std::set<std::string>()> fake_state;
    // The operator keeps a TXT record as its raw text (DigitalOcean, Linode, ...): a record
    // of several character-strings comes back as one text, split at 255 bytes.
    bool txt_as_text = false;
    // The operator takes one write per value (a record API): also checked is an rrset of
    // two new values whose second write fails, which must leave nothing behind.
    bool write_per_value = false;
};

// Which of a fake's requests the failing change set's write is: the `which`th (from the
// change set's start) of those with one of `methods`, answered 500. When `retried` (an
// idempotent write is tried again after a 500), the request after it fails too.
struct FailingWrite {
    std::vector<std::string> methods;
    int which = 1;
    bool retried = false;
};

// A Lifecycle for the web-API provider `name` against its fake, whose requests go through
// `api` and whose own view of the zone `fake_state` gives; `open` opens the provider.
Lifecycle fake_lifecycle(const std::string& name, FakeApi& api,
                         std::function<std::set<std::string>()> fake_state,
                         std::function<std::unique_ptr<providers::Provider>()> open,
                         FailingWrite failing);
// The same for any fake with an `api` and a state().
template <class Fake>
Lifecycle fake_lifecycle(const std::string& name, Fake& fake,
                         std::function<std::unique_ptr<providers::Provider>()> open,
                         FailingWrite failing) {
    return fake_lifecycle(
        name, fake.api, [&fake] { return fake.state(); }, std::move(open), std::move(failing));
}
// The Lifecycle of a record API (providers/record_api: one write per value, TXT kept as
// its raw text): the second write fails, and so does the one after it (an update is
// idempotent, so it is retried; a create is not). `write_methods`: its create and update.
template <class Fake>
Lifecycle record_api_lifecycle(const std::string& name, Fake& fake,
                               std::function<std::unique_ptr<providers::Provider>()> open,
                               std::vector<std::string> write_methods) {
    auto spec = fake_lifecycle(name, fake, std::move(open), {std::move(write_methods), 2, true});
    spec.txt_as_text = true;
    spec.write_per_value = true;
    return spec;
}

// The listing as "owner TTL TYPE rdata" lines, SOA and apex NS left out (operator-managed).
std::set<std::string> listing(providers::Provider& provider, const std::string& zone);

// The listing as "owner TTL TYPE rdata" lines, only SOA left out (the server bumps its
// serial), for providers in front of real servers.
std::set<std::string> listing_but_soa(providers::Provider& provider);

// The change of one rrset from `before` to `after` (either may be empty, not both).
zone::RRsetChange rrset_change(std::vector<dns::Record> before, std::vector<dns::Record> after);

// A record of the zone from presentation text ("www", A, "192.0.2.1").
dns::Record record(const std::string& zone, const std::string& owner, dns::RRType type,
                   const std::string& rdata, std::uint32_t ttl);

// Runs the whole life cycle with Catch2 checks.
void run_lifecycle(const Lifecycle& spec);

// What the provider makes of its fake (`api`) answering badly: a 429 with Retry-After is
// waited out, 500s beyond the retries give an error naming the status, a body that is not
// JSON gives an error saying so.
void run_faults(const Lifecycle& spec, FakeApi& api);

// The web-API provider `name` for zone example.test. against a fake at `endpoint`, with
// the token in its `token_field`, one fast retry and no rate pacing, so tests never wait.
std::unique_ptr<providers::Provider>
open_fake_provider(const std::string& name, const std::string& endpoint, const std::string& token,
                   const std::string& token_field = "api_token");
// The same with the account fields given (the fake's endpoint among them), for providers
// whose credentials are more than one token; `timeout` is sync.provider_timeout's part.
std::unique_ptr<providers::Provider>
open_fake_provider(const std::string& name, std::map<std::string, std::string> fields,
                   std::chrono::seconds timeout = std::chrono::seconds(5));

} // namespace dnsclay::test
