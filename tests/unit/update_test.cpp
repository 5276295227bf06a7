#include "lib/dns/tsig.hpp"
#include "lib/engine/update.hpp"
#include "lib/store/accounts.hpp"
#include "lib/store/audit.hpp"
#include "lib/store/records.hpp"
#include "lib/store/store.hpp"
#include "lib/store/zones.hpp"
#include "lib/zone/apply.hpp"
#include "providers/registry.hpp"
#include "tests/support/flaky_provider.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <fmt/core.h>
#include <set>
#include <stdexcept>

using namespace dnsclay;
using dns::RRClass;
using dns::RRType;
using engine::evaluate_update;
using engine::UpdateRefused;
using zone::RRsetKey;

namespace {

const char* kZone = "example.test.";

dns::Bytes name_wire(const std::string& name) {
    auto n = dns::Name::parse(name);
    return {n.wire().begin(), n.wire().end()};
}

dns::Bytes a_rdata(std::uint8_t last) {
    return {192, 0, 2, last};
}

dns::Bytes mx_rdata(std::uint16_t pref, const std::string& host) {
    dns::Bytes out{static_cast<std::uint8_t>(pref >> 8), static_cast<std::uint8_t>(pref)};
    auto n = name_wire(host);
    out.insert(out.end(), n.begin(), n.end());
    return out;
}

dns::Bytes soa_rdata(const std::string& mname, const std::string& rname, std::uint32_t serial,
                     std::uint32_t refresh = 3600) {
    dns::WireWriter w;
    w.name(dns::Name::parse(mname), false);
    w.name(dns::Name::parse(rname), false);
    for (auto v : {serial, refresh, 600u, 1209600u, 300u})
        w.u32(v);
    return w.take();
}

dns::Record rr(const std::string& owner, std::uint32_t ttl, RRClass klass, RRType type,
               dns::Bytes rdata = {}) {
    return {dns::Name::parse(owner), type, klass, ttl, std::move(rdata)};
}

dns::Record a(const std::string& owner, std::uint8_t last, std::uint32_t ttl = 300) {
    return rr(owner, ttl, RRClass::IN, RRType::A, a_rdata(last));
}

dns::Record ns(const std::string& owner, const std::string& host) {
    return rr(owner, 3600, RRClass::IN, RRType::NS, name_wire(host));
}

dns::Record cname(const std::string& owner, const std::string& target, std::uint32_t ttl = 300) {
    return rr(owner, ttl, RRClass::IN, RRType::CNAME, name_wire(target));
}

store::Zone zone_row(std::uint32_t serial = 100) {
    store::Zone z;
    z.name = kZone;
    z.serial = serial;
    z.soa.mname = "ns1.example.test.";
    z.soa.rname = "hostmaster.example.test.";
    return z;
}

// The zone every evaluation test starts from.
zone::ZoneSnapshot snapshot() {
    return {zone_row(), zone::group({ns(kZone, "ns1.example.test."), ns(kZone, "ns2.example.test."),
                                     a("www.example.test.", 1), a("www.example.test.", 2),
                                     rr("example.test.", 300, RRClass::IN, RRType::MX,
                                        mx_rdata(10, "mail.example.test.")),
                                     cname("alias.example.test.", "www.example.test."),
                                     a("mail.example.test.", 25)})};
}

dns::Message update(std::vector<dns::Record> prereqs, std::vector<dns::Record> updates) {
    dns::Message m;
    m.id = 4242;
    m.opcode = dns::Opcode::UPDATE;
    m.questions.push_back({dns::Name::parse(kZone), RRType::SOA, RRClass::IN});
    m.answers = std::move(prereqs);
    m.authorities = std::move(updates);
    return m;
}

// The zone after applying the replacements to the snapshot.
zone::RRsetMap after(const zone::ZoneSnapshot& snap,
                     const std::vector<zone::RRsetReplacement>& reps) {
    auto out = snap.rrsets;
    for (const auto& r : reps) {
        if (r.records.empty())
            out.erase(r.key);
        else
            out[r.key] = r.records;
    }
    return out;
}

std::vector<dns::Record> rrset(const zone::RRsetMap& m, const std::string& owner, RRType type) {
    auto it = m.find({dns::Name::parse(owner), type, RRClass::IN});
    return it == m.end() ? std::vector<dns::Record>{} : it->second;
}

dns::Rcode refusal(const dns::Message& m) {
    try {
        evaluate_update(m, snapshot());
    } catch (const UpdateRefused& e) {
        return e.rcode();
    }
    return dns::Rcode::NOERROR;
}

// Evaluates `updates` (no prerequisites) and returns the zone afterwards.
zone::RRsetMap apply_updates(std::vector<dns::Record> updates) {
    auto snap = snapshot();
    return after(snap, evaluate_update(update({}, std::move(updates)), snap));
}

} // namespace

