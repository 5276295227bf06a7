// The `ovh` provider against its fake (tests/support/fake_ovh), which recomputes every
// request's signature at its own clock (hours off the local one): the whole life cycle
// over the id list and one GET per record, a failed step undone, the refresh that
// publishes every change, and errors a user can act on.
#include "lib/zone/apply.hpp"
#include "providers/registry.hpp"
#include "tests/support/fake_ovh.hpp"
#include "tests/support/provider_lifecycle.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay;
using test::Fault;
using test::FaultKind;

namespace {

std::unique_ptr<providers::Provider> open(test::FakeOvh& fake,
                                          const std::string& secret = "ovh-application-secret") {
    return test::open_fake_provider("ovh", {{"application_key", "ovh-ak"},
                                            {"application_secret", secret},
                                            {"consumer_key", "ovh-consumer-key"},
                                            {"endpoint", fake.endpoint()}});
}

zone::RRsetChange add(const std::string& owner, dns::RRType type, const std::string& rdata,
                      std::uint32_t ttl = 300) {
    auto r = test::record("example.test.", owner, type, rdata, ttl);
    return {zone::RRsetKey::of(r), {}, {r}};
}

} // namespace

TEST_CASE("ovh: list, add, replace, delete every type, and a failed step is undone", "[ovh]") {
    test::FakeOvh fake;
    fake.seed("", "TXT", 0, "v=spf1 -all"); // unquoted, TTL 0: the zone's default
    fake.seed("www", "CNAME", 3600, "example.test.");
    test::Lifecycle spec;
    spec.capabilities = providers::find_provider("ovh")->capabilities;
    spec.open = [&] { return open(fake); };
    // counting record writes and refreshes: the 3rd is the first write of the second step
    spec.fail_write = [&](int n) {
        fake.api.fail_call(n, Fault{FaultKind::Status500}, {"POST", "PUT", "DELETE"});
    };
    spec.failing_write = 3;
    spec.fake_state = [&] { return fake.state(); };

    CHECK(test::listing(*open(fake), spec.zone) ==
          std::set<std::string>{"example.test. 3600 TXT \"v=spf1 -all\"",
                                "www.example.test. 3600 CNAME example.test."});
    // the life cycle's own www is an A rrset: clear the name first
    zone::apply_changes(
        *open(fake), spec.capabilities,
        {{zone::RRsetKey{dns::Name::parse("www.example.test."), dns::RRType::CNAME},
          {test::record(spec.zone, "www", dns::RRType::CNAME, "example.test.", 3600)},
          {}}});
    test::run_lifecycle(spec);
    // every change was published
    CHECK(fake.published() == fake.state());
}

TEST_CASE("ovh: each change is one refresh, and kept values only change their TTL", "[ovh]") {
    test::FakeOvh fake;
    auto caps = providers::find_provider("ovh")->capabilities;
    zone::apply_changes(*open(fake), caps, {add("a", dns::RRType::A, "192.0.2.1")});
    CHECK(fake.refreshes() == 1);
    CHECK(fake.published().count("a 300 A 192.0.2.1") == 1);

    auto before = test::record("example.test.", "a", dns::RRType::A, "192.0.2.1", 300);
    std::vector<dns::Record> after = {
        test::record("example.test.", "a", dns::RRType::A, "192.0.2.1", 600),
        test::record("example.test.", "a", dns::RRType::A, "192.0.2.2", 600)};
    fake.api.clear_log();
    zone::apply_changes(*open(fake), caps, {{zone::RRsetKey::of(before), {before}, after}});
    auto published = fake.published();
    CHECK(published.count("a 600 A 192.0.2.1") == 1);
    CHECK(published.count("a 600 A 192.0.2.2") == 1);
    std::vector<std::string> writes;
    for (const auto& r : fake.api.requests())
        if (r.rfind("GET", 0) != 0) writes.push_back(r);
    CHECK(writes == std::vector<std::string>{"PUT /1.0/domain/zone/example.test/record/5217045114",
                                             "POST /1.0/domain/zone/example.test/record",
                                             "POST /1.0/domain/zone/example.test/refresh"});
}

TEST_CASE("ovh: errors say what to do and carry no secret", "[ovh]") {
    test::FakeOvh fake;
    try {
        open(fake, "wrong-application-secret")->list_records();
        FAIL("a wrong secret was accepted");
    } catch (const providers::ProviderError& e) {
        std::string what = e.what();
        CHECK(what.find("Invalid signature; check application_key, application_secret and "
                        "consumer_key") != std::string::npos);
        CHECK(what.find("wrong-application-secret") == std::string::npos);
    }
    test::FakeOvh other("other.test");
    CHECK_THROWS_WITH(open(other)->list_records(),
                      Catch::Contains("is example.test a zone of this OVHcloud account?"));

    fake.api.fail_next({FaultKind::Malformed}, 1, {"GET"});
    CHECK_THROWS_WITH(open(fake)->list_records(), Catch::Contains("not a time"));
    fake.api.fail_next({FaultKind::RateLimited, "600"});
    CHECK_THROWS_WITH(open(fake)->list_records(), Catch::Contains("try again in 600 s"));
}
