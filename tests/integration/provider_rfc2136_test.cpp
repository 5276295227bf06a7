// The `rfc2136` provider against a real Knot DNS (knotd) started by the test on loopback
// with a TSIG key and a zone: listing by AXFR, change sets of many types by UPDATE, a
// failing prerequisite, an unreachable upstream, a wrong key, and a full sync that picks
// up a change made with knsupdate.
#include "lib/dns/rdata.hpp"
#include "lib/engine/sync.hpp"
#include "lib/store/accounts.hpp"
#include "lib/store/records.hpp"
#include "lib/store/zones.hpp"
#include "providers/registry.hpp"
#include "tests/support/knot.hpp"
#include "tests/support/provider_lifecycle.hpp"

#include <catch2/catch.hpp>
#include <fmt/core.h>
#include <set>

using namespace dnsclay;
using dnsclay::test::TempDir;

namespace {

const std::string& kSecret = test::kKnotSecret;
const std::string& kKey = test::kKnotKey;
using test::Knot;

dns::Record rr(const std::string& owner, dns::RRType type, const std::string& rdata,
               std::uint32_t ttl = 300) {
    return test::record("example.test.", owner, type, rdata, ttl);
}

const auto set = test::rrset_change;

} // namespace

TEST_CASE("rfc2136: AXFR lists, UPDATE applies change sets of many types", "[rfc2136]") {
    REQUIRE(test::have_program("knotd"));
    Knot knot;
    auto p = knot.provider();
    const std::set<std::string> initial = {
        "example.test. 3600 NS ns1.example.test.", "ns1.example.test. 300 A 192.0.2.53",
        "www.example.test. 300 A 192.0.2.1", "www.example.test. 300 A 192.0.2.2",
        "example.test. 300 MX 10 mail.example.test."};
    CHECK(test::listing_but_soa(*p) == initial);
    auto serial0 = p->current_serial();
    CHECK(serial0 == 2026010101u);

    p->apply({
        set({rr("www", dns::RRType::A, "192.0.2.1"), rr("www", dns::RRType::A, "192.0.2.2")},
            {rr("www", dns::RRType::A, "192.0.2.3", 600)}),
        set({rr("@", dns::RRType::MX, "10 mail.example.test.")}, {}),
        set({}, {rr("txt", dns::RRType::TXT, "\"hello world\" \"second; string\"")}),
        set({}, {rr("v6", dns::RRType::AAAA, "2001:db8::1")}),
        set({}, {rr("@", dns::RRType::CAA, "0 issue \"letsencrypt.org\"")}),
        set({}, {rr("_sip._tcp", dns::RRType::SRV, "10 20 5060 sip.example.test.")}),
        set({}, {rr("_25._tcp.mail", dns::RRType::TLSA,
                    "3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6")}),
        set({}, {rr("alias", dns::RRType::CNAME, "www.example.test.")}),
        set({rr("@", dns::RRType::NS, "ns1.example.test.", 3600)},
            {rr("@", dns::RRType::NS, "ns1.example.test.", 3600),
             rr("@", dns::RRType::NS, "ns2.example.net.", 3600)}),
    });
    CHECK(test::listing_but_soa(*p) ==
          std::set<std::string>{
              "example.test. 3600 NS ns1.example.test.",
              "example.test. 3600 NS ns2.example.net.",
              "ns1.example.test. 300 A 192.0.2.53",
              "www.example.test. 600 A 192.0.2.3",
              "txt.example.test. 300 TXT \"hello world\" \"second; string\"",
              "v6.example.test. 300 AAAA 2001:db8::1",
              "example.test. 300 CAA 0 issue \"letsencrypt.org\"",
              "_sip._tcp.example.test. 300 SRV 10 20 5060 sip.example.test.",
              "_25._tcp.mail.example.test. 300 TLSA 3 1 1 "
              "0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6",
              "alias.example.test. 300 CNAME www.example.test.",
          });
    auto serial1 = p->current_serial();
    REQUIRE(serial1);
    CHECK(*serial1 == *serial0 + 1); // one UPDATE: one new version at Knot

    // remove the second apex NS again, and delete two rrsets
    p->apply({set({rr("@", dns::RRType::NS, "ns1.example.test.", 3600),
                   rr("@", dns::RRType::NS, "ns2.example.net.", 3600)},
                  {rr("@", dns::RRType::NS, "ns1.example.test.", 3600)}),
              set({rr("v6", dns::RRType::AAAA, "2001:db8::1")}, {}),
              set({rr("alias", dns::RRType::CNAME, "www.example.test.")}, {})});
    auto now = test::listing_but_soa(*p);
    CHECK(now.size() == 7);
    CHECK(now.count("example.test. 3600 NS ns2.example.net.") == 0);
    CHECK(now.count("v6.example.test. 300 AAAA 2001:db8::1") == 0);
}

