// The `powerdns` provider against a real PowerDNS Authoritative server (gsqlite3 backend,
// HTTP API on loopback) started by the test: listing, change sets of many types, the
// serial check, records it cannot read, a wrong key, an unreachable server, and a full
// sync through state.db.
#include "lib/dns/rdata.hpp"
#include "lib/engine/sync.hpp"
#include "lib/http/client.hpp"
#include "lib/store/accounts.hpp"
#include "lib/store/records.hpp"
#include "lib/store/zones.hpp"
#include "lib/zone/serial.hpp"
#include "providers/registry.hpp"
#include "tests/support/powerdns.hpp"
#include "tests/support/provider_lifecycle.hpp"

#include <catch2/catch.hpp>
#include <fmt/core.h>
#include <fstream>
#include <set>
#include <sstream>

using namespace dnsclay;
using dnsclay::test::TempDir;

namespace {

const std::string& kKey = test::kPowerDnsKey;
using test::PowerDns;

dns::Record rr(const std::string& owner, dns::RRType type, const std::string& rdata,
               std::uint32_t ttl = 300) {
    return test::record("example.test.", owner, type, rdata, ttl);
}

const auto set = test::rrset_change;

} // namespace

TEST_CASE("powerdns: list, change many types atomically, serial", "[powerdns]") {
    REQUIRE(test::have_program("pdns_server"));
    PowerDns pdns;
    auto p = pdns.provider();
    CHECK(test::listing_but_soa(*p) ==
          std::set<std::string>{"example.test. 3600 NS ns1.example.test.",
                                "www.example.test. 300 A 192.0.2.1",
                                "www.example.test. 300 A 192.0.2.2"});
    auto serial0 = p->current_serial();
    REQUIRE(serial0);

    // add rrsets of many types, replace one, delete one: one PATCH
    zone::ChangeSet changes = {
        set({rr("www", dns::RRType::A, "192.0.2.1"), rr("www", dns::RRType::A, "192.0.2.2")},
            {rr("www", dns::RRType::A, "192.0.2.3", 600)}),
        set({}, {rr("@", dns::RRType::MX, "10 mx.example.test.")}),
        set({}, {rr("txt", dns::RRType::TXT, "\"hello world\" \"second; string\"")}),
        set({}, {rr("v6", dns::RRType::AAAA, "2001:db8::1")}),
        set({}, {rr("@", dns::RRType::CAA, "0 issue \"letsencrypt.org\"")}),
        set({}, {rr("_sip._tcp", dns::RRType::SRV, "10 20 5060 sip.example.test.")}),
        set({}, {rr("_25._tcp.mx", dns::RRType::TLSA,
                    "3 1 1 "
                    "0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB"
                    "23E5B514B56664C5D3D6")}),
        set({}, {rr("alias", dns::RRType::CNAME, "www.example.test.")}),
    };
    p->apply(changes);
    auto now = test::listing_but_soa(*p);
    CHECK(now == std::set<std::string>{
                     "example.test. 3600 NS ns1.example.test.",
                     "example.test. 300 MX 10 mx.example.test.",
                     "example.test. 300 CAA 0 issue \"letsencrypt.org\"",
                     "www.example.test. 600 A 192.0.2.3",
                     "txt.example.test. 300 TXT \"hello world\" \"second; string\"",
                     "v6.example.test. 300 AAAA 2001:db8::1",
                     "_sip._tcp.example.test. 300 SRV 10 20 5060 sip.example.test.",
                     "_25._tcp.mx.example.test. 300 TLSA 3 1 1 "
                     "0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6",
                     "alias.example.test. 300 CNAME www.example.test.",
                 });
    auto serial1 = p->current_serial();
    REQUIRE(serial1);
    CHECK(*serial1 > *serial0);

    // delete two rrsets
    p->apply({set({rr("v6", dns::RRType::AAAA, "2001:db8::1")}, {}),
              set({rr("alias", dns::RRType::CNAME, "www.example.test.")}, {})});
    now = test::listing_but_soa(*p);
    CHECK(now.count("v6.example.test. 300 AAAA 2001:db8::1") == 0);
    CHECK(now.count("alias.example.test. 300 CNAME www.example.test.") == 0);
    CHECK(now.size() == 7);

    // a change set PowerDNS refuses is refused whole: nothing of it is applied
    auto before = test::listing_but_soa(*p);
    CHECK_THROWS_AS(p->apply({set({}, {rr("new", dns::RRType::A, "192.0.2.50")}),
                              set({}, {rr("www", dns::RRType::CNAME, "alias.example.test.")})}),
                    providers::ProviderError);
    CHECK(test::listing_but_soa(*p) == before);
}

