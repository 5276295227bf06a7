// The `vultr` provider against its fake (tests/support/fake_vultr): the whole life cycle
// with cursor paging and one call per record, an rrset failing midway taken back, the
// operator's failures, and errors that say what to do.
#include "lib/zone/apply.hpp"
#include "providers/registry.hpp"
#include "tests/support/fake_vultr.hpp"
#include "tests/support/provider_lifecycle.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay;
using test::Fault;
using test::FaultKind;

namespace {

std::unique_ptr<providers::Provider> open(test::FakeVultr& fake,
                                          const std::string& key = "vultr-key") {
    return test::open_fake_provider("vultr", fake.endpoint(), key, "api_key");
}

} // namespace

TEST_CASE("vultr: list, add, replace, delete every type, and failures are undone", "[vultr]") {
    test::FakeVultr fake;
    fake.seed("NS", "", "ns1.vultr.com", 300);
    fake.seed("TXT", "", "\"v=spf1 -all\"", 300);
    fake.seed("MX", "mail", "mx.example.test", 300, 5);
    auto spec =
        test::record_api_lifecycle("vultr", fake, [&] { return open(fake); }, {"POST", "PATCH"});

    auto p = open(fake);
    CHECK(test::listing(*p, spec.zone) ==
          std::set<std::string>{"example.test. 300 TXT \"v=spf1 -all\"",
                                "mail.example.test. 300 MX 5 mx.example.test."});
    fake.api.clear_log();
    p->list_records();
    CHECK(
        fake.api.requests() ==
        std::vector<std::string>{"GET /v2/domains/example.test/records?per_page=500",
                                 "GET /v2/domains/example.test/records?cursor=cur_2&per_page=500"});
    test::run_lifecycle(spec);
    test::run_faults(spec, fake.api);
}

TEST_CASE("vultr: errors say what to do and carry no key", "[vultr]") {
    test::FakeVultr fake;
    try {
        open(fake, "wrong-key-secret")->list_records();
        FAIL("a wrong key was accepted");
    } catch (const providers::ProviderError& e) {
        std::string what = e.what();
        CHECK_THAT(what, Catch::Contains("credentials were refused: Invalid API token."));
        CHECK_THAT(what, Catch::Contains("access control list"));
        CHECK_THAT(what, !Catch::Contains("wrong-key-secret"));
    }
    test::FakeVultr other("other.test");
    CHECK_THROWS_WITH(open(other)->list_records(),
                      Catch::Contains("is example.test a domain of this Vultr account?"));
    // the operator's refusal, passed on
    fake.api.fail_next(Fault{FaultKind::Malformed});
    CHECK_THROWS_WITH(open(fake)->list_records(), Catch::Contains("not JSON"));
}
