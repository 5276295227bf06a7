// The `googleclouddns` provider against its fake (tests/support/fake_google_cloud_dns),
// which verifies the service account's RS256 JWT with the public key of the pair it made:
// the whole life cycle with small pages, exact deletions, the token cached and renewed,
// and errors a user can act on.
#include "lib/zone/apply.hpp"
#include "providers/registry.hpp"
#include "tests/support/fake_google_cloud_dns.hpp"
#include "tests/support/provider_lifecycle.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay;
using test::Fault;
using test::FaultKind;

namespace {

// The provider for the fake's account; `fields` add to or replace its fields.
std::unique_ptr<providers::Provider> open(test::FakeGoogleCloudDns& fake,
                                          std::map<std::string, std::string> fields = {},
                                          std::chrono::seconds timeout = std::chrono::seconds(5)) {
    fields.merge(std::map<std::string, std::string>{
        {"service_account_key", fake.service_account_key()}, {"endpoint", fake.endpoint()}});
    return test::open_fake_provider("googleclouddns", fields, timeout);
}

zone::RRsetChange add(const std::string& owner, dns::RRType type, const std::string& rdata) {
    auto r = test::record("example.test.", owner, type, rdata, 300);
    return {zone::RRsetKey::of(r), {}, {r}};
}

} // namespace

TEST_CASE("googleclouddns: list, add, replace, delete every type, and a failed change changes "
          "nothing",
          "[googleclouddns]") {
    test::FakeGoogleCloudDns fake;
    fake.seed("example.test.", "TXT", 300, {"\"v=spf1 -all\""});
    test::Lifecycle spec;
    spec.capabilities = providers::find_provider("googleclouddns")->capabilities;
    spec.open = [&] { return open(fake); };
    spec.fail_write = [&](int n) { fake.api.fail_call(n, Fault{FaultKind::Status500}, {"POST"}); };
    spec.failing_write = 1; // the one change (the token is cached by then)
    spec.fake_state = [&] { return fake.state(); };

    CHECK(test::listing(*open(fake), spec.zone) ==
          std::set<std::string>{"example.test. 300 TXT \"v=spf1 -all\""});
    test::run_lifecycle(spec);

    // listing is paged (page size 2) through nextPageToken; the token was fetched once
    fake.api.clear_log();
    open(fake)->list_records();
    CHECK(fake.api.request_count() > 4);
    CHECK(fake.tokens_issued() == 1);
}

TEST_CASE("googleclouddns: deletions carry the rrset exactly as Google holds it",
          "[googleclouddns]") {
    test::FakeGoogleCloudDns fake;
    // held with another TTL and an rdata spelled unlike dnsclay would spell it: the change
    // with dnsclay's copy is refused (412), and sent again with Google's, read just before
    fake.seed("v6.example.test.", "AAAA", 60, {"2001:0DB8:0:0::0001"});
    auto before = test::record("example.test.", "v6", dns::RRType::AAAA, "2001:db8::1", 300);
    auto after = test::record("example.test.", "v6", dns::RRType::AAAA, "2001:db8::2", 300);
    auto provider = open(fake);
    provider->list_records(); // the token and the zone's name, remembered
    fake.api.clear_log();
    provider->apply({{zone::RRsetKey::of(before), {before}, {after}}});
    CHECK(fake.state().count("v6.example.test. 300 AAAA 2001:db8::2") == 1);
    CHECK(fake.state().count("v6.example.test. 60 AAAA 2001:0DB8:0:0::0001") == 0);
    auto requests = fake.api.requests();
    REQUIRE(requests.size() == 3);
    const std::string zone = "/dns/v1/projects/dnsclay-test/managedZones/example-test";
    CHECK(requests[0] == "POST " + zone + "/changes");
    CHECK(requests[1].rfind(
              "GET " + zone + "/rrsets?maxResults=1000&name=v6.example.test.&type=AAAA", 0) == 0);
    CHECK(requests[2] == "POST " + zone + "/changes");
    open(fake)->apply({{zone::RRsetKey::of(after), {after}, {}}});
    CHECK(fake.state().count("v6.example.test. 300 AAAA 2001:db8::2") == 0);
    // an rrset dnsclay did not know of is replaced, not refused (409 the first time)
    fake.seed("new.example.test.", "A", 300, {"192.0.2.7"});
    open(fake)->apply({add("new", dns::RRType::A, "192.0.2.8")});
    CHECK(fake.state().count("new.example.test. 300 A 192.0.2.8") == 1);
    CHECK(fake.state().count("new.example.test. 300 A 192.0.2.7") == 0);
}

