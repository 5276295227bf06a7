// The `route53` provider against its fake (tests/support/fake_route53), which checks every
// request's SigV4 signature: the whole life cycle with small pages, \052 and other octal
// escapes, exact DELETEs, zone lookup, and errors a user can act on.
#include "lib/zone/apply.hpp"
#include "providers/registry.hpp"
#include "tests/support/fake_route53.hpp"
#include "tests/support/provider_lifecycle.hpp"

#include <catch2/catch.hpp>
#include <fmt/core.h>

using namespace dnsclay;
using test::Fault;
using test::FaultKind;

namespace {

// The provider for the fake's account; `fields` add to or replace its fields.
std::unique_ptr<providers::Provider> open(test::FakeRoute53& fake,
                                          std::map<std::string, std::string> fields = {},
                                          std::chrono::seconds timeout = std::chrono::seconds(5)) {
    fields.merge(std::map<std::string, std::string>{{"access_key_id", "AKIDFAKE"},
                                                    {"secret_access_key", "route53-secret"},
                                                    {"endpoint", fake.endpoint()}});
    return test::open_fake_provider("route53", fields, timeout);
}

zone::RRsetChange add(const std::string& owner, dns::RRType type, const std::string& rdata) {
    auto r = test::record("example.test.", owner, type, rdata, 300);
    return {zone::RRsetKey::of(r), {}, {r}};
}

} // namespace

TEST_CASE("route53: list, add, replace, delete every type, and a failed batch changes nothing",
          "[route53]") {
    test::FakeRoute53 fake;
    fake.seed("*.example.test.", "A", 300, {"192.0.2.80"});
    fake.seed("utf8.example.test.", "TXT", 300, {R"("caf\303\251" "two")"});
    test::Lifecycle spec;
    spec.capabilities = providers::find_provider("route53")->capabilities;
    spec.open = [&] { return open(fake); };
    // a batch with a DELETE is not sent again after a 500 (its outcome is unknown); the
    // zone is read back instead, and shows nothing was done
    spec.fail_write = [&](int n) { fake.api.fail_call(n, Fault{FaultKind::Status500}, {"POST"}); };
    spec.failing_write = 1; // the one batch
    spec.fake_state = [&] { return fake.state(); };

    auto p = open(fake);
    CHECK(test::listing(*p, spec.zone) ==
          std::set<std::string>{"*.example.test. 300 A 192.0.2.80",
                                "utf8.example.test. 300 TXT \"caf\\195\\169\" \"two\""});
    test::run_lifecycle(spec);

    // listing is paged (page size 2) through NextRecordName/NextRecordType
    fake.api.clear_log();
    open(fake)->list_records();
    // (several pages of 2 rrsets; the zone id is remembered from the life cycle's changes)
    auto requests = fake.api.requests();
    CHECK(requests.size() > 4);
    for (const auto& r : requests)
        CHECK(r.rfind("GET /2013-04-01/hostedzone/" + fake.zone_id() + "/rrset?", 0) == 0);
}

TEST_CASE("route53: names and values go out with octal escapes, and a wildcard held as octal 052 "
          "comes back as an asterisk",
          "[route53]") {
    test::FakeRoute53 fake;
    auto p = open(fake);
    auto caps = providers::find_provider("route53")->capabilities;
    zone::apply_changes(
        *p, caps,
        {add("*", dns::RRType::A, "192.0.2.1"), add("e", dns::RRType::TXT, "\"caf\\195\\169\"")});
    auto state = fake.state();
    CHECK(state.count("\\052.example.test. 300 A 192.0.2.1") == 1);
    CHECK(state.count("e.example.test. 300 TXT \"caf\\303\\251\"") == 1);
    auto listed = test::listing(*open(fake), "example.test.");
    CHECK(listed.count("*.example.test. 300 A 192.0.2.1") == 1);
    CHECK(listed.count("e.example.test. 300 TXT \"caf\\195\\169\"") == 1);

    // and the wildcard is deleted by the name Route 53 holds it under
    zone::apply_changes(*p, caps,
                        {{zone::RRsetKey{dns::Name::parse("*.example.test."), dns::RRType::A},
                          {test::record("example.test.", "*", dns::RRType::A, "192.0.2.1", 300)},
                          {}}});
    CHECK(fake.state().count("\\052.example.test. 300 A 192.0.2.1") == 0);
}