TEST_CASE("the zone section names one IN zone of type SOA", "[update]") {
    auto m = update({}, {});
    CHECK(engine::update_zone_name(m) == kZone);
    m.questions.front().name = dns::Name::parse("Example.TEST.");
    CHECK(engine::update_zone_name(m) == kZone);
    m.questions.front().type = RRType::A;
    CHECK_THROWS_AS(engine::update_zone_name(m), UpdateRefused);
    m.questions.clear();
    CHECK_THROWS_AS(engine::update_zone_name(m), UpdateRefused);
}

TEST_CASE("prerequisite: name is in use (class ANY, type ANY)", "[update]") {
    CHECK(refusal(update({rr("www.example.test.", 0, RRClass::ANY, RRType::ANY)}, {})) ==
          dns::Rcode::NOERROR);
    CHECK(refusal(update({rr(kZone, 0, RRClass::ANY, RRType::ANY)}, {})) == dns::Rcode::NOERROR);
    CHECK(refusal(update({rr("nope.example.test.", 0, RRClass::ANY, RRType::ANY)}, {})) ==
          dns::Rcode::NXDOMAIN);
}

TEST_CASE("prerequisite: rrset exists, value-independent (class ANY)", "[update]") {
    CHECK(refusal(update({rr("www.example.test.", 0, RRClass::ANY, RRType::A)}, {})) ==
          dns::Rcode::NOERROR);
    CHECK(refusal(update({rr(kZone, 0, RRClass::ANY, RRType::SOA)}, {})) == dns::Rcode::NOERROR);
    CHECK(refusal(update({rr("www.example.test.", 0, RRClass::ANY, RRType::AAAA)}, {})) ==
          dns::Rcode::NXRRSET);
}

TEST_CASE("prerequisite: name is not in use (class NONE, type ANY)", "[update]") {
    CHECK(refusal(update({rr("new.example.test.", 0, RRClass::NONE, RRType::ANY)}, {})) ==
          dns::Rcode::NOERROR);
    CHECK(refusal(update({rr("WWW.example.test.", 0, RRClass::NONE, RRType::ANY)}, {})) ==
          dns::Rcode::YXDOMAIN);
    CHECK(refusal(update({rr(kZone, 0, RRClass::NONE, RRType::ANY)}, {})) == dns::Rcode::YXDOMAIN);
}

TEST_CASE("prerequisite: rrset does not exist (class NONE)", "[update]") {
    CHECK(refusal(update({rr("www.example.test.", 0, RRClass::NONE, RRType::TXT)}, {})) ==
          dns::Rcode::NOERROR);
    CHECK(refusal(update({rr("www.example.test.", 0, RRClass::NONE, RRType::A)}, {})) ==
          dns::Rcode::YXRRSET);
}

TEST_CASE("prerequisite: rrset exists with exactly these values (class IN)", "[update]") {
    auto p = [](std::uint8_t last) {
        return rr("www.example.test.", 0, RRClass::IN, RRType::A, a_rdata(last));
    };
    CHECK(refusal(update({p(1), p(2)}, {})) == dns::Rcode::NOERROR);
    CHECK(refusal(update({p(2), p(1), p(2)}, {})) == dns::Rcode::NOERROR);
    CHECK(refusal(update({p(1)}, {})) == dns::Rcode::NXRRSET);             // part of the rrset
    CHECK(refusal(update({p(1), p(2), p(3)}, {})) == dns::Rcode::NXRRSET); // more than it
    // names inside rdata compare without regard to case (RFC 2136 §1.1.2)
    CHECK(
        refusal(update({rr(kZone, 0, RRClass::IN, RRType::MX, mx_rdata(10, "MAIL.example.TEST."))},
                       {})) == dns::Rcode::NOERROR);
    CHECK(
        refusal(update({rr(kZone, 0, RRClass::IN, RRType::MX, mx_rdata(20, "mail.example.test."))},
                       {})) == dns::Rcode::NXRRSET);
    CHECK(refusal(update({rr("none.example.test.", 0, RRClass::IN, RRType::A, a_rdata(1))}, {})) ==
          dns::Rcode::NXRRSET);
}

TEST_CASE("malformed prerequisites are FORMERR or NOTZONE", "[update]") {
    CHECK(refusal(update({rr("www.example.test.", 60, RRClass::ANY, RRType::A)}, {})) ==
          dns::Rcode::FORMERR);
    CHECK(refusal(update({rr("www.example.test.", 0, RRClass::ANY, RRType::A, a_rdata(1))}, {})) ==
          dns::Rcode::FORMERR);
    CHECK(refusal(update({rr("www.example.test.", 0, RRClass::CH, RRType::A)}, {})) ==
          dns::Rcode::FORMERR);
    CHECK(refusal(update({rr("www.other.test.", 0, RRClass::ANY, RRType::A)}, {})) ==
          dns::Rcode::NOTZONE);
}

