// The `cloudflare` provider against its fake (tests/support/fake_cloudflare): the whole
// life cycle, zone lookup, errors a user can act on, and a batch whose outcome is unknown.
#include "lib/zone/apply.hpp"
#include "providers/registry.hpp"
#include "tests/support/fake_cloudflare.hpp"
#include "tests/support/listed_ids_check.hpp"
#include "tests/support/provider_lifecycle.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay;
using test::Fault;
using test::FaultKind;

namespace {

std::unique_ptr<providers::Provider> open(test::FakeCloudflare& fake,
                                          const std::string& token = "cf-token") {
    return test::open_fake_provider("cloudflare", fake.endpoint(), token);
}

} // namespace

TEST_CASE("cloudflare: list, add, replace, delete every type, and a failed batch changes nothing",
          "[cloudflare]") {
    test::FakeCloudflare fake;
    fake.seed("A", "example.test", "192.0.2.80", 1);
    fake.seed("TXT", "example.test", "v=spf1 -all", 3600); // unquoted, as the dashboard allows
    fake.seed("NS", "example.test", "ns1.cloudflare.com", 86400);
    // the one batch fails
    auto spec = test::fake_lifecycle("cloudflare", fake, [&] { return open(fake); }, {{"POST"}});

    auto p = open(fake);
    CHECK(test::listing(*p, spec.zone) ==
          std::set<std::string>{"example.test. 300 A 192.0.2.80",
                                "example.test. 3600 TXT \"v=spf1 -all\""});
    test::run_lifecycle(spec);

    // the zone id was looked up once in this process, by the first provider opened; later
    // ones send one batch right after a listing, and without one a GET per changed rrset
    // (its record ids) and one batch: no more for a one-rrset change
    auto one = [&](const std::string& address) {
        return std::vector<dns::Record>{
            test::record(spec.zone, "one", dns::RRType::A, address, 300)};
    };
    zone::RRsetKey key{dns::Name::parse("one.example.test."), dns::RRType::A};
    open(fake)->list_records();
    fake.api.clear_log();
    zone::apply_changes(*open(fake), spec.capabilities, {{key, {}, one("192.0.2.9")}});
    const std::string batch = "POST /client/v4/zones/" + fake.zone_id() + "/dns_records/batch";
    CHECK(fake.api.requests() == std::vector<std::string>{batch});
    fake.api.clear_log();
    zone::apply_changes(*open(fake), spec.capabilities,
                        {{key, one("192.0.2.9"), one("192.0.2.10")}});
    auto requests = fake.api.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].rfind("GET /client/v4/zones/" + fake.zone_id() + "/dns_records", 0) == 0);
    CHECK(requests[1] == batch);
    CHECK(fake.state().count("one.example.test 300 A 192.0.2.10") == 1);
}

TEST_CASE("cloudflare: the zone id is looked up once per process, again after a 404",
          "[cloudflare]") {
    auto lookups = [](const test::FakeCloudflare& fake) {
        int n = 0;
        for (const auto& r : fake.api.requests())
            n += r.rfind("GET /client/v4/zones?", 0) == 0;
        return n;
    };
    auto fake = std::make_unique<test::FakeCloudflare>();
    open(*fake)->list_records();
    open(*fake)->list_records();
    CHECK(lookups(*fake) == 1);
    // the zone is deleted and made again under another id: the old id gets 404 once
    fake->recreate_zone();
    CHECK_THROWS_WITH(open(*fake)->list_records(), Catch::Contains("HTTP 404"));
    open(*fake)->list_records();
    CHECK(lookups(*fake) == 2);
}

TEST_CASE("cloudflare: errors say what to do and carry no token", "[cloudflare]") {
    test::FakeCloudflare fake;
    auto wrong = open(fake, "wrong-token-secret");
    try {
        wrong->list_records();
        FAIL("a wrong token was accepted");
    } catch (const providers::ProviderError& e) {
        std::string what = e.what();
        CHECK(what.find("credentials were refused") != std::string::npos);
        CHECK(what.find("Zone:Read and DNS:Edit") != std::string::npos);
        CHECK(what.find("wrong-token-secret") == std::string::npos);
    }

    test::FakeCloudflare other("other.test");
    try {
        open(other)->list_records();
        FAIL("a zone that is not in the account was found");
    } catch (const providers::ProviderError& e) {
        CHECK(std::string(e.what()).find("zone example.test is not in the account") !=
              std::string::npos);
    }

    // the operator's TTL rule, as Cloudflare words it
    try {
        open(fake)->apply(
            {{zone::RRsetKey{dns::Name::parse("t.example.test."), dns::RRType::A},
              {},
              {test::record("example.test.", "t", dns::RRType::A, "192.0.2.1", 30)}}});
        FAIL("TTL 30 was accepted");
    } catch (const providers::ProviderError& e) {
        CHECK(std::string(e.what()).find("minimum TTL is 60") != std::string::npos);
    }

    // a malformed answer
    fake.api.fail_next({FaultKind::Malformed});
    CHECK_THROWS_WITH(open(fake)->list_records(), Catch::Contains("not JSON"));

    // rate limited beyond what is waited for
    fake.api.fail_next({FaultKind::RateLimited, "600"});
    CHECK_THROWS_WITH(open(fake)->list_records(), Catch::Contains("try again in 600 s"));
}

TEST_CASE("cloudflare: a batch whose answer is lost is checked by reading the zone back",
          "[cloudflare]") {
    test::FakeCloudflare fake;
    auto change = zone::ChangeSet{
        {zone::RRsetKey{dns::Name::parse("lost.example.test."), dns::RRType::A},
         {},
         {test::record("example.test.", "lost", dns::RRType::A, "192.0.2.7", 300)}}};
    // the connection drops after the request: the batch is not sent again; the zone is
    // read back, shows the change was not made, and the error says so
    fake.api.fail_call(1, Fault{FaultKind::Reset}, {"POST"});
    CHECK_THROWS_WITH(open(fake)->apply(change), Catch::Contains("was not carried out"));
    auto posts = 0;
    for (const auto& r : fake.api.requests())
        posts += r.rfind("POST", 0) == 0;
    CHECK(posts == 1);
    CHECK(fake.state().empty());
}

TEST_CASE("cloudflare: a batch carried out whose answer is lost counts as done", "[cloudflare]") {
    test::FakeCloudflare fake;
    fake.api.fail_call(1, Fault{FaultKind::ResetAfter}, {"POST"});
    open(fake)->apply(
        {{zone::RRsetKey{dns::Name::parse("made.example.test."), dns::RRType::A},
          {},
          {test::record("example.test.", "made", dns::RRType::A, "192.0.2.8", 300)}}});
    CHECK(fake.state() == std::set<std::string>{"made.example.test 300 A 192.0.2.8"});
}

TEST_CASE("cloudflare: a change right after a listing is one batch, and a stale id is read again",
          "[cloudflare]") {
    test::FakeCloudflare fake;
    test::ListedIdsCase c;
    c.provider = "cloudflare";
    c.open = [&] { return open(fake); };
    c.remake = [&](const std::string& owner, const std::string& type, const std::string& text) {
        auto name = owner + ".example.test";
        fake.remove(type, name);
        fake.seed(type, name, type == "TXT" ? "\"" + text + "\"" : text, 300);
    };
    c.api = &fake.api;
    auto records = "/client/v4/zones/" + fake.zone_id() + "/dns_records";
    c.batch = "POST " + records + "/batch";
    c.read_txt =
        "GET " + records + "?name=_acme-challenge.example.test&page=1&per_page=100&type=TXT";
    test::run_listed_ids(c);
}
