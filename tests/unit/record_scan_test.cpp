// store::scan_records, which zone transfers stream from: what it returns, in which grouping,
// and that a state.db from before the transfer index (schema 6) returns the same after its
// upgrade.
#include "lib/store/record_scan.hpp"
#include "lib/store/records.hpp"
#include "lib/store/schema.hpp"
#include "lib/store/store.hpp"
#include "tests/support/process.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <tuple>

using namespace dnsclay;
using namespace dnsclay::store;
using dnsclay::test::TempDir;

namespace {

// A zone row written with plain SQL, so that it fits every schema version from 6 on.
constexpr std::int64_t kZone = 1;
void insert_zone(Db& db) {
    db.exec("INSERT INTO provider_accounts VALUES (1, 'scan.test.', 'local', 0);"
            "INSERT INTO zones (id, name, account_id, serial, sync_interval, refresh_interval, "
            "soa_mname, soa_rname, soa_refresh, soa_retry, soa_expire, soa_minimum, soa_ttl, "
            "created) VALUES (1, 'scan.test.', 1, 7, 86400, 3600, 'ns.scan.test.', "
            "'h.scan.test.', 1, 2, 3, 4, 5, 0)");
}

dns::Record record(const std::string& owner, dns::RRType type, std::vector<std::uint8_t> rdata) {
    return {dns::Name::parse(owner), type, dns::RRClass::IN, 300, std::move(rdata)};
}

// Records inserted in an order that interleaves owners, one of them spelled in two cases,
// and one version deleted since.
void insert_records(Db& db) {
    insert_record(db, kZone, record("b.scan.test.", dns::RRType::A, {192, 0, 2, 1}), 2, 10);
    insert_record(db, kZone, record("A.scan.test.", dns::RRType::TXT, {2, 'h', 'i'}), 2, 10);
    insert_record(db, kZone, record("gone.scan.test.", dns::RRType::A, {192, 0, 2, 9}), 2, 10);
    insert_record(db, kZone,
                  record("b.scan.test.", dns::RRType::AAAA, std::vector<std::uint8_t>(16, 1)), 3,
                  11);
    insert_record(db, kZone, record("a.scan.test.", dns::RRType::A, {192, 0, 2, 2}), 3, 11);
    insert_record(db, kZone, record("b.scan.test.", dns::RRType::A, {192, 0, 2, 3}), 4, 12);
    auto st = db.prepare("SELECT id FROM records WHERE owner = 'gone.scan.test.'");
    REQUIRE(st.step());
    tombstone_record(db, st.int64(0), 5, 13);
}

struct Row {
    std::string owner; // as spelled
    dns::Record record;
    std::uint32_t serial_first;
    std::optional<std::uint32_t> serial_deleted;
    friend bool operator==(const Row&, const Row&) = default;
    friend bool operator<(const Row& a, const Row& b) {
        return std::tie(a.owner, a.record.type, a.record.rdata, a.serial_first) <
               std::tie(b.owner, b.record.type, b.record.rdata, b.serial_first);
    }
};

std::vector<Row> scan(Db& db, ScanScope scope) {
    std::vector<Row> out;
    Transaction read(db, Transaction::Kind::Read);
    scan_records(db, kZone, scope, [&](const ScannedRecord& s) {
        out.push_back({s.record.owner.to_string(), s.record, s.serial_first, s.serial_deleted});
    });
    return out;
}

std::vector<std::string> owners(const std::vector<Row>& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows)
        out.push_back(r.owner);
    return out;
}

// True if the rows of each owner (compared as DNS compares names) come one after the other.
bool grouped_by_owner(const std::vector<Row>& rows) {
    std::vector<dns::Name> seen;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (i > 0 && rows[i].record.owner == rows[i - 1].record.owner) continue;
        if (std::find(seen.begin(), seen.end(), rows[i].record.owner) != seen.end()) return false;
        seen.push_back(rows[i].record.owner);
    }
    return true;
}

std::vector<Row> sorted(std::vector<Row> rows) {
    std::sort(rows.begin(), rows.end());
    return rows;
}

} // namespace

TEST_CASE("a scan gives each record once, grouped by owner, each owner as it was spelled",
          "[store]") {
    TempDir tmp;
    Store s(tmp.path(), Config{});
    insert_zone(s.db());
    insert_records(s.db());

    auto active = scan(s.db(), ScanScope::Active);
    CHECK(grouped_by_owner(active));
    auto names = owners(active);
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"A.scan.test.", "a.scan.test.", "b.scan.test.",
                                            "b.scan.test.", "b.scan.test."});
    for (const auto& r : active)
        CHECK_FALSE(r.serial_deleted);
    auto b_aaaa = std::find_if(active.begin(), active.end(),
                               [](const Row& r) { return r.record.type == dns::RRType::AAAA; });
    REQUIRE(b_aaaa != active.end());
    CHECK(b_aaaa->record ==
          record("b.scan.test.", dns::RRType::AAAA, std::vector<std::uint8_t>(16, 1)));
    CHECK(b_aaaa->serial_first == 3);

    auto all = scan(s.db(), ScanScope::All);
    CHECK(grouped_by_owner(all));
    REQUIRE(all.size() == 6);
    auto gone = std::find_if(all.begin(), all.end(),
                             [](const Row& r) { return r.owner == "gone.scan.test."; });
    REQUIRE(gone != all.end());
    CHECK(gone->serial_deleted == 5u);
}

TEST_CASE("a version-6 state.db gets the transfer index and scans the same records after",
          "[store]") {
    TempDir tmp;
    std::vector<Row> active_before, all_before;
    {
        Db db(tmp / "state.db", std::chrono::seconds(1));
        migrate_to(db, 6);
        insert_zone(db);
        insert_records(db);
        active_before = scan(db, ScanScope::Active);
        all_before = scan(db, ScanScope::All);
    }
    REQUIRE(active_before.size() == 5);
    Store s(tmp.path(), Config{});
    auto st = s.db().prepare("PRAGMA user_version");
    REQUIRE(st.step());
    CHECK(st.int64(0) == schema_version());
    auto index = [&](const char* name) {
        auto q = s.db().prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
                                "name = ?");
        q.bind(1, name);
        REQUIRE(q.step());
        return q.int64(0);
    };
    CHECK(index("records_active_transfer") == 1);
    CHECK(index("records_active_owner") == 0); // replaced: its columns lead the new one
    CHECK(sorted(scan(s.db(), ScanScope::Active)) == sorted(active_before));
    CHECK(sorted(scan(s.db(), ScanScope::All)) == sorted(all_before));
    // Lookups by name still find what they did.
    auto at_b = active_records_at(s.db(), kZone, dns::Name::parse("B.SCAN.TEST."));
    REQUIRE(at_b.size() == 3);
    CHECK(at_b[0].record.type == dns::RRType::A);
    CHECK(at_b[1].record.type == dns::RRType::A);
    CHECK(at_b[2].record.type == dns::RRType::AAAA);
}