TEST_CASE("a failing prerequisite stops everything and names the RR", "[update]") {
    auto m =
        update({rr("www.example.test.", 0, RRClass::NONE, RRType::A)}, {a("new.example.test.", 9)});
    try {
        evaluate_update(m, snapshot());
        FAIL("no refusal");
    } catch (const UpdateRefused& e) {
        CHECK(e.rcode() == dns::Rcode::YXRRSET);
        CHECK_THAT(e.what(), Catch::Contains("www.example.test."));
    }
}

TEST_CASE("the update section is prescanned before anything is done", "[update]") {
    // The bad RR comes last: nothing of the first is returned either.
    CHECK(refusal(update({}, {a("new.example.test.", 9),
                              rr("x.example.test.", 300, RRClass::ANY, RRType::A)})) ==
          dns::Rcode::FORMERR); // delete rrset with TTL
    CHECK(refusal(update({}, {rr("x.example.test.", 0, RRClass::ANY, RRType::A, a_rdata(1))})) ==
          dns::Rcode::FORMERR); // delete rrset with RDATA
    CHECK(refusal(update({}, {rr("x.example.test.", 0, RRClass::ANY, RRType::AXFR)})) ==
          dns::Rcode::FORMERR);
    CHECK(refusal(update({}, {rr("x.example.test.", 300, RRClass::NONE, RRType::A, a_rdata(1))})) ==
          dns::Rcode::FORMERR); // delete one RR with a TTL
    CHECK(refusal(update({}, {rr("x.example.test.", 0, RRClass::NONE, RRType::ANY)})) ==
          dns::Rcode::FORMERR);
    CHECK(refusal(update({}, {rr("x.example.test.", 300, RRClass::IN, RRType::ANY)})) ==
          dns::Rcode::FORMERR);
    CHECK(refusal(update({}, {rr("x.example.test.", 300, RRClass::IN, RRType::MAILB)})) ==
          dns::Rcode::FORMERR);
    CHECK(refusal(update({}, {rr("x.example.test.", 300, RRClass::CH, RRType::A, a_rdata(1))})) ==
          dns::Rcode::FORMERR);
    CHECK(refusal(update({}, {a("x.elsewhere.test.", 1)})) == dns::Rcode::NOTZONE);
}

TEST_CASE("update: add records", "[update]") {
    auto z = apply_updates({a("new.example.test.", 7, 60)});
    REQUIRE(rrset(z, "new.example.test.", RRType::A).size() == 1);
    // added to an existing rrset, whose TTL follows the new record
    z = apply_updates({a("www.example.test.", 3, 120)});
    auto www = rrset(z, "www.example.test.", RRType::A);
    REQUIRE(www.size() == 3);
    for (const auto& r : www)
        CHECK(r.ttl == 120);
    // the same rdata with a new TTL replaces the TTL, not the record count
    z = apply_updates({a("www.example.test.", 1, 30)});
    www = rrset(z, "www.example.test.", RRType::A);
    REQUIRE(www.size() == 2);
    CHECK(www[0].ttl == 30);
    CHECK(www[1].ttl == 30);
    // an identical record changes nothing
    auto snap = snapshot();
    CHECK(evaluate_update(update({}, {a("www.example.test.", 1)}), snap).empty());
}

TEST_CASE("update: a name written in other letter cases keeps the zone's spelling", "[update]") {
    // RFC 1035 §2.3.3: the same name; its records stay under one owner spelling.
    auto z = apply_updates({a("WWW.Example.TEST.", 3), a("NEW.example.test.", 7),
                            a("new.EXAMPLE.test.", 8),
                            rr("Example.Test.", 300, RRClass::IN, RRType::TXT, {1, 'x'})});
    auto www = rrset(z, "www.example.test.", RRType::A);
    REQUIRE(www.size() == 3);
    for (const auto& r : www)
        CHECK(r.owner.to_string() == "www.example.test.");
    // A new name is written as its first record gives it.
    auto added = rrset(z, "new.example.test.", RRType::A);
    REQUIRE(added.size() == 2);
    for (const auto& r : added)
        CHECK(r.owner.to_string() == "NEW.example.test.");
    auto apex = rrset(z, "example.test.", RRType::TXT);
    REQUIRE(apex.size() == 1);
    CHECK(apex[0].owner.to_string() == "example.test.");
}

