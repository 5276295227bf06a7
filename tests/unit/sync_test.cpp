#include "lib/engine/soa_check.hpp"
#include "lib/engine/sync.hpp"
#include "lib/engine/sync_schedule.hpp"
#include "lib/engine/sync_scheduler.hpp"
#include "lib/store/accounts.hpp"
#include "lib/store/audit.hpp"
#include "lib/store/records.hpp"
#include "lib/store/zones.hpp"
#include "lib/zone/change.hpp"
#include "lib/zone/errors.hpp"
#include "lib/zone/serial.hpp"
#include "providers/registry.hpp"
#include "tests/support/fake_authoritative.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <fmt/core.h>
#include <set>

using namespace dnsclay;
using dnsclay::test::FakeAuthoritative;
using dnsclay::test::TempDir;

namespace {

// What the scripted provider holds and does; one per test, reached through the registry.
struct Script {
    std::vector<dns::Record> records;
    std::vector<providers::SkippedRecord> skipped;
    std::optional<std::uint32_t> cheap_serial;
    std::string fail; // non-empty: every call throws ProviderError with this text
    int lists = 0;
    int serial_checks = 0;
    std::function<void()> on_list; // runs inside list_records, before it returns
};
Script* g_script = nullptr;

class ScriptedProvider : public providers::Provider {
  public:
    std::vector<dns::Record> list_records() override {
        auto& s = *g_script;
        if (!s.fail.empty()) throw providers::ProviderError(s.fail);
        ++s.lists;
        auto out = s.records;
        skipped_ = s.skipped;
        if (s.on_list) std::exchange(s.on_list, nullptr)();
        return out;
    }
    void apply(const zone::ChangeSet& changes) override {
        auto rrsets = zone::group(g_script->records);
        for (const auto& c : changes)
            rrsets[c.key] = c.after;
        g_script->records.clear();
        for (auto& [key, recs] : rrsets)
            g_script->records.insert(g_script->records.end(), recs.begin(), recs.end());
    }
    std::optional<std::uint32_t> current_serial() override {
        if (!g_script->fail.empty()) throw providers::ProviderError(g_script->fail);
        ++g_script->serial_checks;
        return g_script->cheap_serial;
    }
};

void register_scripted() {
    providers::ProviderInfo info;
    info.name = "scripted";
    info.description = "test double";
    info.capabilities.atomic_changes = true;
    info.capabilities.meaningful_serial = true;
    info.create = [](const providers::ProviderContext&) {
        return std::make_unique<ScriptedProvider>();
    };
    providers::register_provider(std::move(info));
}

dns::Bytes soa_rdata(std::uint32_t serial) {
    dns::Bytes out;
    for (const auto* n : {"ns.example.test.", "hostmaster.example.test."}) {
        auto name = dns::Name::parse(n);
        out.insert(out.end(), name.wire().begin(), name.wire().end());
    }
    for (std::uint32_t v : {serial, 3600u, 600u, 86400u, 300u})
        for (int shift = 24; shift >= 0; shift -= 8)
            out.push_back(static_cast<std::uint8_t>(v >> shift));
    return out;
}

dns::Record rec(const std::string& owner, std::uint8_t last, std::uint32_t ttl = 300) {
    return {dns::Name::parse(owner), dns::RRType::A, dns::RRClass::IN, ttl, {192, 0, 2, last}};
}

dns::Record soa(std::uint32_t serial) {
    return {dns::Name::parse("example.test."), dns::RRType::SOA, dns::RRClass::IN, 3600,
            soa_rdata(serial)};
}

struct Fixture {
    Script script;
    TempDir tmp;
    store::Store st;
    store::Zone zone;
    std::int64_t clock = 1'700'000'000;
    engine::SyncOptions opts;

    explicit Fixture(const store::Config& config = {}) : st(tmp.path(), config) {
        register_scripted();
        g_script = &script;
        store::Transaction txn(st.db(), store::Transaction::Kind::Write);
        zone.name = "example.test.";
        zone.account_id = store::insert_account(st.db(), {0, "acct", "scripted", {}, 0});
        zone.serial = 100;
        zone.sync_interval = 86400;
        zone.refresh_interval = 3600;
        zone.soa.mname = "ns.example.test.";
        zone.soa.rname = "hostmaster.example.test.";
        zone.id = store::insert_zone(st.db(), zone);
        txn.commit();
        opts.now = [this] { return clock; };
    }
    ~Fixture() { g_script = nullptr; }