TEST_CASE("powerdns: unreadable records are skipped, errors carry no key", "[powerdns]") {
    REQUIRE(test::have_program("pdns_server"));
    PowerDns pdns;
    auto r = pdns.call("PATCH", "/api/v1/servers/localhost/zones/example.test.", R"({"rrsets": [
        {"name": "odd.example.test.", "type": "ALIAS", "ttl": 300, "changetype": "REPLACE",
         "records": [{"content": "target.example.net.", "disabled": false}]}]})");
    REQUIRE(r.status == 204);
    auto p = pdns.provider();
    auto records = p->list_records();
    CHECK(records.size() == 4); // SOA, NS, 2 A; the disabled record is not zone data
    REQUIRE(p->skipped().size() == 1);
    CHECK(p->skipped()[0].record.find("odd.example.test.") != std::string::npos);

    auto wrong = pdns.provider("wrong-key-also-secret");
    try {
        wrong->list_records();
        FAIL("a wrong key was accepted");
    } catch (const providers::ProviderError& e) {
        std::string what = e.what();
        CHECK(what.find("API key was refused") != std::string::npos);
        CHECK(what.find("wrong-key-also-secret") == std::string::npos);
    }
    auto unreachable = pdns.provider(kKey, fmt::format("http://127.0.0.1:{}", test::free_port()));
    try {
        unreachable->current_serial();
        FAIL("an unreachable server answered");
    } catch (const providers::ProviderError& e) {
        CHECK(std::string(e.what()).find(kKey) == std::string::npos);
    }
}

TEST_CASE("powerdns: a full sync picks up changes made through the API", "[powerdns]") {
    REQUIRE(test::have_program("pdns_server"));
    PowerDns pdns;
    TempDir state;
    store::Store st(state.path(), store::Config{});
    store::Zone z;
    {
        store::Transaction txn(st.db(), store::Transaction::Kind::Write);
        z.name = "example.test.";
        z.account_id = store::insert_account(
            st.db(), {0,
                      "pdns",
                      "powerdns",
                      {{"api_url", pdns.api_url}, {"api_key", "env:TEST_PDNS_KEY"}},
                      0});
        z.serial = 1;
        z.sync_interval = 86400;
        z.refresh_interval = 3600;
        z.soa.mname = "ns1.example.test.";
        z.soa.rname = "hostmaster.example.test.";
        z.id = store::insert_zone(st.db(), z);
        txn.commit();
    }
    ::setenv("TEST_PDNS_KEY", kKey.c_str(), 1);
    auto first = engine::sync_zone(st, z.name);
    CHECK(first.changes.size() == 2); // NS and www A
    CHECK(first.provider_serial);
    CHECK(first.serial_after == *first.provider_serial); // ahead of 1: taken

    auto r = pdns.call("PATCH", "/api/v1/servers/localhost/zones/example.test.", R"({"rrsets": [
        {"name": "www.example.test.", "type": "A", "changetype": "DELETE"},
        {"name": "mail.example.test.", "type": "MX", "ttl": 300, "changetype": "REPLACE",
         "records": [{"content": "10 mx.example.test.", "disabled": false}]}]})");
    REQUIRE(r.status == 204);
    auto checked = engine::check_zone(st, z.name);
    REQUIRE(checked); // the serial moved, so the check ran a full sync
    CHECK(checked->changes.size() == 2);
    CHECK(zone::serial_gt(checked->serial_after, checked->serial_before));
    store::Transaction read(st.db(), store::Transaction::Kind::Read);
    std::set<std::string> active;
    for (const auto& a : store::active_records(st.db(), z.id))
        active.insert(a.record.owner.to_string() + " " + dns::to_string(a.record.type));
    CHECK(active == std::set<std::string>{"example.test. NS", "mail.example.test. MX"});
    auto hist = store::record_history(st.db(), z.id);
    CHECK(std::count_if(hist.begin(), hist.end(),
                        [](const auto& h) { return h.serial_deleted.has_value(); }) == 2);
    ::unsetenv("TEST_PDNS_KEY");
}
