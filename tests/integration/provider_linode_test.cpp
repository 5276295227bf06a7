// The `linode` provider against its fake (tests/support/fake_linode): the whole life cycle
// with the domain found by paging through the account's domains, records paged and one
// call per record, an rrset failing midway taken back, the operator's failures, TTL
// rounding and errors that say what to do.
#include "lib/zone/apply.hpp"
#include "providers/registry.hpp"
#include "tests/support/fake_linode.hpp"
#include "tests/support/provider_lifecycle.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay;

namespace {

std::unique_ptr<providers::Provider> open(test::FakeLinode& fake,
                                          const std::string& token = "linode-token") {
    return test::open_fake_provider("linode", fake.endpoint(), token);
}

} // namespace

TEST_CASE("linode: list, add, replace, delete every type, and failures are undone", "[linode]") {
    test::FakeLinode fake;
    fake.seed("NS", "", "ns1.linode.com", 0);
    fake.seed("TXT", "", "v=spf1 -all", 3600);
    fake.seed("MX", "mail", "mx.example.test", 300, R"("priority":5)");
    auto spec =
        test::record_api_lifecycle("linode", fake, [&] { return open(fake); }, {"POST", "PUT"});
    spec.ttl = 3600; // one of Linode's steps, and so is twice it

    auto p = open(fake);
    CHECK(test::listing(*p, spec.zone) ==
          std::set<std::string>{"example.test. 3600 TXT \"v=spf1 -all\"",
                                "mail.example.test. 300 MX 5 mx.example.test."});
    // the apex NS with ttl_sec 0 has the domain's default TTL
    CHECK(p->list_records().front().ttl == 86400);
    fake.api.clear_log();
    open(fake)->list_records();
    CHECK(fake.api.requests() ==
          std::vector<std::string>{"GET /v4/domains?page=1&page_size=500",
                                   "GET /v4/domains?page=2&page_size=500",
                                   "GET /v4/domains/1234/records?page=1&page_size=500",
                                   "GET /v4/domains/1234/records?page=2&page_size=500"});
    test::run_lifecycle(spec);
    test::run_faults(spec, fake.api);
}

TEST_CASE("linode: TTLs are rounded up by Linode, and SRV and CAA limits are explained",
          "[linode]") {
    test::FakeLinode fake;
    using T = dns::RRType;
    auto add = [&](const std::string& owner, T type, const std::string& rdata, std::uint32_t ttl) {
        open(fake)->apply({{zone::RRsetKey{dns::Name::parse(owner + ".example.test."), type},
                            {},
                            {test::record("example.test.", owner, type, rdata, ttl)}}});
    };
    add("t", T::A, "192.0.2.1", 600);
    CHECK(fake.state() == std::set<std::string>{"t 3600 A 192.0.2.1"});
    CHECK_THROWS_WITH(add("srv", T::SRV, "1 2 3 x.example.test.", 300),
                      Catch::Contains("only at _service._protocol names"));
    CHECK_THROWS_WITH(add("caa", T::CAA, "128 issue \"ca.example\"", 300),
                      Catch::Contains("Linode keeps no CAA flags"));
    add("_sip._tcp.sub", T::SRV, "1 2 5060 sip.example.test.", 300);
    CHECK(fake.state().count("_sip._tcp.sub 300 SRV 1 2 5060 sip.example.test") == 1);
}

TEST_CASE("linode: errors say what to do and carry no token", "[linode]") {
    test::FakeLinode fake;
    try {
        open(fake, "wrong-token-secret")->list_records();
        FAIL("a wrong token was accepted");
    } catch (const providers::ProviderError& e) {
        std::string what = e.what();
        CHECK_THAT(what, Catch::Contains("credentials were refused: Invalid Token"));
        CHECK_THAT(what, Catch::Contains("domains:read_write"));
        CHECK_THAT(what, !Catch::Contains("wrong-token-secret"));
    }
    test::FakeLinode other("other.test");
    CHECK_THROWS_WITH(open(other)->list_records(),
                      Catch::Contains("example.test is not a domain of this account"));
}