TEST_CASE("update: delete an rrset, a name, one record", "[update]") {
    auto z = apply_updates({rr("www.example.test.", 0, RRClass::ANY, RRType::A)});
    CHECK(rrset(z, "www.example.test.", RRType::A).empty());
    z = apply_updates({rr("mail.example.test.", 0, RRClass::ANY, RRType::ANY)});
    CHECK(rrset(z, "mail.example.test.", RRType::A).empty());
    z = apply_updates({rr("www.example.test.", 0, RRClass::NONE, RRType::A, a_rdata(1))});
    auto www = rrset(z, "www.example.test.", RRType::A);
    REQUIRE(www.size() == 1);
    CHECK(www[0].rdata == a_rdata(2));
    // deleting what is not there is silently ignored
    auto snap = snapshot();
    CHECK(evaluate_update(
              update({}, {rr("no.example.test.", 0, RRClass::ANY, RRType::ANY),
                          rr("www.example.test.", 0, RRClass::NONE, RRType::A, a_rdata(99))}),
              snap)
              .empty());
}

TEST_CASE("update: updates apply in order, each seeing the ones before", "[update]") {
    auto z = apply_updates(
        {rr("www.example.test.", 0, RRClass::ANY, RRType::A), a("www.example.test.", 1)});
    auto www = rrset(z, "www.example.test.", RRType::A);
    REQUIRE(www.size() == 1); // deleted, then 192.0.2.1 added back: present
    CHECK(www[0].rdata == a_rdata(1));
    auto snap = snapshot();
    CHECK(evaluate_update(
              update({}, {a("tmp.example.test.", 5),
                          rr("tmp.example.test.", 0, RRClass::NONE, RRType::A, a_rdata(5))}),
              snap)
              .empty());
}

TEST_CASE("update: the SOA is ours", "[update]") {
    auto snap = snapshot();
    auto soa = [](std::uint32_t serial, std::uint32_t refresh = 3600, std::uint32_t ttl = 3600) {
        return rr(kZone, ttl, RRClass::IN, RRType::SOA,
                  soa_rdata("ns1.example.test.", "hostmaster.example.test.", serial, refresh));
    };
    // not ahead of our serial: ignored (RFC 2136 §3.4.2.2)
    CHECK(evaluate_update(update({}, {soa(100, 7200)}), snap).empty());
    CHECK(evaluate_update(update({}, {soa(50, 7200)}), snap).empty());
    // ahead, but nothing else differs: the serial is ours, nothing to do
    CHECK(evaluate_update(update({}, {soa(200)}), snap).empty());
    // ahead and with other fields: refused
    CHECK(refusal(update({}, {soa(200, 7200)})) == dns::Rcode::REFUSED);
    CHECK(refusal(update({}, {soa(200, 3600, 60)})) == dns::Rcode::REFUSED);
    // deleting the SOA is ignored
    CHECK(evaluate_update(
              update({}, {rr(kZone, 0, RRClass::ANY, RRType::SOA),
                          rr(kZone, 0, RRClass::NONE, RRType::SOA,
                             soa_rdata("ns1.example.test.", "hostmaster.example.test.", 100))}),
              snap)
              .empty());
}

TEST_CASE("update: the apex NS rrset keeps at least one record", "[update]") {
    auto snap = snapshot();
    CHECK(evaluate_update(update({}, {rr(kZone, 0, RRClass::ANY, RRType::NS)}), snap).empty());
    auto z = apply_updates({rr(kZone, 0, RRClass::ANY, RRType::ANY)});
    CHECK(rrset(z, kZone, RRType::NS).size() == 2); // delete name at the apex keeps NS
    CHECK(rrset(z, kZone, RRType::MX).empty());
    z = apply_updates({rr(kZone, 0, RRClass::NONE, RRType::NS, name_wire("ns1.example.test.")),
                       rr(kZone, 0, RRClass::NONE, RRType::NS, name_wire("ns2.example.test."))});
    auto left = rrset(z, kZone, RRType::NS);
    REQUIRE(left.size() == 1); // the last one stays
    CHECK(left[0].rdata == name_wire("ns2.example.test."));
    // below the apex NS is an ordinary rrset (a delegation)
    z = apply_updates(
        {ns("sub.example.test.", "ns.sub.example.test."),
         rr("sub.example.test.", 0, RRClass::NONE, RRType::NS, name_wire("ns.sub.example.test."))});
    CHECK(rrset(z, "sub.example.test.", RRType::NS).empty());
}

