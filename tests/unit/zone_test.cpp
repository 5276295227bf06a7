#include "lib/dns/rdata.hpp"
#include "lib/store/accounts.hpp"
#include "lib/store/audit.hpp"
#include "lib/store/records.hpp"
#include "lib/store/zones.hpp"
#include "lib/zone/change.hpp"
#include "lib/zone/errors.hpp"
#include "lib/zone/history.hpp"
#include "lib/zone/serial.hpp"
#include "lib/zone/soa.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay;
using namespace dnsclay::zone;
using dnsclay::test::TempDir;

namespace {

dns::Record a_record(const std::string& owner, std::uint8_t last, std::uint32_t ttl = 300) {
    return {dns::Name::parse(owner), dns::RRType::A, dns::RRClass::IN, ttl, {192, 0, 2, last}};
}

RRsetKey key_of(const std::string& owner, dns::RRType t = dns::RRType::A) {
    return {dns::Name::parse(owner), t, dns::RRClass::IN};
}

struct LocalZone {
    TempDir tmp;
    store::Store st{tmp.path(), store::Config{}};
    store::Zone zone;
    LocalZone() {
        store::Transaction txn(st.db(), store::Transaction::Kind::Write);
        zone.name = "example.test.";
        zone.account_id = store::insert_account(st.db(), {0, "example.test.", "local", {}, 0});
        zone.serial = 100;
        zone.soa.mname = "ns.example.test.";
        zone.soa.rname = "hostmaster.example.test.";
        zone.id = store::insert_zone(st.db(), zone);
        txn.commit();
    }
    ChangeResult replace(std::vector<RRsetReplacement> reps,
                         std::optional<std::uint32_t> expected = {}) {
        ChangeRequest req;
        req.zone = zone.name;
        req.edit = [reps](const ZoneSnapshot&) { return reps; };
        req.expected_serial = expected;
        req.actor = "cli:test";
        req.action = "test";
        return change_records(st, req);
    }
    std::uint32_t serial() { return store::find_zone(st.db(), zone.name)->serial; }
};

} // namespace

TEST_CASE("serial arithmetic follows RFC 1982", "[zone]") {
    CHECK(serial_lt(1, 2));
    CHECK(serial_lt(0xffffffffu, 0));
    CHECK(serial_lt(0xfffffff0u, 5));
    CHECK_FALSE(serial_lt(5, 0xfffffff0u));
    CHECK_FALSE(serial_lt(7, 7));
    CHECK_FALSE(serial_lt(0, 0x80000000u)); // undefined: neither is greater
    CHECK_FALSE(serial_lt(0x80000000u, 0));
    CHECK(serial_next(0xffffffffu) == 0);
    CHECK(serial_next(10, 5) == 11);         // a hint behind us is ignored
    CHECK(serial_next(10, 2000) == 2000);    // a hint ahead of us is taken
    CHECK(serial_next(10, 10) == 11);        // never the same serial twice
    CHECK(serial_next(0xfffffff0u, 3) == 3); // ahead across the wrap
}

TEST_CASE("diff reports added, deleted and replaced rrsets only", "[zone]") {
    auto from = group({a_record("a.test.", 1), a_record("b.test.", 1), a_record("c.test.", 1)});
    auto to = group({a_record("A.test.", 1), a_record("b.test.", 2), a_record("d.test.", 1),
                     a_record("d.test.", 1)});
    auto d = diff(from, to);
    REQUIRE(d.size() == 3);
    CHECK(d[0].key == key_of("b.test."));
    CHECK(d[0].before.size() == 1);
    CHECK(d[0].after.size() == 1);
    CHECK(d[1].key == key_of("c.test."));
    CHECK(d[1].after.empty());
    CHECK(d[2].key == key_of("d.test."));
    CHECK(d[2].before.empty());
    CHECK(d[2].after.size() == 1); // duplicates collapse: an rrset is a set
    // A TTL-only change is a change.
    CHECK(diff(group({a_record("a.test.", 1, 300)}), group({a_record("a.test.", 1, 60)})).size() ==
          1);
}

