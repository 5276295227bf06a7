#include "lib/store/records.hpp"

namespace dnsclay::store {
namespace {

// The rows of the zone matching `where`, whose one parameter (if any) is `owner`.
std::vector<StoredRecord> query(Db& db, std::int64_t zone_id, std::string_view where,
                                const dns::Name* owner = nullptr) {
    auto st = db.prepare(std::string("SELECT id, owner, type, class, ttl, rdata, serial_first, "
                                     "time_first, serial_deleted, time_deleted FROM records "
                                     "WHERE zone_id = ? ") +
                         std::string(where));
    st.bind(1, zone_id);
    if (owner) st.bind(2, owner->to_string());
    std::vector<StoredRecord> out;
    while (st.step()) {
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
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace

std::vector<StoredRecord> active_records(Db& db, std::int64_t zone_id) {
    return query(db, zone_id, "AND serial_deleted IS NULL ORDER BY id");
}

std::vector<StoredRecord> active_records_at(Db& db, std::int64_t zone_id, const dns::Name& owner) {
    // The order is the index's (records_active_transfer), so SQLite reads it without sorting.
    return query(db, zone_id,
                 "AND serial_deleted IS NULL AND owner = ? COLLATE NOCASE ORDER BY type, id",
                 &owner);
}

std::vector<StoredRecord> record_history(Db& db, std::int64_t zone_id) {
    return query(db, zone_id, "ORDER BY time_first, id");
}

void insert_record(Db& db, std::int64_t zone_id, const dns::Record& r, std::uint32_t serial,
                   std::int64_t time) {
    db.prepare("INSERT INTO records (zone_id, owner, type, class, ttl, rdata, serial_first, "
               "time_first) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, zone_id)
        .bind(2, r.owner.to_string())
        .bind(3, std::int64_t{static_cast<std::uint16_t>(r.type)})
        .bind(4, std::int64_t{static_cast<std::uint16_t>(r.klass)})
        .bind(5, std::int64_t{r.ttl})
        .bind_blob(6, r.rdata)
        .bind(7, std::int64_t{serial})
        .bind(8, time)
        .run();
}

void tombstone_record(Db& db, std::int64_t record_id, std::uint32_t serial, std::int64_t time) {
    db.prepare("UPDATE records SET serial_deleted = ?, time_deleted = ? WHERE id = ?")
        .bind(1, std::int64_t{serial})
        .bind(2, time)
        .bind(3, record_id)
        .run();
}

} // namespace dnsclay::store