TEST_CASE("update: CNAME and other data exclude each other", "[update]") {
    auto snap = snapshot();
    // a CNAME where other data is: ignored
    CHECK(
        evaluate_update(update({}, {cname("www.example.test.", "elsewhere.test.")}), snap).empty());
    CHECK(evaluate_update(update({}, {cname(kZone, "elsewhere.test.")}), snap).empty());
    // other data where a CNAME is: ignored
    CHECK(evaluate_update(update({}, {a("alias.example.test.", 1)}), snap).empty());
    // a CNAME replaces the CNAME
    auto z = apply_updates({cname("alias.example.test.", "mail.example.test.")});
    auto c = rrset(z, "alias.example.test.", RRType::CNAME);
    REQUIRE(c.size() == 1);
    CHECK(c[0].rdata == name_wire("mail.example.test."));
    // once the other data is deleted in the same UPDATE, the CNAME goes in
    z = apply_updates({rr("www.example.test.", 0, RRClass::ANY, RRType::ANY),
                       cname("www.example.test.", "alias.example.test.")});
    CHECK(rrset(z, "www.example.test.", RRType::A).empty());
    CHECK(rrset(z, "www.example.test.", RRType::CNAME).size() == 1);
}

TEST_CASE("non-atomic providers get rrsets in a safe order", "[update]") {
    auto key = [](const std::string& owner, RRType t) {
        return RRsetKey{dns::Name::parse(owner), t, RRClass::IN};
    };
    zone::ChangeSet changes = {
        {key("a.example.test.", RRType::A), {a("a.example.test.", 1)}, {}},
        {key("b.example.test.", RRType::A), {}, {a("b.example.test.", 2)}},
        {key("c.example.test.", RRType::A), {a("c.example.test.", 3)}, {}},
        {key("c.example.test.", RRType::CNAME), {}, {cname("c.example.test.", "b.example.test.")}},
        {key("d.example.test.", RRType::A), {a("d.example.test.", 4)}, {a("d.example.test.", 5)}},
    };
    auto order = zone::apply_order(changes);
    REQUIRE(order.size() == 5);
    CHECK(order[0].key == key("c.example.test.", RRType::A)); // clears the way for the CNAME
    CHECK(!order[1].after.empty());
    CHECK(!order[2].after.empty());
    CHECK(!order[3].after.empty());
    CHECK(order[4].key == key("a.example.test.", RRType::A)); // plain deletions last
}

TEST_CASE("a failure in the middle of a change set is rolled back", "[update]") {
    auto snap = snapshot();
    auto reps = evaluate_update(
        update({}, {a("n1.example.test.", 1), a("n2.example.test.", 2), a("n3.example.test.", 3),
                    rr("mail.example.test.", 0, RRClass::ANY, RRType::A)}),
        snap);
    zone::ChangeSet changes;
    for (const auto& r : reps) {
        auto it = snap.rrsets.find(r.key);
        changes.push_back(
            {r.key, it == snap.rrsets.end() ? std::vector<dns::Record>{} : it->second, r.records});
    }
    REQUIRE(changes.size() == 4);
    providers::Capabilities caps; // not atomic

    for (int fail_at = 1; fail_at <= 4; ++fail_at) {
        INFO("failing at step " << fail_at);
        test::MemoryProvider memory(snap.rrsets);
        test::FlakyProvider flaky(memory, fail_at);
        try {
            zone::apply_changes(flaky, caps, changes);
            FAIL("no error");
        } catch (const zone::ApplyError& e) {
            CHECK(e.rolled_back());
            CHECK_THAT(e.what(), Catch::Contains(fmt::format("step {} of 4", fail_at)));
        }
        CHECK(memory.rrsets() == snap.rrsets); // as it was
        // the steps before the failure, the failed one, and the undo of each done step
        CHECK(flaky.calls().size() == static_cast<std::size_t>(fail_at + fail_at - 1));
    }

    SECTION("an undo that fails too is reported as not rolled back") {
        test::MemoryProvider memory(snap.rrsets);
        test::FlakyProvider flaky(memory, 3, true);
        try {
            zone::apply_changes(flaky, caps, changes);
            FAIL("no error");
        } catch (const zone::ApplyError& e) {
            CHECK_FALSE(e.rolled_back());
            CHECK_THAT(e.what(), Catch::Contains("partly changed"));
        }
        CHECK(memory.rrsets() != snap.rrsets);
    }
    SECTION("an atomic provider gets the whole set in one call") {
        test::MemoryProvider memory(snap.rrsets);
        test::FlakyProvider flaky(memory, 0);
        providers::Capabilities atomic;
        atomic.atomic_changes = true;
        zone::apply_changes(flaky, atomic, changes);
        CHECK(flaky.calls().size() == 1);
        CHECK(memory.rrsets() == after(snap, reps));
    }
    SECTION("all steps succeeding give the evaluated zone") {
        test::MemoryProvider memory(snap.rrsets);
        test::FlakyProvider flaky(memory, 0);
        zone::apply_changes(flaky, caps, changes);
        CHECK(flaky.calls().size() == 4);
        CHECK(memory.rrsets() == after(snap, reps));
    }
}