    engine::SyncResult sync() { return engine::sync_zone(st, zone.name, opts); }
    std::uint32_t serial() {
        store::Transaction r(st.db(), store::Transaction::Kind::Read);
        return store::find_zone(st.db(), zone.name)->serial;
    }
    store::SyncState state() {
        store::Transaction r(st.db(), store::Transaction::Kind::Read);
        return store::load_sync_state(st.db(), zone.id);
    }
    std::vector<store::StoredRecord> history() {
        store::Transaction r(st.db(), store::Transaction::Kind::Read);
        return store::record_history(st.db(), zone.id);
    }
    std::vector<store::StoredRecord> active() {
        store::Transaction r(st.db(), store::Transaction::Kind::Read);
        return store::active_records(st.db(), zone.id);
    }
    void set_authoritative(const store::AuthoritativeServers& servers) {
        store::Transaction w(st.db(), store::Transaction::Kind::Write);
        store::save_authoritative_servers(st.db(), zone.id, servers);
        w.commit();
    }
    std::optional<engine::SyncResult> check() { return engine::check_zone(st, zone.name, opts); }
    std::size_t audit_rows() {
        store::Transaction r(st.db(), store::Transaction::Kind::Read);
        return store::list_audit(st.db(), zone.name, 1000).size();
    }
};

} // namespace

TEST_CASE("a first sync records every rrset, bumps the serial and the sync state", "[sync]") {
    Fixture f;
    f.script.records = {soa(5000), rec("www.example.test.", 1), rec("www.example.test.", 2),
                        rec("mail.example.test.", 3)};
    auto r = f.sync();
    CHECK(r.changes.size() == 2);
    CHECK(r.serial_before == 100);
    CHECK(r.serial_after == 5000); // the provider's serial is ahead: taken
    CHECK(r.provider_serial == 5000u);
    CHECK(f.serial() == 5000);
    auto act = f.active();
    REQUIRE(act.size() == 3); // the provider's SOA is not stored: ours is generated
    for (const auto& a : act) {
        CHECK(a.serial_first == 5000);
        CHECK(a.time_first == f.clock);
    }
    auto s = f.state();
    CHECK(s.last_sync == f.clock);
    CHECK(s.last_change == f.clock);
    CHECK(s.provider_serial == 5000u);
    CHECK(s.error_count == 0);
    REQUIRE(s.next_sync);
    CHECK(*s.next_sync > f.clock + 86400 * 9 / 10);
    CHECK(*s.next_sync <= f.clock + 86400);
    CHECK(s.next_refresh == f.clock + 72); // the first check of the burst: 1/50 of 1h
    CHECK(f.audit_rows() == 1);
}

TEST_CASE("a sync without changes writes only the sync time", "[sync]") {
    Fixture f;
    f.script.records = {soa(5000), rec("www.example.test.", 1)};
    f.sync();
    auto rows = f.history().size();
    f.clock += 600;
    auto r = f.sync();
    CHECK_FALSE(r.changed());
    CHECK(r.serial_after == 5000);
    CHECK(f.serial() == 5000);
    CHECK(f.history().size() == rows);
    CHECK(f.audit_rows() == 1);
    auto s = f.state();
    CHECK(s.last_sync == f.clock);
    CHECK(s.last_change == f.clock - 600);
}

TEST_CASE("added, removed, modified and TTL-only rrsets become history", "[sync]") {
    Fixture f;
    f.script.records = {soa(1), rec("a.example.test.", 1), rec("b.example.test.", 2),
                        rec("c.example.test.", 3)};
    f.sync();
    std::uint32_t s1 = f.serial();
    f.clock += 100;
    f.script.records = {soa(1), rec("a.example.test.", 1, 600), // TTL only
                        rec("b.example.test.", 9),              // modified
                        rec("d.example.test.", 4)};             // added; c removed
    auto r = f.sync();
    REQUIRE(r.changes.size() == 4);
    CHECK(r.serial_after == s1 + 1);
    std::map<std::string, store::StoredRecord> deleted;
    for (const auto& h : f.history())
        if (h.serial_deleted) deleted[h.record.owner.to_string()] = h;
    REQUIRE(deleted.size() == 3);
    for (const auto& [name, h] : deleted) {
        CHECK(h.serial_deleted == s1 + 1);
        CHECK(h.time_deleted == f.clock);
    }
    std::set<std::string> active;
    for (const auto& a : f.active())
        active.insert(fmt::format("{} {}", a.record.owner.to_string(), a.record.ttl));
    CHECK(active == std::set<std::string>{"a.example.test. 600", "b.example.test. 300",
                                          "d.example.test. 300"});
}

