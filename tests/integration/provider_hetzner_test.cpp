// The `hetzner` provider against its fake (tests/support/fake_hetzner): the whole life
// cycle with paging and polled actions; a change set whose second write fails is undone.
#include "lib/zone/apply.hpp"
#include "providers/registry.hpp"
#include "tests/support/fake_hetzner.hpp"
#include "tests/support/provider_lifecycle.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay;
using test::Fault;
using test::FaultKind;

namespace {

std::unique_ptr<providers::Provider> open(test::FakeHetzner& fake,
                                          const std::string& token = "hz-token") {
    return test::open_fake_provider("hetzner", fake.endpoint(), token);
}

} // namespace

TEST_CASE("hetzner: list, add, replace, delete every type, and a failing change set is undone",
          "[hetzner]") {
    test::FakeHetzner fake;
    fake.seed("@", "NS", 3600, {"hydrogen.ns.hetzner.com."});
    fake.seed("@", "TXT", 0, {"\"v=spf1 -all\""}); // ttl null: the zone's default
    test::Lifecycle spec;
    spec.capabilities = providers::find_provider("hetzner")->capabilities;
    spec.open = [&] { return open(fake); };
    // The second rrset's write fails, also when retried (set_records is idempotent): the
    // first rrset, made already, is undone.
    spec.fail_write = [&](int n) {
        fake.api.fail_call(n, Fault{FaultKind::Status500}, {"POST"});
        fake.api.fail_call(n + 1, Fault{FaultKind::Status500}, {"POST"});
    };
    spec.failing_write = 2;
    spec.fake_state = [&] { return fake.state(); };

    auto p = open(fake);
    CHECK(test::listing(*p, spec.zone) ==
          std::set<std::string>{"example.test. 3600 TXT \"v=spf1 -all\""});
    test::run_lifecycle(spec);
}

TEST_CASE("hetzner: errors name the cause and carry no token", "[hetzner]") {
    test::FakeHetzner fake;
    try {
        open(fake, "bad-token-secret")->list_records();
        FAIL("a wrong token was accepted");
    } catch (const providers::ProviderError& e) {
        std::string what = e.what();
        CHECK(what.find("credentials were refused: unable to authenticate") != std::string::npos);
        CHECK(what.find("bad-token-secret") == std::string::npos);
    }
    test::FakeHetzner other("other.test");
    CHECK_THROWS_WITH(open(other)->list_records(), Catch::Contains("is the zone in this project?"));
}
