// The `porkbun` provider against its fake (tests/support/fake_porkbun): the whole life
// cycle over POST-only calls with the keys in the body, one rrset per call undone on
// failure, the requests a typical change costs, the HTML 503 of Porkbun's rate limiter,
// and errors a user can act on.
#include "lib/zone/apply.hpp"
#include "providers/registry.hpp"
#include "tests/support/fake_porkbun.hpp"
#include "tests/support/provider_lifecycle.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay;
using test::Fault;
using test::FaultKind;

namespace {

std::unique_ptr<providers::Provider> open(test::FakePorkbun& fake,
                                          const std::string& secret = "sk1_secret") {
    return test::open_fake_provider(
        "porkbun",
        {{"api_key", "pk1_key"}, {"secret_api_key", secret}, {"endpoint", fake.endpoint()}});
}

zone::RRsetChange change(const std::string& owner, dns::RRType type,
                         std::vector<std::string> before, std::vector<std::string> after) {
    auto records = [&](const std::vector<std::string>& values) {
        std::vector<dns::Record> out;
        for (const auto& v : values)
            out.push_back(test::record("example.test.", owner, type, v, 600));
        return out;
    };
    return {zone::RRsetKey{dns::Name::parse(owner + ".example.test."), type}, records(before),
            records(after)};
}

} // namespace

TEST_CASE("porkbun: list, add, replace, delete every type, and a failing change set is undone",
          "[porkbun]") {
    test::FakePorkbun fake;
    fake.seed("", "NS", "curitiba.ns.porkbun.com", 86400);
    fake.seed("", "TXT", "v=spf1 -all", 600); // raw text
    fake.seed("mail", "MX", "mx.example.test", 600, "10");
    test::Lifecycle spec;
    spec.ttl = 600;
    spec.capabilities = providers::find_provider("porkbun")->capabilities;
    spec.open = [&] { return open(fake); };
    // every call is a POST, reads too: the fake counts the writes
    spec.fail_write = [&](int n) { fake.fail_write(n); };
    spec.failing_write = 2; // the second rrset's (www's) edit; the first rrset's create is undone
    spec.fake_state = [&] { return fake.state(); };
    spec.txt_as_text = true;
    spec.write_per_value = true;

    auto p = open(fake);
    CHECK(test::listing(*p, spec.zone) ==
          std::set<std::string>{"example.test. 600 TXT \"v=spf1 -all\"",
                                "mail.example.test. 600 MX 10 mx.example.test."});
    test::run_lifecycle(spec);
}

TEST_CASE("porkbun: requests per change, and the rate limiter's HTML 503 is waited out",
          "[porkbun]") {
    test::FakePorkbun fake;
    auto caps = providers::find_provider("porkbun")->capabilities;
    const std::string base = "POST /api/json/v3/dns/";
    zone::apply_changes(*open(fake), caps, {change("a", dns::RRType::A, {}, {"192.0.2.1"})});
    CHECK(fake.api.requests() ==
          std::vector<std::string>{base + "retrieveByNameType/example.test/A/a",
                                   base + "create/example.test"});
    zone::apply_changes(*open(fake), caps,
                        {change("_acme-challenge", dns::RRType::TXT, {}, {"\"token-1\""})});
    fake.api.clear_log();
    zone::apply_changes(
        *open(fake), caps,
        {change("_acme-challenge", dns::RRType::TXT, {"\"token-1\""}, {"\"token-2\""})});
    auto requests = fake.api.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0] == base + "retrieveByNameType/example.test/TXT/_acme-challenge");
    CHECK(requests[1].rfind(base + "edit/example.test/", 0) == 0);
    fake.api.clear_log();
    zone::apply_changes(*open(fake), caps,
                        {change("_acme-challenge", dns::RRType::TXT, {"\"token-2\""}, {})});
    CHECK(fake.api.requests() ==
          std::vector<std::string>{base + "deleteByNameType/example.test/TXT/_acme-challenge"});
    CHECK(fake.state() == std::set<std::string>{"a.example.test 600 A 192.0.2.1"});

    // one 503 page is retried (a POST too: the limiter did not act on it)
    fake.unavailable_next(1);
    CHECK(test::listing(*open(fake), "example.test.") ==
          std::set<std::string>{"a.example.test. 600 A 192.0.2.1"});
    // more than the retries: an error that says what happened, not "not JSON"
    fake.unavailable_next(5);
    CHECK_THROWS_WITH(open(fake)->list_records(), Catch::Contains("about 1 a second per API key") &&
                                                      Catch::Contains("HTTP 503") &&
                                                      !Catch::Contains("not JSON"));
}

TEST_CASE("porkbun: errors name the cause and carry no key", "[porkbun]") {
    test::FakePorkbun fake;
    try {
        open(fake, "sk1_wrong_secret")->list_records();
        FAIL("a wrong key was accepted");
    } catch (const providers::ProviderError& e) {
        std::string what = e.what();
        CHECK(what.find("Invalid API key. (001); check api_key and secret_api_key") !=
              std::string::npos);
        CHECK(what.find("sk1_wrong_secret") == std::string::npos);
        CHECK(what.find("pk1_key") == std::string::npos);
    }
    test::FakePorkbun other("other.test");
    CHECK_THROWS_WITH(open(other)->list_records(),
                      Catch::Contains("switch on API ACCESS for example.test"));
    fake.api.fail_next({FaultKind::Malformed});
    CHECK_THROWS_WITH(open(fake)->list_records(), Catch::Contains("not JSON"));
    // a create whose answer is lost after it was carried out counts as done
    fake.api.fail_call(2, Fault{FaultKind::ResetAfter});
    zone::apply_changes(*open(fake), providers::find_provider("porkbun")->capabilities,
                        {change("made", dns::RRType::A, {}, {"192.0.2.8"})});
    CHECK(fake.state() == std::set<std::string>{"made.example.test 600 A 192.0.2.8"});
}
