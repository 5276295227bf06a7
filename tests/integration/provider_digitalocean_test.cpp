// The `digitalocean` provider against its fake (tests/support/fake_digitalocean): the whole
// life cycle with paging and one call per record, an rrset failing midway taken back, the
// operator's failures, and errors that say what to do.
#include "lib/zone/apply.hpp"
#include "providers/registry.hpp"
#include "tests/support/fake_digitalocean.hpp"
#include "tests/support/provider_lifecycle.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay;

namespace {

std::unique_ptr<providers::Provider> open(test::FakeDigitalOcean& fake,
                                          const std::string& token = "do-token") {
    return test::open_fake_provider("digitalocean", fake.endpoint(), token);
}

} // namespace

TEST_CASE("digitalocean: list, add, replace, delete every type, and failures are undone",
          "[digitalocean]") {
    test::FakeDigitalOcean fake;
    fake.seed("SOA", "@", "1800", 1800);
    fake.seed("NS", "@", "ns1.digitalocean.com", 1800);
    fake.seed("TXT", "@", "v=spf1 -all", 1800);
    fake.seed("MX", "mail", "@", 1800, R"("priority":5)");
    auto spec = test::record_api_lifecycle("digitalocean", fake, [&] { return open(fake); },
                                           {"POST", "PUT"});

    auto p = open(fake);
    CHECK(test::listing(*p, spec.zone) ==
          std::set<std::string>{"example.test. 1800 TXT \"v=spf1 -all\"",
                                "mail.example.test. 1800 MX 5 example.test."});
    fake.api.clear_log();
    p->list_records();
    CHECK(fake.api.request_count() == 2); // 4 records, 2 a page
    test::run_lifecycle(spec);
    test::run_faults(spec, fake.api);
}

TEST_CASE("digitalocean: one rrset change takes one call per changed value", "[digitalocean]") {
    test::FakeDigitalOcean fake;
    fake.seed("A", "www", "192.0.2.1", 300);
    fake.seed("A", "www", "192.0.2.2", 300);
    using T = dns::RRType;
    auto rr = [](const std::string& ip, std::uint32_t ttl) {
        return test::record("example.test.", "www", T::A, ip, ttl);
    };
    fake.api.clear_log();
    auto p = open(fake);
    zone::apply_changes(*p, providers::find_provider("digitalocean")->capabilities,
                        {{zone::RRsetKey{dns::Name::parse("www.example.test."), T::A},
                          {rr("192.0.2.1", 300), rr("192.0.2.2", 300)},
                          {rr("192.0.2.1", 300), rr("192.0.2.3", 300)}}});
    auto requests = fake.api.requests();
    REQUIRE(requests.size() == 2); // the rrset read by name and type, one value updated in place
    CHECK(requests[0] == "GET /v2/domains/example.test/records?name=www.example.test&page=1&"
                         "per_page=200&type=A");
    CHECK(requests[1].rfind("PUT /v2/domains/example.test/records/", 0) == 0);
    CHECK(fake.state() == std::set<std::string>{"www 300 A 192.0.2.1", "www 300 A 192.0.2.3"});
}

TEST_CASE("digitalocean: errors say what to do and carry no token", "[digitalocean]") {
    test::FakeDigitalOcean fake;
    try {
        open(fake, "wrong-token-secret")->list_records();
        FAIL("a wrong token was accepted");
    } catch (const providers::ProviderError& e) {
        std::string what = e.what();
        CHECK_THAT(what, Catch::Contains("credentials were refused: Unable to authenticate you."));
        CHECK_THAT(what, Catch::Contains("domain:read"));
        CHECK_THAT(what, !Catch::Contains("wrong-token-secret"));
    }
    test::FakeDigitalOcean other("other.test");
    CHECK_THROWS_WITH(open(other)->list_records(),
                      Catch::Contains("is example.test a domain of this DigitalOcean account?"));
    // the operator's own TTL rule, below the provider's declared minimum
    CHECK_THROWS_WITH(
        open(fake)->apply(
            {{zone::RRsetKey{dns::Name::parse("t.example.test."), dns::RRType::A},
              {},
              {test::record("example.test.", "t", dns::RRType::A, "192.0.2.1", 20)}}}),
        Catch::Contains("Ttl must be at least 30."));
    CHECK(fake.state().empty());
}