TEST_CASE("owner names differing only in case are no change", "[sync]") {
    Fixture f;
    f.script.records = {soa(1), rec("WWW.Example.Test.", 1)};
    f.sync();
    auto s = f.serial();
    f.script.records = {soa(1), rec("www.example.test.", 1)};
    CHECK_FALSE(f.sync().changed());
    CHECK(f.serial() == s);
}

TEST_CASE("our serial moves forward whatever the provider's serial does", "[sync]") {
    Fixture f;
    std::vector<std::uint32_t> seen;
    auto change = [&](std::uint32_t provider_serial, std::uint8_t value) {
        f.clock += 60;
        f.script.records = {soa(provider_serial), rec("x.example.test.", value)};
        auto r = f.sync();
        REQUIRE(r.changed());
        seen.push_back(r.serial_after);
    };
    SECTION("constant 1") {
        for (std::uint8_t i = 1; i <= 4; ++i)
            change(1, i);
        CHECK(seen == std::vector<std::uint32_t>{101, 102, 103, 104});
    }
    SECTION("constant S > 1") {
        for (std::uint8_t i = 1; i <= 4; ++i)
            change(2026010100, i);
        CHECK(seen == std::vector<std::uint32_t>{2026010100, 2026010101, 2026010102, 2026010103});
        // and a sync without record changes does not flip back to the provider's serial
        CHECK_FALSE(f.sync().changed());
        CHECK(f.serial() == 2026010103);
    }
    SECTION("decreasing") {
        change(9000, 1);
        change(500, 2);
        change(10, 3);
        CHECK(seen == std::vector<std::uint32_t>{9000, 9001, 9002});
    }
    SECTION("jumping, across the wrap") {
        change(0x70000000u, 1);
        change(0xe0000000u, 2);
        change(5, 3);           // ahead of 0xe0000000 in RFC 1982 sequence space
        change(0x90000000u, 4); // more than 2^31 - 1 ahead: not a legal increment
        CHECK(seen == std::vector<std::uint32_t>{0x70000000u, 0xe0000000u, 5, 6});
    }
    for (std::size_t i = 1; i < seen.size(); ++i)
        CHECK(zone::serial_gt(seen[i], seen[i - 1]));
}

TEST_CASE("records that cannot be read are reported and do not block the rest", "[sync]") {
    Fixture f;
    auto before = engine::sync_counters().skipped_records.load();
    f.script.records = {soa(1),
                        rec("ok.example.test.", 1),
                        rec("elsewhere.test.", 2),
                        {dns::Name::parse("ch.example.test."),
                         dns::RRType::A,
                         dns::RRClass::CH,
                         300,
                         {1, 2, 3, 4}}};
    f.script.skipped = {{"bad.example.test. 300 IN MX \"ten\" mx.", "bad preference"}};
    auto r = f.sync();
    CHECK(r.changes.size() == 1);
    CHECK(r.skipped.size() == 3);
    REQUIRE(f.active().size() == 1);
    CHECK(f.active()[0].record.owner.to_string() == "ok.example.test.");
    auto s = f.state();
    CHECK(s.skipped_count == 3);
    REQUIRE(s.skipped_detail);
    CHECK(s.skipped_detail->find("bad preference") != std::string::npos);
    CHECK(s.skipped_detail->find("outside the zone") != std::string::npos);
    CHECK(engine::sync_counters().skipped_records.load() == before + 3);
    // fixed at the provider: the report goes away
    f.script.skipped.clear();
    f.script.records.resize(2);
    f.sync();
    CHECK(f.state().skipped_count == 0);
    CHECK_FALSE(f.state().skipped_detail);
}

TEST_CASE("a crash before the commit leaves nothing written", "[sync]") {
    Fixture f;
    f.script.records = {soa(1), rec("a.example.test.", 1)};
    f.opts.before_commit = [] { throw std::runtime_error("power cut"); };
    CHECK_THROWS_WITH(f.sync(), "power cut");
    CHECK(f.serial() == 100);
    CHECK(f.history().empty());
    CHECK_FALSE(f.state().last_sync);
    CHECK(f.audit_rows() == 0);
    f.opts.before_commit = nullptr;
    CHECK(f.sync().changed());
}

