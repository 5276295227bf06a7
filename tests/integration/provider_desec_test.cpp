// The `desec` provider against its fake (tests/support/fake_desec): the whole life cycle
// with cursor pagination and the atomic bulk PATCH, the minimum TTL, and errors.
#include "lib/zone/apply.hpp"
#include "providers/registry.hpp"
#include "tests/support/fake_desec.hpp"
#include "tests/support/provider_lifecycle.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay;
using test::Fault;
using test::FaultKind;

namespace {

std::unique_ptr<providers::Provider> open(test::FakeDesec& fake,
                                          const std::string& token = "desec-token") {
    return test::open_fake_provider("desec", fake.endpoint(), token);
}

} // namespace

TEST_CASE("desec: list, add, replace, delete every type, and a failed bulk change changes nothing",
          "[desec]") {
    test::FakeDesec fake;
    fake.seed("", "NS", 3600, {"ns1.desec.io.", "ns2.desec.org."});
    fake.seed("", "TXT", 3600, {"\"v=spf1 -all\""});
    test::Lifecycle spec;
    spec.ttl = 3600;
    spec.capabilities = providers::find_provider("desec")->capabilities;
    spec.open = [&] { return open(fake); };
    // deSEC's bulk PATCH is idempotent, so a 500 is retried: fail every try of it
    spec.fail_write = [&](int n) {
        fake.api.fail_call(n, Fault{FaultKind::Status500}, {"PATCH"});
        fake.api.fail_call(n + 1, Fault{FaultKind::Status500}, {"PATCH"});
    };
    spec.failing_write = 1;
    spec.fake_state = [&] { return fake.state(); };

    auto p = open(fake);
    CHECK(test::listing(*p, spec.zone) ==
          std::set<std::string>{"example.test. 3600 TXT \"v=spf1 -all\""});
    test::run_lifecycle(spec);

    // listing is paged (page size 2) through Link rel="next"
    fake.api.clear_log();
    open(fake)->list_records();
    CHECK(fake.api.request_count() > 3);
}

TEST_CASE("desec: the minimum TTL and a wrong token give errors a user can act on", "[desec]") {
    test::FakeDesec fake;
    try {
        open(fake)->apply(
            {{zone::RRsetKey{dns::Name::parse("t.example.test."), dns::RRType::A},
              {},
              {test::record("example.test.", "t", dns::RRType::A, "192.0.2.1", 60)}}});
        FAIL("TTL 60 was accepted");
    } catch (const providers::ProviderError& e) {
        std::string what = e.what();
        CHECK(what.find("t.example.test. A: ttl: Ensure this value is greater than or equal to "
                        "3600") != std::string::npos);
        CHECK(what.find("minimum TTL") != std::string::npos);
    }
    CHECK(fake.state().empty());
    try {
        open(fake, "not-the-token-secret")->list_records();
        FAIL("a wrong token was accepted");
    } catch (const providers::ProviderError& e) {
        std::string what = e.what();
        CHECK(what.find("credentials were refused: Invalid token.") != std::string::npos);
        CHECK(what.find("not-the-token-secret") == std::string::npos);
    }
    test::FakeDesec other("other.test");
    CHECK_THROWS_WITH(open(other)->list_records(),
                      Catch::Contains("zone example.test is not in the deSEC account"));
}