TEST_CASE("route53: a DELETE carries the values exactly as Route 53 lists them", "[route53]") {
    test::FakeRoute53 fake;
    const std::string batch = "POST /2013-04-01/hostedzone/" + fake.zone_id() + "/rrset";
    // as dnsclay last read it: one batch, no read
    fake.seed("old.example.test.", "A", 300, {"192.0.2.1"});
    auto old = test::record("example.test.", "old", dns::RRType::A, "192.0.2.1", 300);
    auto p = open(fake);
    p->list_records(); // the zone looked up
    fake.api.clear_log();
    p->apply({{zone::RRsetKey::of(old), {old}, {}}});
    CHECK(fake.state().count("old.example.test. 300 A 192.0.2.1") == 0);
    CHECK(fake.api.requests() == std::vector<std::string>{batch});

    // spelled unlike dnsclay would spell it, and with another TTL than the local copy's:
    // refused, read, sent again
    fake.seed("v6.example.test.", "AAAA", 60, {"2001:0DB8:0:0::0001"});
    auto before = test::record("example.test.", "v6", dns::RRType::AAAA, "2001:db8::1", 300);
    fake.api.clear_log();
    open(fake)->apply({{zone::RRsetKey::of(before), {before}, {}}});
    CHECK(fake.state().count("v6.example.test. 60 AAAA 2001:0DB8:0:0::0001") == 0);
    auto requests = fake.api.requests();
    REQUIRE(requests.size() == 3);
    CHECK(requests[0] == batch);
    CHECK(requests[1].rfind("GET /2013-04-01/hostedzone/" + fake.zone_id() + "/rrset?", 0) == 0);
    CHECK(requests[2] == batch);
    // an rrset that is already gone is no error
    open(fake)->apply({{zone::RRsetKey::of(before), {before}, {}}});
}

TEST_CASE("route53: one signed change per UPDATE, done once accepted, and the zone is looked up "
          "once per process",
          "[route53]") {
    test::FakeRoute53 fake;
    fake.private_twin = true; // the lookup must pick the public zone
    fake.pending_polls = 2;   // INSYNC is not what the change waits for
    open(fake)->apply({add("one", dns::RRType::A, "192.0.2.9")});
    CHECK(fake.state().count("one.example.test. 300 A 192.0.2.9") == 1);

    const std::string batch = "POST /2013-04-01/hostedzone/" + fake.zone_id() + "/rrset";
    for (std::string wait : {"", "false"}) {
        INFO("wait_insync=" << wait);
        fake.api.clear_log();
        auto p = open(fake, {{"wait_insync", wait}});
        p->apply({add("two" + wait, dns::RRType::A, "192.0.2.10")});
        CHECK(fake.api.requests() == std::vector<std::string>{batch});
        // the next read has it, PENDING as it is
        CHECK(test::listing(*p, "example.test.")
                  .count(fmt::format("two{}.example.test. 300 A 192.0.2.10", wait)) == 1);
    }
}