TEST_CASE("a dry run compares but writes nothing", "[sync]") {
    Fixture f;
    f.script.records = {soa(1), rec("a.example.test.", 1)};
    f.opts.dry_run = true;
    auto r = f.sync();
    CHECK(r.changes.size() == 1);
    CHECK(f.serial() == 100);
    CHECK(f.history().empty());
    CHECK_FALSE(f.state().last_sync);
}

TEST_CASE("provider failures are recorded and back off exponentially", "[sync]") {
    Fixture f;
    f.script.fail = "upstream 127.0.0.1:1 refused the connection";
    std::vector<std::int64_t> waits;
    for (int i = 0; i < 14; ++i) {
        CHECK_THROWS_AS(f.sync(), providers::ProviderError);
        auto s = f.state();
        CHECK(s.error_count == i + 1);
        CHECK(s.last_error == f.script.fail);
        CHECK(s.last_error_time == f.clock);
        waits.push_back(*s.next_sync - f.clock);
        f.clock = *s.next_sync;
    }
    CHECK(waits[0] == 30);
    CHECK(waits[1] == 60);
    CHECK(waits[2] == 120);
    CHECK(waits.back() == 86400); // never beyond the normal interval
    f.script.fail.clear();
    f.script.records = {soa(1)};
    f.sync();
    CHECK(f.state().error_count == 0);
}

TEST_CASE("a change by another writer during the listing is not recorded as reverted", "[sync]") {
    Fixture f;
    f.script.records = {soa(1), rec("a.example.test.", 1)};
    f.sync();
    // While the sync lists the provider, an UPDATE adds b at the provider and records it.
    f.script.on_list = [&] {
        zone::ChangeRequest req;
        req.zone = f.zone.name;
        req.actor = "cred:test";
        req.action = "update";
        req.edit = [](const zone::ZoneSnapshot&) {
            return std::vector<zone::RRsetReplacement>{
                {zone::RRsetKey::of(rec("b.example.test.", 2)), {rec("b.example.test.", 2)}}};
        };
        zone::change_records(f.st, req);
    };
    int lists = f.script.lists;
    auto r = f.sync();
    CHECK(f.script.lists == lists + 2); // taken again after the other writer's change
    CHECK_FALSE(r.changed());
    for (const auto& h : f.history())
        CHECK_FALSE(h.serial_deleted);
}

TEST_CASE("a zone of the local provider has nothing to fetch", "[sync]") {
    TempDir tmp;
    store::Store st{tmp.path(), store::Config{}};
    store::Zone z;
    {
        store::Transaction txn(st.db(), store::Transaction::Kind::Write);
        z.name = "local.test.";
        z.account_id = store::insert_account(st.db(), {0, "l", "local", {}, 0});
        z.serial = 7;
        z.sync_interval = 3600;
        z.soa.mname = "ns.local.test.";
        z.soa.rname = "h.local.test.";
        z.id = store::insert_zone(st.db(), z);
        txn.commit();
    }
    auto r = engine::sync_zone(st, z.name);
    CHECK_FALSE(r.changed());
    CHECK(r.serial_after == 7);
    CHECK_THROWS_AS(engine::sync_zone(st, "nope.test."), zone::NotFound);
}

TEST_CASE("checks come in a burst after a change, then every interval", "[sync][schedule]") {
    engine::SyncPlanSettings s{86400, 3600};
    const std::int64_t c = 1'000'000;
    std::vector<std::int64_t> times;
    std::int64_t t = c;
    while (t < c + 3600) {
        t = *engine::next_check("z.", s, c, t);
        times.push_back(t - c);
    }
    CHECK(times == std::vector<std::int64_t>{72, 144, 216, 288, 360, 720, 1080, 1440, 1800, 2160,
                                             2520, 2880, 3240, 3600});
    auto regular = *engine::next_check("z.", s, c, c + 3600);
    CHECK(regular > c + 3600 + 3240);
    CHECK(regular <= c + 3600 + 3600);
    CHECK_FALSE(engine::next_check("z.", {86400, 0}, c, c));
    // short intervals still wait at least 5 s between checks
    CHECK(*engine::next_check("z.", {86400, 60}, c, c) == c + 5);
}

