// The `dnsimple` provider against its fake (tests/support/fake_dnsimple): the whole life
// cycle with paging and the batch endpoint, the account id from /whoami once per process,
// the requests a typical change costs, and errors a user can act on.
#include "lib/dns/rdata.hpp"
#include "lib/zone/apply.hpp"
#include "providers/registry.hpp"
#include "tests/support/fake_dnsimple.hpp"
#include "tests/support/listed_ids_check.hpp"
#include "tests/support/provider_lifecycle.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay;
using test::Fault;
using test::FaultKind;

namespace {

std::unique_ptr<providers::Provider> open(test::FakeDnsimple& fake,
                                          const std::string& token = "dnsimple-token") {
    return test::open_fake_provider("dnsimple", fake.endpoint(), token);
}

zone::RRsetChange change(const std::string& owner, dns::RRType type,
                         std::vector<std::string> before, std::vector<std::string> after,
                         std::uint32_t ttl = 300) {
    auto records = [&](const std::vector<std::string>& values) {
        std::vector<dns::Record> out;
        for (const auto& v : values)
            out.push_back(test::record("example.test.", owner, type, v, ttl));
        return out;
    };
    return {zone::RRsetKey{
                dns::Name::parse(owner == "@" ? "example.test." : owner + ".example.test."), type},
            records(before), records(after)};
}

} // namespace

TEST_CASE("dnsimple: list, add, replace, delete every type, and a failed batch changes nothing",
          "[dnsimple]") {
    test::FakeDnsimple fake;
    fake.seed("", "TXT", "v=spf1 -all", 3600); // raw text
    fake.seed("mail", "MX", "mx.example.test", 3600, "10");
    fake.seed("_xmpp._tcp", "SRV", "20 5222 xmpp.example.test", 3600, "10");
    test::Lifecycle spec;
    spec.capabilities = providers::find_provider("dnsimple")->capabilities;
    spec.open = [&] { return open(fake); };
    spec.fail_write = [&](int n) { fake.api.fail_call(n, Fault{FaultKind::Status500}, {"POST"}); };
    spec.failing_write = 1; // the one batch
    spec.fake_state = [&] { return fake.state(); };
    spec.txt_as_text = true;

    auto p = open(fake);
    CHECK(test::listing(*p, spec.zone) ==
          std::set<std::string>{"example.test. 3600 TXT \"v=spf1 -all\"",
                                "mail.example.test. 3600 MX 10 mx.example.test.",
                                "_xmpp._tcp.example.test. 3600 SRV 10 20 5222 xmpp.example.test."});
    // the SOA's names are absolute
    bool soa = false;
    for (const auto& r : p->list_records())
        if (r.type == dns::RRType::SOA)
            soa = dns::rdata_to_text(r.type, r.rdata).rfind("ns1.dnsimple.com. ", 0) == 0;
    CHECK(soa);
    fake.api.clear_log();
    open(fake)->list_records();
    CHECK(fake.api.request_count() == 3); // 5 records, 2 a page
    test::run_lifecycle(spec);
    CHECK(fake.state().count(" 300 CAA 0 issue \"letsencrypt.org\"") == 1);
}

