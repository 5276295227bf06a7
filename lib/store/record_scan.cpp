#include "lib/store/record_scan.hpp"

#include <string>

namespace dnsclay::store {
namespace {

constexpr std::string_view kColumns = "SELECT id, owner, type, class, ttl, rdata, serial_first, "
                                      "time_first, serial_deleted, time_deleted FROM records ";

StoredRecord read_row(const Stmt& st) {
    StoredRecord r;
    r.id = st.int64(0);
    r.record.owner = dns::Name::parse(st.text(1));
    r.record.type = static_cast<dns::RRType>(st.int64(2));
    r.record.klass = static_cast<dns::RRClass>(st.int64(3));
    r.record.ttl = static_cast<std::uint32_t>(st.int64(4));
    r.record.rdata = st.blob(5);
    r.serial_first = static_cast<std::uint32_t>(st.int64(6));
    r.time_first = st.int64(7);
    if (auto s = st.opt_int64(8)) r.serial_deleted = static_cast<std::uint32_t>(*s);
    r.time_deleted = st.opt_int64(9);
    return r;
}

// A LIKE pattern matching the presentation form of every name strictly below `name`.
// Presentation form escapes '\' itself, so '\' is free to be the LIKE escape character.
std::string below_pattern(const dns::Name& name) {
    std::string suffix = name.is_root() ? "" : name.to_string();
    std::string out = "%.";
    for (char c : suffix) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

} // namespace

void scan_records(Db& db, std::int64_t zone_id, ScanScope scope,
                  const std::function<void(const ScannedRecord&)>& visit) {
    // Active records are read from the covering index records_active_transfer alone, in its
    // order (no table rows, no sort); all versions through records_by_owner, in its order.
    auto st =
        db.prepare(scope == ScanScope::Active
                       ? "SELECT owner, type, class, ttl, rdata, serial_first, NULL FROM "
                         "records WHERE zone_id = ? AND serial_deleted IS NULL ORDER BY "
                         "owner COLLATE NOCASE, type"
                       : "SELECT owner, type, class, ttl, rdata, serial_first, "
                         "serial_deleted FROM records WHERE zone_id = ? ORDER BY owner, type");
    st.bind(1, zone_id);
    ScannedRecord row;
    std::string owner_text; // the text row.record.owner was parsed from
    while (st.step()) {
        auto owner = st.text_view(0);
        if (owner != owner_text) {
            row.record.owner = dns::Name::parse(owner);
            owner_text = owner;
        }
        row.record.type = static_cast<dns::RRType>(st.int64(1));
        row.record.klass = static_cast<dns::RRClass>(st.int64(2));
        row.record.ttl = static_cast<std::uint32_t>(st.int64(3));
        auto rdata = st.blob_view(4);
        row.record.rdata.assign(rdata.begin(), rdata.end());
        row.serial_first = static_cast<std::uint32_t>(st.int64(5));
        row.serial_deleted.reset();
        if (auto s = st.opt_int64(6)) row.serial_deleted = static_cast<std::uint32_t>(*s);
        visit(row);
    }
}

std::optional<std::uint32_t> oldest_serial(Db& db, std::int64_t zone_id) {
    auto st = db.prepare("SELECT serial_first FROM records WHERE zone_id = ? ORDER BY id LIMIT 1");
    st.bind(1, zone_id);
    if (!st.step()) return std::nullopt;
    return static_cast<std::uint32_t>(st.int64(0));
}

std::vector<dns::Record> find_records(Db& db, std::int64_t zone_id, const dns::Name& owner,
                                      dns::RRType type) {
    bool any = type == dns::RRType::ANY;
    auto st = db.prepare(std::string(kColumns) +
                         "WHERE zone_id = ? AND serial_deleted IS NULL AND owner = ? COLLATE "
                         "NOCASE" +
                         (any ? "" : " AND type = ?") + " ORDER BY id");
    st.bind(1, zone_id).bind(2, owner.to_string());
    if (!any) st.bind(3, std::int64_t{static_cast<std::uint16_t>(type)});
    std::vector<dns::Record> out;
    while (st.step())
        out.push_back(read_row(st).record);
    return out;
}

bool name_exists(Db& db, std::int64_t zone_id, const dns::Name& name) {
    auto st = db.prepare("SELECT 1 FROM records WHERE zone_id = ? AND serial_deleted IS NULL AND "
                         "(owner = ? COLLATE NOCASE OR owner LIKE ? ESCAPE '\\') LIMIT 1");
    st.bind(1, zone_id).bind(2, name.to_string()).bind(3, below_pattern(name));
    return st.step();
}

} // namespace dnsclay::store