namespace {

// A state directory with one `local` zone holding the snapshot's records.
struct LocalGateway {
    test::TempDir tmp;
    store::Config config;
    std::unique_ptr<store::Store> st = std::make_unique<store::Store>(tmp.path(), config);
    std::vector<std::string> changed;
    engine::UpdateEngine engine{tmp.path(), config,
                                [this](const std::string& z) { changed.push_back(z); }};
    LocalGateway() {
        store::Transaction txn(st->db(), store::Transaction::Kind::Write);
        auto z = zone_row();
        z.account_id = store::insert_account(st->db(), {0, kZone, "local", {}, 0});
        z.id = store::insert_zone(st->db(), z);
        for (const auto& [key, records] : snapshot().rrsets)
            for (const auto& r : records)
                store::insert_record(st->db(), z.id, r, 100, 0);
        txn.commit();
    }
    std::uint32_t serial() {
        store::Transaction txn(st->db(), store::Transaction::Kind::Read);
        return store::find_zone(st->db(), kZone)->serial;
    }
    std::vector<store::AuditEntry> audit() {
        store::Transaction txn(st->db(), store::Transaction::Kind::Read);
        return store::list_audit(st->db(), kZone, 100);
    }
    zone::RRsetMap records() {
        store::Transaction txn(st->db(), store::Transaction::Kind::Read);
        return zone::load_snapshot(st->db(), kZone).rrsets;
    }
};

const engine::UpdateClient kClient{"cred:gw-tsig", "127.0.0.1:5300"};

} // namespace

TEST_CASE("the engine applies an UPDATE, bumps the serial and audits it", "[update]") {
    LocalGateway gw;
    auto res = gw.engine.handle(update({rr("new.example.test.", 0, RRClass::NONE, RRType::ANY)},
                                       {a("new.example.test.", 7)}),
                                kClient);
    CHECK(res.rcode == dns::Rcode::NOERROR);
    CHECK(res.changed);
    CHECK(res.serial == 101);
    CHECK(gw.serial() == 101);
    CHECK(rrset(gw.records(), "new.example.test.", RRType::A).size() == 1);
    CHECK(gw.changed == std::vector<std::string>{kZone});
    auto audit = gw.audit();
    REQUIRE(audit.size() == 1);
    CHECK(audit[0].actor == "cred:gw-tsig");
    CHECK(audit[0].result == "ok");
    CHECK_THAT(audit[0].detail,
               Catch::Contains("127.0.0.1:5300") && Catch::Contains("new.example.test."));
}

TEST_CASE("an UPDATE reads and writes only the names it names, however large the zone",
          "[update]") {
    LocalGateway gw;
    // A row no reader can parse, at a name the UPDATE does not name: reading the whole zone
    // fails on it, reading by name never meets it.
    std::int64_t zone_id = 0;
    {
        store::Transaction txn(gw.st->db(), store::Transaction::Kind::Write);
        zone_id = store::find_zone(gw.st->db(), kZone)->id;
        gw.st->db()
            .prepare("INSERT INTO records (zone_id, owner, type, class, ttl, rdata, serial_first, "
                     "time_first) VALUES (?, 'bad..name.example.test.', 1, 1, 300, x'c0000201', "
                     "100, 0)")
            .bind(1, zone_id)
            .run();
        txn.commit();
    }
    CHECK_THROWS(gw.records());

    auto res =
        gw.engine.handle(update({rr("www.example.test.", 0, RRClass::ANY, RRType::A),
                                 rr("new.example.test.", 0, RRClass::NONE, RRType::ANY)},
                                {a("new.example.test.", 7),
                                 rr("www.example.test.", 0, RRClass::NONE, RRType::A, a_rdata(1))}),
                         kClient);
    INFO((res.ede ? res.ede->text : ""));
    CHECK(res.rcode == dns::Rcode::NOERROR);
    CHECK(gw.serial() == 101);
    store::Transaction txn(gw.st->db(), store::Transaction::Kind::Read);
    auto at = [&](const std::string& name) {
        return store::active_records_at(gw.st->db(), zone_id, dns::Name::parse(name));
    };
    REQUIRE(at("new.example.test.").size() == 1);
    CHECK(at("new.example.test.")[0].serial_first == 101);
    REQUIRE(at("WWW.example.test.").size() == 1);
    CHECK(at("www.example.test.")[0].record.rdata == a_rdata(2));
    CHECK(at("mail.example.test.").size() == 1);
}