TEST_CASE("dnsimple: a one-rrset change is two requests, and whoami once per process",
          "[dnsimple]") {
    test::FakeDnsimple fake;
    auto caps = providers::find_provider("dnsimple")->capabilities;
    const std::string records = "GET /v2/1010/zones/example.test/records?";
    const std::string batch = "POST /v2/1010/zones/example.test/batch";
    zone::apply_changes(*open(fake), caps, {change("a", dns::RRType::A, {}, {"192.0.2.1"})});
    CHECK(fake.api.requests() ==
          std::vector<std::string>{"GET /v2/whoami", records + "name=a&page=1&per_page=100&type=A",
                                   batch});
    fake.api.clear_log();
    zone::apply_changes(*open(fake), caps,
                        {change("_acme-challenge", dns::RRType::TXT, {}, {"\"token-1\""})});
    CHECK(fake.api.request_count() == 2);
    fake.api.clear_log();
    zone::apply_changes(
        *open(fake), caps,
        {change("_acme-challenge", dns::RRType::TXT, {"\"token-1\""}, {"\"token-2\""})});
    CHECK(fake.api.requests() ==
          std::vector<std::string>{records + "name=_acme-challenge&page=1&per_page=100&type=TXT",
                                   batch});
    CHECK(fake.state() ==
          std::set<std::string>{"_acme-challenge 300 TXT token-2", "a 300 A 192.0.2.1"});
    // with account_id set, no whoami at all
    test::FakeDnsimple other;
    test::open_fake_provider(
        "dnsimple",
        {{"api_token", "dnsimple-token"}, {"account_id", "1010"}, {"endpoint", other.endpoint()}})
        ->list_records();
    CHECK(other.api.requests() ==
          std::vector<std::string>{"GET /v2/1010/zones/example.test/records?page=1&per_page=100"});
}

TEST_CASE("dnsimple: errors name the cause and carry no token", "[dnsimple]") {
    test::FakeDnsimple fake;
    try {
        open(fake, "bad-token-secret")->list_records();
        FAIL("a wrong token was accepted");
    } catch (const providers::ProviderError& e) {
        std::string what = e.what();
        CHECK(what.find("credentials were refused: Authentication failed") != std::string::npos);
        CHECK(what.find("bad-token-secret") == std::string::npos);
    }
    test::FakeDnsimple other("other.test");
    CHECK_THROWS_WITH(open(other)->list_records(),
                      Catch::Contains("zone example.test is not in DNSimple account 1010"));
    auto caps = providers::find_provider("dnsimple")->capabilities;
    try {
        open(fake)->apply({change("ok", dns::RRType::A, {}, {"192.0.2.1"}),
                           change("t", dns::RRType::A, {}, {"192.0.2.2"}, 30)});
        FAIL("TTL 30 was accepted");
    } catch (const providers::ProviderError& e) {
        std::string what = e.what();
        CHECK(what.find("t.example.test. A 192.0.2.2: ttl: must be greater than or equal to 60") !=
              std::string::npos);
        CHECK(what.find("DNSimple's minimum TTL is 60") != std::string::npos);
    }
    CHECK(fake.state().empty()); // the valid part was not applied either

    fake.api.fail_next({FaultKind::Malformed});
    CHECK_THROWS_WITH(open(fake)->list_records(), Catch::Contains("not JSON"));
    fake.api.fail_next({FaultKind::RateLimited, "600"});
    CHECK_THROWS_WITH(open(fake)->list_records(), Catch::Contains("try again in 600 s"));
    // a batch whose answer is lost after it was carried out counts as done
    fake.api.fail_call(1, Fault{FaultKind::ResetAfter}, {"POST"});
    zone::apply_changes(*open(fake), caps, {change("made", dns::RRType::A, {}, {"192.0.2.8"})});
    CHECK(fake.state() == std::set<std::string>{"made 300 A 192.0.2.8"});
}

TEST_CASE("dnsimple: a change right after a listing is one batch, and a stale id is read again",
          "[dnsimple]") {
    test::FakeDnsimple fake;
    test::ListedIdsCase c;
    c.provider = "dnsimple";
    c.open = [&] { return open(fake); };
    c.remake = [&](const std::string& owner, const std::string& type, const std::string& text) {
        fake.remove(owner, type);
        fake.seed(owner, type, text, 300);
    };
    c.api = &fake.api;
    c.batch = "POST /v2/1010/zones/example.test/batch";
    c.read_txt =
        "GET /v2/1010/zones/example.test/records?name=_acme-challenge&page=1&per_page=100&type=TXT";
    test::run_listed_ids(c);
}
