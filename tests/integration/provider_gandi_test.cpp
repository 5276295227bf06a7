// The `gandi` provider against its fake (tests/support/fake_gandi): the whole life cycle
// with paging by Total-Count and one PUT or DELETE per rrset; a change set whose second
// write fails is undone; errors a user can act on.
#include "lib/zone/apply.hpp"
#include "providers/registry.hpp"
#include "tests/support/fake_gandi.hpp"
#include "tests/support/provider_lifecycle.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace dnsclay;
using test::Fault;
using test::FaultKind;

namespace {

std::unique_ptr<providers::Provider> open(test::FakeGandi& fake,
                                          const std::string& token = "gandi-token") {
    return test::open_fake_provider("gandi", fake.endpoint(), token);
}

zone::ChangeSet add_a(const std::string& owner, std::uint32_t ttl) {
    return {{zone::RRsetKey{dns::Name::parse(owner + ".example.test."), dns::RRType::A},
             {},
             {test::record("example.test.", owner, dns::RRType::A, "192.0.2.1", ttl)}}};
}

} // namespace

TEST_CASE("gandi: list, add, replace, delete every type, and a failing change set is undone",
          "[gandi]") {
    test::FakeGandi fake;
    fake.seed("@", "NS", 10800, {"ns-1.gandi.net.", "ns-2.gandi.net."});
    fake.seed("@", "TXT", 10800, {"\"v=spf1 -all\""});
    fake.seed("mail", "MX", 10800, {"10 mx"}); // a relative target, as Gandi allows
    test::Lifecycle spec;
    spec.capabilities = providers::find_provider("gandi")->capabilities;
    spec.open = [&] { return open(fake); };
    // PUT is idempotent, so a 500 is retried: the second rrset's write fails every try, and
    // the first one, made already, is undone.
    spec.fail_write = [&](int n) {
        fake.api.fail_call(n, Fault{FaultKind::Status500}, {"PUT"});
        fake.api.fail_call(n + 1, Fault{FaultKind::Status500}, {"PUT"});
    };
    spec.failing_write = 2;
    spec.fake_state = [&] { return fake.state(); };

    auto p = open(fake);
    CHECK(test::listing(*p, spec.zone) ==
          std::set<std::string>{"example.test. 10800 TXT \"v=spf1 -all\"",
                                "mail.example.test. 10800 MX 10 mx.example.test."});
    test::run_lifecycle(spec);

    // paged (2 rrsets a page) until Total-Count rrsets have come: no request for an empty page
    fake.api.clear_log();
    open(fake)->list_records();
    std::set<std::pair<std::string, std::string>> rrsets; // (name, type)
    for (const auto& line : fake.state()) {
        std::istringstream in(line);
        std::string name, ttl, type;
        in >> name >> ttl >> type;
        rrsets.emplace(name, type);
    }
    CHECK(fake.api.request_count() > 3);
    CHECK(fake.api.request_count() == (rrsets.size() + 1) / 2);
    for (const auto& r : fake.api.requests())
        CHECK(r.find("per_page=500") != std::string::npos);

    // a one-rrset change is one request
    fake.api.clear_log();
    zone::apply_changes(*open(fake), spec.capabilities, add_a("one", 300));
    CHECK(fake.api.requests() ==
          std::vector<std::string>{"PUT /v5/livedns/domains/example.test/records/one/A"});
}

TEST_CASE("gandi: errors name the cause and carry no token", "[gandi]") {
    test::FakeGandi fake;
    try {
        open(fake, "bad-token-secret")->list_records();
        FAIL("a wrong token was accepted");
    } catch (const providers::ProviderError& e) {
        std::string what = e.what();
        CHECK(what.find("credentials were refused") != std::string::npos);
        CHECK(what.find("technical configuration of example.test") != std::string::npos);
        CHECK(what.find("bad-token-secret") == std::string::npos);
    }
    test::FakeGandi other("other.test");
    CHECK_THROWS_WITH(open(other)->list_records(),
                      Catch::Contains("zone example.test is not on Gandi LiveDNS"));
    CHECK_THROWS_WITH(open(fake)->apply(add_a("t", 60)),
                      Catch::Contains("rrset_ttl: 60 is less than minimum value 300") &&
                          Catch::Contains("Gandi's minimum TTL is 300"));
    CHECK(fake.state().empty());

    fake.api.fail_next({FaultKind::Malformed});
    CHECK_THROWS_WITH(open(fake)->list_records(), Catch::Contains("not JSON"));
    fake.api.fail_next({FaultKind::RateLimited, "600"});
    CHECK_THROWS_WITH(open(fake)->list_records(), Catch::Contains("try again in 600 s"));
    // a 500 answer is retried: one failure costs nothing
    fake.api.fail_next({FaultKind::Status500});
    open(fake)->apply(add_a("after500", 300));
    CHECK(fake.state() == std::set<std::string>{"after500 300 A 192.0.2.1"});
}