TEST_CASE("route53: with wait_insync, a change is polled until INSYNC", "[route53]") {
    test::FakeRoute53 fake;
    const std::string batch = "POST /2013-04-01/hostedzone/" + fake.zone_id() + "/rrset";
    auto p =
        open(fake, {{"wait_insync", "true"}, {"hosted_zone_id", "/hostedzone/" + fake.zone_id()}});
    p->apply({add("one", dns::RRType::A, "192.0.2.9")});
    CHECK(fake.api.requests() ==
          std::vector<std::string>{batch, "GET /2013-04-01/change/C000000000001"});

    // PENDING twice: asked again until INSYNC
    fake.pending_polls = 2;
    fake.api.clear_log();
    p->apply({add("two", dns::RRType::A, "192.0.2.10")});
    CHECK(fake.api.requests() == std::vector<std::string>{batch,
                                                          "GET /2013-04-01/change/C000000000002",
                                                          "GET /2013-04-01/change/C000000000002",
                                                          "GET /2013-04-01/change/C000000000002"});
    CHECK(fake.state().count("two.example.test. 300 A 192.0.2.10") == 1);

    // still PENDING when sync.provider_timeout (1 s here) runs out: the error says the
    // change was made
    fake.pending_polls = 1000;
    CHECK_THROWS_WITH(open(fake, {{"wait_insync", "true"}}, std::chrono::seconds(1))
                          ->apply({add("three", dns::RRType::A, "192.0.2.11")}),
                      Catch::Contains("was made but still PENDING after 1 s"));
    CHECK(fake.state().count("three.example.test. 300 A 192.0.2.11") == 1);

    CHECK_THROWS_WITH(open(fake, {{"wait_insync", "yes"}}),
                      Catch::Contains("wait_insync must be true or false, not 'yes'"));
}

TEST_CASE("route53: Throttling and PriorRequestNotComplete are retried with backoff", "[route53]") {
    test::FakeRoute53 fake;
    const std::string batch = "POST /2013-04-01/hostedzone/" + fake.zone_id() + "/rrset";
    auto p = open(fake);
    p->list_records();
    fake.api.clear_log();
    for (std::string code : {"Throttling", "PriorRequestNotComplete"}) {
        INFO(code);
        fake.api.clear_log();
        fake.api.fail_next(test::FakeRoute53::refusal(code), 1, {"POST"});
        p->apply({add(code == "Throttling" ? "one" : "two", dns::RRType::A, "192.0.2.9")});
        CHECK(fake.api.requests() == std::vector<std::string>{batch, batch});
    }
    CHECK(fake.state().count("one.example.test. 300 A 192.0.2.9") == 1);
    CHECK(fake.state().count("two.example.test. 300 A 192.0.2.9") == 1);

    // a listing too; and when the retries run out, the error says why
    fake.api.fail_next(test::FakeRoute53::refusal("Throttling"), 1);
    CHECK(test::listing(*open(fake), "example.test.").count("one.example.test. 300 A 192.0.2.9") ==
          1);
    fake.api.fail_next(test::FakeRoute53::refusal("Throttling"), 10);
    CHECK_THROWS_WITH(open(fake)->list_records(), Catch::Contains("Throttling: Rate exceeded") &&
                                                      Catch::Contains("5 requests per second"));
    fake.api.clear_faults();
}

TEST_CASE("route53: errors say what to do and carry no secret", "[route53]") {
    test::FakeRoute53 fake;
    try {
        open(fake, {{"secret_access_key", "wrong-secret-value"}})->list_records();
        FAIL("a wrong secret was accepted");
    } catch (const providers::ProviderError& e) {
        std::string what = e.what();
        CHECK(what.find("credentials were refused: SignatureDoesNotMatch") != std::string::npos);
        CHECK(what.find("check access_key_id and secret_access_key") != std::string::npos);
        CHECK(what.find("wrong-secret-value") == std::string::npos);
    }

    test::FakeRoute53 other("other.test.");
    CHECK_THROWS_WITH(open(other)->list_records(),
                      Catch::Contains("zone example.test is not a public hosted zone"));
    CHECK_THROWS_WITH(open(fake, {{"hosted_zone_id", "ZNOSUCHZONE"}})->list_records(),
                      Catch::Contains("NoSuchHostedZone") && Catch::Contains("hosted_zone_id"));

    fake.api.fail_next({FaultKind::Malformed});
    CHECK_THROWS_WITH(open(fake)->list_records(), Catch::Contains("not XML"));
    fake.api.fail_next({FaultKind::RateLimited, "600"});
    CHECK_THROWS_WITH(open(fake)->list_records(), Catch::Contains("try again in 600 s"));
    // a 429 within the wait limit is waited for and retried
    fake.api.fail_next({FaultKind::RateLimited, "0"});
    CHECK_NOTHROW(open(fake)->list_records());
}