TEST_CASE("rfc2136: a change made upstream meanwhile fails the prerequisites", "[rfc2136]") {
    REQUIRE(test::have_program("knotd"));
    Knot knot;
    auto p = knot.provider();
    knot.knsupdate("update add www.example.test. 300 A 192.0.2.7");
    auto before = test::listing_but_soa(*p);
    // the local copy still believes www holds .1 and .2, and that new does not exist
    zone::ChangeSet stale = {
        set({}, {rr("new", dns::RRType::A, "192.0.2.50")}),
        set({rr("www", dns::RRType::A, "192.0.2.1"), rr("www", dns::RRType::A, "192.0.2.2")},
            {rr("www", dns::RRType::A, "192.0.2.9")}),
    };
    try {
        p->apply(stale);
        FAIL("a stale change set was applied");
    } catch (const providers::ProviderError& e) {
        CHECK(std::string(e.what()).find("NXRRSET") != std::string::npos);
    }
    CHECK(test::listing_but_soa(*p) == before); // nothing of it was applied
    // an rrset believed absent that exists upstream
    try {
        p->apply({set({}, {rr("ns1", dns::RRType::A, "192.0.2.54")})});
        FAIL("a stale addition was applied");
    } catch (const providers::ProviderError& e) {
        CHECK(std::string(e.what()).find("YXRRSET") != std::string::npos);
    }
}

TEST_CASE("rfc2136: wrong key and unreachable upstream", "[rfc2136]") {
    REQUIRE(test::have_program("knotd"));
    Knot knot;
    const std::string other_secret = "T3RoZXJTZWNyZXRUaGF0TXVzdE5vdExlYWsxMjM0NTY=";
    auto wrong = knot.provider("hmac-sha256:gw-tsig.:" + other_secret);
    try {
        wrong->list_records();
        FAIL("a wrong key was accepted");
    } catch (const providers::ProviderError& e) {
        std::string what = e.what();
        CHECK(what.find("BADSIG") != std::string::npos);
        CHECK(what.find(other_secret) == std::string::npos);
    }
    auto unknown = knot.provider("hmac-sha256:nobody.:" + other_secret);
    CHECK_THROWS_WITH(unknown->list_records(), Catch::Contains("BADKEY"));
    CHECK_THROWS_WITH(knot.provider("nonsense"), !Catch::Contains("nonsense"));

    auto down = knot.provider(kKey, fmt::format("127.0.0.1:{}", test::free_port()));
    CHECK_THROWS_WITH(down->list_records(), Catch::Contains("cannot connect"));
    CHECK_THROWS_WITH(down->current_serial(), !Catch::Contains(kSecret));
}

TEST_CASE("rfc2136: a sync picks up a change made with knsupdate", "[rfc2136]") {
    REQUIRE(test::have_program("knotd"));
    Knot knot;
    TempDir state;
    store::Store st(state.path(), store::Config{});
    store::Zone z;
    {
        store::Transaction txn(st.db(), store::Transaction::Kind::Write);
        z.name = "example.test.";
        z.account_id = store::insert_account(
            st.db(), {0, "knot", "rfc2136", {{"server", knot.server}, {"tsig_key", kKey}}, 0});
        z.serial = 1;
        z.sync_interval = 86400;
        z.refresh_interval = 3600;
        z.soa.mname = "ns1.example.test.";
        z.soa.rname = "hostmaster.example.test.";
        z.id = store::insert_zone(st.db(), z);
        txn.commit();
    }
    auto first = engine::sync_zone(st, z.name);
    CHECK(first.changes.size() == 4); // NS, ns1 A, www A, MX
    CHECK(first.serial_after == 2026010101u);
    CHECK_FALSE(engine::check_zone(st, z.name)); // same serial: no full sync

    knot.knsupdate("update delete www.example.test. A\nupdate add new.example.test. 60 TXT x");
    auto synced = engine::check_zone(st, z.name);
    REQUIRE(synced);
    CHECK(synced->changes.size() == 2);
    CHECK(synced->serial_after == 2026010102u);
    store::Transaction read(st.db(), store::Transaction::Kind::Read);
    auto hist = store::record_history(st.db(), z.id);
    CHECK(std::count_if(hist.begin(), hist.end(),
                        [](const auto& h) { return h.serial_deleted == 2026010102u; }) == 2);
}