TEST_CASE("an UPDATE evaluated against only its names gives what the whole zone gives",
          "[update]") {
    auto whole = snapshot();
    auto m = GENERATE(
        update({}, {a("new.example.test.", 9)}),
        update({rr("www.example.test.", 0, RRClass::ANY, RRType::ANY)},
               {rr("www.example.test.", 0, RRClass::ANY, RRType::ANY)}),
        update({a("www.example.test.", 2, 0), a("www.example.test.", 1, 0)},
               {a("WWW.Example.Test.", 1, 60)}),
        update({}, {a("alias.example.test.", 3), cname("mail.example.test.", "www.example.test.")}),
        update({}, {rr(kZone, 0, RRClass::ANY, RRType::ANY), cname(kZone, "elsewhere.test.")}),
        update({}, {rr(kZone, 0, RRClass::NONE, RRType::NS, name_wire("ns1.example.test.")),
                    rr(kZone, 0, RRClass::NONE, RRType::NS, name_wire("ns2.example.test."))}));
    zone::ZoneSnapshot part{whole.zone, {}, engine::update_owners(m)};
    for (const auto& [key, records] : whole.rrsets)
        if (part.holds(key.owner)) part.rrsets[key] = records;
    auto on_whole = evaluate_update(m, whole);
    auto on_part = evaluate_update(m, part);
    CHECK(after(whole, on_whole) == after(whole, on_part));

    // A snapshot that lacks a name the UPDATE names is a programming error, never an
    // answer computed from too little.
    zone::ZoneSnapshot lacking{whole.zone, {}, std::set<dns::Name>{}};
    CHECK_THROWS_AS(evaluate_update(m, lacking), std::logic_error);
}

TEST_CASE("the engine changes nothing when a prerequisite fails", "[update]") {
    LocalGateway gw;
    auto before = gw.records();
    auto res = gw.engine.handle(update({rr("www.example.test.", 0, RRClass::NONE, RRType::ANY)},
                                       {a("www.example.test.", 9)}),
                                kClient);
    CHECK(res.rcode == dns::Rcode::YXDOMAIN);
    REQUIRE(res.ede);
    CHECK_THAT(res.ede->text, Catch::Contains("www.example.test."));
    CHECK(gw.serial() == 100);
    CHECK(gw.records() == before);
    CHECK(gw.changed.empty());
    auto audit = gw.audit();
    REQUIRE(audit.size() == 1);
    CHECK_THAT(audit[0].result, Catch::StartsWith("error: YXDOMAIN"));
}

TEST_CASE("the engine answers NOTAUTH for a zone it does not serve", "[update]") {
    LocalGateway gw;
    auto m = update({}, {});
    m.questions.front().name = dns::Name::parse("other.test.");
    auto res = gw.engine.handle(m, kClient);
    CHECK(res.rcode == dns::Rcode::NOTAUTH);
    REQUIRE(res.ede);
    CHECK(res.ede->info_code == static_cast<std::uint16_t>(dns::EdeCode::NOT_AUTHORITATIVE));
}

TEST_CASE("a retransmitted UPDATE is applied once and answered the same", "[update]") {
    LocalGateway gw;
    auto m = update({rr("once.example.test.", 0, RRClass::NONE, RRType::ANY)},
                    {a("once.example.test.", 1)});
    CHECK(gw.engine.handle(m, kClient).rcode == dns::Rcode::NOERROR);
    // the same message again: the prerequisite would now fail, but it is the same request
    CHECK(gw.engine.handle(m, kClient).rcode == dns::Rcode::NOERROR);
    CHECK(gw.serial() == 101);
    // a new request (another id) is evaluated afresh
    m.id = 4243;
    CHECK(gw.engine.handle(m, kClient).rcode == dns::Rcode::YXDOMAIN);
}