TEST_CASE("change_records writes history, bumps the serial and audits", "[zone]") {
    LocalZone z;
    auto r1 = z.replace({{key_of("www.example.test."), {a_record("www.example.test.", 1)}}});
    CHECK(r1.serial_before == 100);
    CHECK(r1.serial_after == 101);
    REQUIRE(r1.changes.size() == 1);
    CHECK(z.serial() == 101);

    // Same content again: nothing written, serial unchanged.
    auto r2 = z.replace({{key_of("www.example.test."), {a_record("www.example.test.", 1)}}});
    CHECK(r2.changes.empty());
    CHECK(z.serial() == 101);

    // Replace one record of two: the kept one keeps its row.
    z.replace({{key_of("www.example.test."),
                {a_record("www.example.test.", 1), a_record("www.example.test.", 2)}}});
    z.replace({{key_of("www.example.test."), {a_record("www.example.test.", 2)}}});
    CHECK(z.serial() == 103);
    auto hist = store::record_history(z.st.db(), z.zone.id);
    REQUIRE(hist.size() == 2);
    CHECK(hist[0].serial_first == 101);
    CHECK(hist[0].serial_deleted == 103u);
    CHECK(hist[1].serial_first == 102);
    CHECK_FALSE(hist[1].serial_deleted);

    z.replace({{key_of("www.example.test."), {}}});
    CHECK(store::active_records(z.st.db(), z.zone.id).empty());
    auto audit = store::list_audit(z.st.db(), "example.test.", 10);
    REQUIRE(audit.size() == 4);
    CHECK(audit.back().detail == "delete www.example.test. A (1 -> 0 records)");
    CHECK(audit.back().result == "ok");
}

TEST_CASE("change_records refuses bad changes and writes nothing", "[zone]") {
    LocalZone z;
    auto refused = [&](std::vector<RRsetReplacement> reps) {
        CHECK_THROWS_AS(z.replace(std::move(reps)), InvalidInput);
    };
    dns::Record soa = soa_record(z.zone);
    refused({{RRsetKey::of(soa), {soa}}});
    refused({{key_of("www.other.test."), {a_record("www.other.test.", 1)}}});
    refused({{key_of("www.example.test."), {a_record("www.example.test.", 1, 0x80000000u)}}});
    dns::Record cname{
        dns::Name::parse("www.example.test."), dns::RRType::CNAME, dns::RRClass::IN, 300, {0}};
    refused({{key_of("www.example.test."), {a_record("www.example.test.", 1)}},
             {key_of("www.example.test.", dns::RRType::CNAME), {cname}}});
    CHECK(z.serial() == 100);
    CHECK(store::record_history(z.st.db(), z.zone.id).empty());
    CHECK_THROWS_AS(
        [&] {
            ChangeRequest req;
            req.zone = "nope.test.";
            req.edit = [](const ZoneSnapshot&) { return std::vector<RRsetReplacement>{}; };
            change_records(z.st, req);
        }(),
        NotFound);
}

TEST_CASE("a change based on an old serial is refused", "[zone]") {
    LocalZone z;
    z.replace({{key_of("a.example.test."), {a_record("a.example.test.", 1)}}});
    CHECK_THROWS_AS(z.replace({{key_of("b.example.test."), {a_record("b.example.test.", 1)}}}, 100),
                    Conflict);
    CHECK(z.serial() == 101);
    CHECK(z.replace({{key_of("b.example.test."), {a_record("b.example.test.", 1)}}}, 101)
              .serial_after == 102);
}

TEST_CASE("several changes to a local zone are made in order in one commit, each answered on "
          "its own",
          "[zone]") {
    LocalZone z;
    z.replace({{key_of("gone.example.test."), {a_record("gone.example.test.", 9)}}});
    auto request = [&](std::function<std::vector<RRsetReplacement>(const ZoneSnapshot&)> edit,
                       std::set<dns::Name> owners) {
        ChangeRequest req;
        req.zone = z.zone.name;
        req.owners = std::move(owners);
        req.edit = std::move(edit);
        req.actor = "cred:k";
        req.action = "update";
        return req;
    };
    auto www = dns::Name::parse("www.example.test.");
    auto mail = dns::Name::parse("mail.example.test.");
    std::vector<ChangeRequest> requests;
    // 1: www gets a record.
    requests.push_back(request(
        [](const ZoneSnapshot&) {
            return std::vector<RRsetReplacement>{
                {key_of("www.example.test."), {a_record("www.example.test.", 1)}}};
        },
        {www}));
    // 2: refused (a TTL out of range); must not stop the others.
    requests.push_back(request(
        [](const ZoneSnapshot&) {
            return std::vector<RRsetReplacement>{
                {key_of("mail.example.test."), {a_record("mail.example.test.", 1, 0x80000000u)}}};
        },
        {mail}));
    // 3: sees what 1 did: adds a second record to www's rrset.
    requests.push_back(request(
        [](const ZoneSnapshot& snap) {
            auto records = snap.rrsets.at(key_of("www.example.test."));
            records.push_back(a_record("www.example.test.", 2));
            return std::vector<RRsetReplacement>{{key_of("www.example.test."), records}};
        },
        {www}));
    // 4: deletes an rrset from before the batch.
    requests.push_back(request(
        [](const ZoneSnapshot&) {
            return std::vector<RRsetReplacement>{{key_of("gone.example.test."), {}}};
        },
        {dns::Name::parse("gone.example.test.")}));

    auto outcomes = change_records(z.st, requests);
    REQUIRE(outcomes.size() == 4);
    CHECK_FALSE(outcomes[0].error);
    CHECK_THROWS_AS(std::rethrow_exception(outcomes[1].error), InvalidInput);
    CHECK_FALSE(outcomes[2].error);
    CHECK_FALSE(outcomes[3].error);
    REQUIRE(outcomes[2].result.changes.size() == 1);
    CHECK(outcomes[2].result.changes[0].before.size() == 1);
    CHECK(outcomes[2].result.changes[0].after.size() == 2);
    // One new serial for the whole batch, shared by every change in it.
    CHECK(z.serial() == 102);
    for (auto i : {0, 2, 3}) {
        CHECK(outcomes[i].result.serial_before == 101);
        CHECK(outcomes[i].result.serial_after == 102);
    }
    auto active = store::active_records(z.st.db(), z.zone.id);
    REQUIRE(active.size() == 2);
    for (const auto& r : active)
        CHECK(r.record.owner == www);
    // History holds the batch's net effect at serial 102: two rows come, one goes.
    auto hist = store::record_history(z.st.db(), z.zone.id);
    REQUIRE(hist.size() == 3);
    CHECK(hist[0].serial_deleted == 102u);
    CHECK(hist[1].serial_first == 102);
    CHECK(hist[2].serial_first == 102);
    // An audit row per change applied (the refusal is its caller's to record).
    auto audit = store::list_audit(z.st.db(), "example.test.", 10);
    REQUIRE(audit.size() == 4);
    CHECK(audit[1].actor == "cred:k");
    CHECK(audit[2].detail == "replace www.example.test. A (1 -> 2 records)");
    CHECK(audit[3].detail == "delete gone.example.test. A (1 -> 0 records)");
}