TEST_CASE("googleclouddns: an UPDATE takes one change, done once accepted, and the token and the "
          "zone are looked up once per process, a revoked token is renewed",
          "[googleclouddns]") {
    test::FakeGoogleCloudDns fake;
    fake.pending_polls = 2;     // "done" is not what the change waits for
    open(fake)->list_records(); // fetches the token and looks up the zone
    CHECK(fake.tokens_issued() == 1);
    const std::string changes =
        "POST /dns/v1/projects/dnsclay-test/managedZones/example-test/changes";
    for (std::string wait : {"", "false"}) {
        INFO("wait_done=" << wait);
        fake.api.clear_log();
        auto p = open(fake, {{"wait_done", wait}});
        p->apply({add("one" + wait, dns::RRType::A, "192.0.2.9")});
        CHECK(fake.api.requests() == std::vector<std::string>{changes});
        // the next read has it, "pending" as it is
        CHECK(test::listing(*p, "example.test.")
                  .count("one" + wait + ".example.test. 300 A 192.0.2.9") == 1);
    }
    CHECK(fake.tokens_issued() == 1);

    fake.revoke_tokens();
    CHECK(test::listing(*open(fake), "example.test.").count("one.example.test. 300 A 192.0.2.9") ==
          1);
    CHECK(fake.tokens_issued() == 2);
}

TEST_CASE("googleclouddns: with wait_done, a change is polled until done", "[googleclouddns]") {
    test::FakeGoogleCloudDns fake;
    const std::string zone = "/dns/v1/projects/dnsclay-test/managedZones/example-test";
    auto p = open(fake, {{"wait_done", "true"}, {"managed_zone", "example-test"}});
    p->list_records(); // the token
    fake.api.clear_log();
    p->apply({add("one", dns::RRType::A, "192.0.2.9")});
    CHECK(fake.api.requests() ==
          std::vector<std::string>{"POST " + zone + "/changes", "GET " + zone + "/changes/1"});

    // "pending" twice: asked again until "done"
    fake.pending_polls = 2;
    fake.api.clear_log();
    p->apply({add("two", dns::RRType::A, "192.0.2.10")});
    CHECK(fake.api.requests() ==
          std::vector<std::string>{"POST " + zone + "/changes", "GET " + zone + "/changes/2",
                                   "GET " + zone + "/changes/2", "GET " + zone + "/changes/2"});
    CHECK(fake.state().count("two.example.test. 300 A 192.0.2.10") == 1);

    // still "pending" when sync.provider_timeout (1 s here) runs out: the error says the
    // change was made
    fake.pending_polls = 1000;
    CHECK_THROWS_WITH(open(fake, {{"wait_done", "true"}}, std::chrono::seconds(1))
                          ->apply({add("three", dns::RRType::A, "192.0.2.11")}),
                      Catch::Contains("change 3 for zone example.test was made but still "
                                      "pending after 1 s"));
    CHECK(fake.state().count("three.example.test. 300 A 192.0.2.11") == 1);

    CHECK_THROWS_WITH(open(fake, {{"wait_done", "yes"}}),
                      Catch::Contains("wait_done must be true or false, not 'yes'"));
}

TEST_CASE("googleclouddns: errors say what to do and carry no key", "[googleclouddns]") {
    test::FakeGoogleCloudDns fake;
    try {
        open(fake, {{"service_account_key", fake.foreign_service_account_key()}})->list_records();
        FAIL("a key the fake does not know was accepted");
    } catch (const providers::ProviderError& e) {
        std::string what = e.what();
        CHECK(what.find("invalid_grant: Invalid JWT Signature.") != std::string::npos);
        CHECK(what.find("BEGIN PRIVATE KEY") == std::string::npos);
    }
    CHECK_THROWS_WITH(open(fake, {{"service_account_key", "not json"}}),
                      Catch::Contains("not a service account key file"));

    test::FakeGoogleCloudDns other("other.test.");
    CHECK_THROWS_WITH(open(other)->list_records(),
                      Catch::Contains("zone example.test is not a public managed zone of "
                                      "project dnsclay-test"));

    // another client changes an rrset between the read and the change: Google refuses the
    // whole change (412), and nothing of it is applied
    fake.seed("raced.example.test.", "A", 300, {"192.0.2.1"});
    auto raced = test::record("example.test.", "raced", dns::RRType::A, "192.0.2.1", 300);
    // (before the change with dnsclay's copy, and again before the one with Google's)
    fake.change_ttl_before_next_change("raced.example.test.", "A", 600);
    fake.change_ttl_before_next_change("raced.example.test.", "A", 900, 2);
    CHECK_THROWS_WITH(open(fake)->apply({add("fresh", dns::RRType::A, "192.0.2.2"),
                                         {zone::RRsetKey::of(raced), {raced}, {}}}),
                      Catch::Contains("Precondition not met") &&
                          Catch::Contains("sync the zone and try again"));
    CHECK(fake.state().count("raced.example.test. 900 A 192.0.2.1") == 1);
    CHECK(fake.state().count("fresh.example.test. 300 A 192.0.2.2") == 0);

    fake.api.fail_next({FaultKind::Malformed});
    CHECK_THROWS_WITH(open(fake)->list_records(), Catch::Contains("not JSON"));
    fake.api.fail_next({FaultKind::RateLimited, "600"});
    CHECK_THROWS_WITH(open(fake)->list_records(), Catch::Contains("try again in 600 s"));
}