TEST_CASE("zones are spread over a tenth of the interval", "[sync][schedule]") {
    std::set<std::int64_t> offsets;
    for (int i = 0; i < 200; ++i) {
        auto j = engine::jitter(fmt::format("zone{}.test.", i), 1'000'000, 3600);
        CHECK(j >= 0);
        CHECK(j <= 360);
        offsets.insert(j);
    }
    CHECK(offsets.size() > 100);
    CHECK(engine::backoff(1, 3600) == 30);
    CHECK(engine::backoff(4, 3600) == 240);
    CHECK(engine::backoff(40, 3600) == 3600);
    CHECK(engine::backoff(3, 45) == 45);
}

TEST_CASE("the scheduler syncs, checks cheaply and backs off", "[sync][schedule]") {
    Fixture f;
    f.script.records = {soa(10), rec("a.example.test.", 1)};
    f.script.cheap_serial = 10;
    std::vector<engine::SyncEvent> events;
    std::vector<std::string> changed;
    engine::SyncScheduler::Options o;
    o.now = [&] { return f.clock; };
    o.on_event = [&](const engine::SyncEvent& e) { events.push_back(e); };
    o.on_change = [&](const std::string& z) { changed.push_back(z); };
    engine::SyncScheduler sched(f.tmp.path(), store::Config{}, o);

    // never synced: due at once
    auto next = sched.run_due(f.clock);
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == engine::SyncEvent::Kind::Sync);
    CHECK(events[0].changed_rrsets == 1);
    CHECK(changed == std::vector<std::string>{"example.test."});
    CHECK(next == f.clock + 72);

    // nothing due before then
    CHECK(sched.run_due(f.clock + 71) == next);
    CHECK(events.size() == 1);

    // a check with the same serial lists nothing
    f.clock = *next;
    int lists = f.script.lists;
    next = sched.run_due(f.clock);
    REQUIRE(events.size() == 2);
    CHECK(events[1].kind == engine::SyncEvent::Kind::Check);
    CHECK_FALSE(events[1].synced);
    CHECK(f.script.lists == lists);
    CHECK(next == f.clock + 72);

    // the serial moved: the check becomes a full sync
    f.clock = *next;
    f.script.cheap_serial = 11;
    f.script.records = {soa(11), rec("a.example.test.", 2)};
    next = sched.run_due(f.clock);
    REQUIRE(events.size() == 3);
    CHECK(events[2].synced);
    CHECK(events[2].serial == 102); // 100, then +1 per change: the provider (10, 11) is behind
    CHECK(f.script.lists == lists + 1);
    CHECK(changed.size() == 2);
    CHECK(next == f.clock + 72); // the change starts a new burst of early checks

    // the provider fails: visible in the sync state, retried after 30 s, 60 s
    f.clock = *next;
    f.script.fail = "timed out after 60 s";
    next = sched.run_due(f.clock);
    REQUIRE(events.size() == 4);
    CHECK(events[3].error.find("timed out") != std::string::npos);
    CHECK(f.state().error_count == 1);
    CHECK(next == f.clock + 30);
    f.clock = *next;
    next = sched.run_due(f.clock);
    CHECK(f.state().error_count == 2);
    CHECK(next == f.clock + 60);
}