TEST_CASE("a signed UPDATE replayed from elsewhere within its time window is refused", "[update]") {
    LocalGateway gw;
    auto key =
        dns::TsigKey::generate(dns::Name::parse("gw-tsig."), dns::TsigAlgorithm::HMAC_SHA256);
    auto now = static_cast<std::uint64_t>(store::now_unix());
    auto signed_copy = [&](const dns::Message& m) {
        auto wire = m.to_wire();
        dns::tsig_sign_request(wire, key, now);
        return dns::Message::parse(wire);
    };
    auto remove = signed_copy(update({}, {rr("www.example.test.", 0, RRClass::ANY, RRType::A)}));
    CHECK(gw.engine.handle(remove, kClient).rcode == dns::Rcode::NOERROR);
    CHECK(gw.engine.handle(signed_copy(update({}, {a("www.example.test.", 9)})), kClient).rcode ==
          dns::Rcode::NOERROR);
    auto serial = gw.serial();

    // The captured "delete" sent again by someone else must not undo the later add.
    auto replay = gw.engine.handle(remove, {"cred:gw-tsig", "192.0.2.7:5353"});
    CHECK(replay.rcode == dns::Rcode::REFUSED);
    REQUIRE(replay.ede);
    CHECK_THAT(replay.ede->text, Catch::Contains("replay"));
    CHECK(gw.serial() == serial);
    CHECK(gw.records().count(RRsetKey{dns::Name::parse("www.example.test."), RRType::A}) == 1);
    CHECK_THAT(gw.audit().back().result, Catch::Contains("replay"));

    // The sender's own retransmission still gets the first answer.
    CHECK(gw.engine.handle(remove, kClient).rcode == dns::Rcode::NOERROR);
}

namespace {

// The operator behind the "flaky-test" provider: a zone in memory, failing from apply call
// `fail_at` on (each change opens a new provider, so calls count per change).
struct FlakyOperator {
    test::MemoryProvider memory;
    int fail_at = 0;
    bool keep_failing = false;
};
FlakyOperator& flaky_operator() {
    static FlakyOperator op;
    return op;
}

// Passes calls to the shared operator, through a FlakyProvider it owns.
class FlakyTestProvider : public providers::Provider {
  public:
    FlakyTestProvider()
        : flaky_(flaky_operator().memory, flaky_operator().fail_at, flaky_operator().keep_failing) {
    }
    std::vector<dns::Record> list_records() override { return flaky_.list_records(); }
    void apply(const zone::ChangeSet& changes) override { flaky_.apply(changes); }

  private:
    test::FlakyProvider flaky_;
};

void register_flaky_provider() {
    providers::ProviderInfo info;
    info.name = "flaky-test";
    info.description = "test: an operator in memory that fails on demand";
    info.create = [](const providers::ProviderContext&) -> std::unique_ptr<providers::Provider> {
        return std::make_unique<FlakyTestProvider>();
    };
    providers::register_provider(std::move(info));
}

} // namespace

TEST_CASE("a provider failing in the middle of an UPDATE leaves the zone as it was", "[update]") {
    register_flaky_provider();
    auto& op = flaky_operator();
    op.memory = test::MemoryProvider(snapshot().rrsets);
    test::TempDir tmp;
    store::Config config;
    {
        store::Store st(tmp.path(), config);
        store::Transaction txn(st.db(), store::Transaction::Kind::Write);
        auto z = zone_row();
        z.account_id = store::insert_account(st.db(), {0, kZone, "flaky-test", {}, 0});
        store::insert_zone(st.db(), z);
        txn.commit();
    }
    engine::UpdateEngine engine(tmp.path(), config);
    auto three_changes = [](std::uint16_t id) {
        auto m = update({}, {a("n1.example.test.", 1), a("n2.example.test.", 2),
                             rr("mail.example.test.", 0, RRClass::ANY, RRType::A)});
        m.id = id;
        return m;
    };

    // The fresh view first: the engine syncs the operator's records into the local copy.
    op.fail_at = 0;
    auto res =
        engine.handle(update({rr("www.example.test.", 0, RRClass::ANY, RRType::A)}, {}), kClient);
    REQUIRE(res.rcode == dns::Rcode::NOERROR);
    auto before = op.memory.rrsets();

    op.fail_at = 2;
    res = engine.handle(three_changes(1), kClient);
    CHECK(res.rcode == dns::Rcode::SERVFAIL);
    REQUIRE(res.ede);
    CHECK_THAT(res.ede->text, Catch::Contains("step 2 of 3") && Catch::Contains("rolled back") &&
                                  !Catch::Contains("not rolled back"));
    CHECK(op.memory.rrsets() == before);

    op.keep_failing = true;
    res = engine.handle(three_changes(2), kClient);
    CHECK(res.rcode == dns::Rcode::SERVFAIL);
    REQUIRE(res.ede);
    CHECK_THAT(res.ede->text, Catch::Contains("not rolled back"));
    CHECK(op.memory.rrsets() != before);

    // Once the operator works again, the next UPDATE sees (and keeps) what it holds.
    op.fail_at = 0;
    op.keep_failing = false;
    res = engine.handle(three_changes(3), kClient);
    CHECK(res.rcode == dns::Rcode::NOERROR);
    auto now = op.memory.rrsets();
    CHECK(rrset(now, "n1.example.test.", RRType::A).size() == 1);
    CHECK(rrset(now, "n2.example.test.", RRType::A).size() == 1);
    CHECK(rrset(now, "mail.example.test.", RRType::A).empty());
}