TEST_CASE("changes in one batch that undo each other record nothing but their audit rows",
          "[zone]") {
    LocalZone z;
    std::vector<ChangeRequest> requests(2);
    for (int i = 0; i < 2; ++i) {
        requests[i].zone = z.zone.name;
        requests[i].actor = "cred:k";
        requests[i].action = "update";
        requests[i].edit = [i](const ZoneSnapshot&) {
            return std::vector<RRsetReplacement>{
                {key_of("www.example.test."),
                 i == 0 ? std::vector<dns::Record>{a_record("www.example.test.", 1)}
                        : std::vector<dns::Record>{}}};
        };
    }
    auto outcomes = change_records(z.st, requests);
    CHECK(outcomes[0].result.changes.size() == 1);
    CHECK(outcomes[1].result.changes.size() == 1);
    CHECK(z.serial() == 100);
    CHECK(store::record_history(z.st.db(), z.zone.id).empty());
    CHECK(store::list_audit(z.st.db(), "example.test.", 10).size() == 2);
}

TEST_CASE("dry runs compute the change and write nothing", "[zone]") {
    LocalZone z;
    ChangeRequest req;
    req.zone = z.zone.name;
    req.dry_run = true;
    req.edit = [](const ZoneSnapshot&) {
        return std::vector<RRsetReplacement>{
            {key_of("a.example.test."), {a_record("a.example.test.", 1)}}};
    };
    CHECK(change_records(z.st, req).changes.size() == 1);
    CHECK(z.serial() == 100);
}

TEST_CASE("the generated SOA carries our serial and the zone's settings", "[zone]") {
    LocalZone z;
    auto soa = soa_record(z.zone);
    CHECK(soa.owner == dns::Name::parse("example.test."));
    CHECK(soa.ttl == 3600);
    CHECK(dns::rdata_to_text(soa.type, soa.rdata) ==
          "ns.example.test. hostmaster.example.test. 100 3600 600 1209600 300");
    CHECK(negative_ttl(z.zone) == 300);
}

TEST_CASE("history gives rrset versions with caching periods", "[zone]") {
    auto row = [](std::int64_t id, std::uint8_t last, std::uint32_t ttl, std::uint32_t s1,
                  std::int64_t t1, std::optional<std::uint32_t> s2,
                  std::optional<std::int64_t> t2) {
        return store::StoredRecord{id, a_record("www.test.", last, ttl), s1, t1, s2, t2};
    };
    // 1000: appears with .1; 2000: .2 added; 3000: .1 goes; 4000: all gone.
    std::vector<store::StoredRecord> h = {row(1, 1, 300, 1, 1000, 3, 3000),
                                          row(2, 2, 600, 2, 2000, 4, 4000)};
    auto v = rrset_history(h, 60);
    REQUIRE(v.size() == 3);
    CHECK(v[0].since == 1000);
    CHECK(v[0].negative_cached_until == 1060);
    CHECK(v[0].until == 2000);
    CHECK(v[0].cached_until == 2300);
    CHECK(v[1].records.size() == 2);
    CHECK_FALSE(v[1].negative_cached_until);
    CHECK(v[1].cached_until == 3600); // the larger TTL of the two
    CHECK(v[2].since == 3000);
    CHECK(v[2].until_serial == 4u);
    CHECK(v[2].cached_until == 4600);
}