TEST_CASE("the cheap check asks the zone's authoritative servers instead of the provider",
          "[sync][soa-check]") {
    store::Config config;
    config.sync.authoritative_timeout = std::chrono::seconds(1);
    Fixture f(config);
    f.script.records = {soa(10), rec("a.example.test.", 1)};
    f.script.cheap_serial = 10;
    f.sync();
    FakeAuthoritative auth("example.test.", 500);
    f.set_authoritative({{auth.address()}, ""});
    int lists = f.script.lists;

    // Never asked before: the first answer is news, so a full sync runs.
    f.clock += 60;
    auto r = f.check();
    CHECK(r);
    CHECK(f.script.lists == ++lists);
    CHECK(f.state().authoritative_serial == 500u);
    CHECK(auth.soa_queries() == 1);

    // The provider's serial moved but the servers still say 500: no sync. The provider
    // is not asked at all.
    f.script.cheap_serial = 11;
    f.script.records = {soa(11), rec("a.example.test.", 2)};
    f.clock += 60;
    CHECK_FALSE(f.check());
    CHECK(f.script.lists == lists);
    CHECK(f.script.serial_checks == 0);
    CHECK(f.serial() == 101); // as the first sync left it
    CHECK(auth.soa_queries() == 2);

    // The servers' serial moves: a full sync picks up the change.
    auth.set_serial(501);
    f.clock += 60;
    r = f.check();
    REQUIRE(r);
    CHECK(r->changed());
    CHECK(f.serial() == 102);
    CHECK(f.state().authoritative_serial == 501u);
    CHECK(f.script.serial_checks == 0);

    // Failures are recorded with the server's reason and back off like the provider's.
    const std::vector<std::pair<FakeAuthoritative::Mode, std::string>> failures = {
        {FakeAuthoritative::Mode::Refuse, auth.address() + ": answered REFUSED"},
        {FakeAuthoritative::Mode::NotAuthoritative, "is not authoritative for example.test."},
        {FakeAuthoritative::Mode::OtherZone, "answered without the SOA of example.test."},
        {FakeAuthoritative::Mode::Silent, auth.address() + ": no answer (timeout)"},
    };
    std::int64_t failures_in_a_row = 0;
    for (const auto& [mode, text] : failures) {
        auth.set_mode(mode);
        f.clock += 600;
        CHECK_THROWS_AS(f.check(), engine::SoaCheckError);
        auto s = f.state();
        REQUIRE(s.last_error);
        CHECK_THAT(*s.last_error, Catch::Contains(text));
        CHECK(s.error_count == ++failures_in_a_row);
        CHECK(s.next_refresh == f.clock + engine::backoff(failures_in_a_row, 3600));
    }
    CHECK(f.serial() == 102);
    CHECK(f.script.lists == lists + 1);

    // A server that fails is passed over for the next one.
    FakeAuthoritative second("example.test.", 501);
    f.set_authoritative({{auth.address(), second.address()}, ""});
    auth.set_mode(FakeAuthoritative::Mode::Refuse);
    f.clock += 600;
    CHECK(f.check()); // new servers: their first answer is news
    f.clock += 600;
    CHECK_FALSE(f.check());
    CHECK(f.state().error_count == 0);
    CHECK(f.state().authoritative_serial == 501u);

    // A key that is gone is an error before anything is sent.
    f.set_authoritative({{second.address()}, "gone-key"});
    auto asked = second.soa_queries();
    f.clock += 600;
    CHECK_THROWS_WITH(f.check(), Catch::Contains("gone-key no longer exists"));
    CHECK(second.soa_queries() == asked);

    // Without servers, the provider's serial is checked again.
    f.set_authoritative({});
    f.clock += 600;
    f.check();
    CHECK(f.script.serial_checks == 1);
}

TEST_CASE("a provider serial that never moves: checks do not sync, the full sync every sync "
          "interval finds the change",
          "[sync][schedule]") {
    Fixture f;
    f.script.records = {soa(1), rec("a.example.test.", 1)};
    f.script.skipped = {{"odd.example.test. 300 IN ALIAS target.", "unknown type ALIAS"}};
    f.script.cheap_serial = 1; // Route53's serial is always 1
    std::vector<engine::SyncEvent> events;
    engine::SyncScheduler::Options o;
    o.now = [&] { return f.clock; };
    o.on_event = [&](const engine::SyncEvent& e) { events.push_back(e); };
    engine::SyncScheduler sched(f.tmp.path(), store::Config{}, o);
    const auto start = f.clock;
    auto next = sched.run_due(f.clock);
    REQUIRE(events.size() == 1);
    CHECK(events[0].skipped_records == 1); // what serve logs

    // A change at the provider that leaves its serial as it was.
    f.script.records = {soa(1), rec("a.example.test.", 2)};
    while (next && *next < start + 2 * 86400 + 3600) {
        f.clock = *next;
        next = sched.run_due(f.clock);
    }
    std::vector<std::int64_t> syncs;
    std::size_t checks = 0;
    std::optional<std::int64_t> found;
    for (std::size_t i = 0; i < events.size(); ++i) {
        CHECK(events[i].error.empty());
        if (events[i].kind == engine::SyncEvent::Kind::Check) {
            CHECK_FALSE(events[i].synced);
            ++checks;
        } else {
            syncs.push_back(static_cast<std::int64_t>(i));
        }
        if (i > 0 && events[i].changed_rrsets > 0) found = static_cast<std::int64_t>(i);
    }
    CHECK(syncs.size() == 3); // the first, then one per day
    CHECK(found == syncs[1]); // the change waited for the daily sync
    CHECK(checks >= 40);      // about one an hour, more after each change
    CHECK(f.script.serial_checks == static_cast<int>(checks));
    CHECK(f.serial() == 102); // 100, the first sync, the change
}
