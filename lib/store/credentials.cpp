#include "lib/store/credentials.hpp"

#include "lib/store/store.hpp"

namespace dnsclay::store {
namespace {

constexpr std::string_view kColumns =
    "SELECT id, name, kind, algorithm, secret, spki_sha256, read_only, created FROM credentials ";

Credential read_credential(Db& db, const Stmt& st) {
    Credential c;
    c.id = st.int64(0);
    c.name = st.text(1);
    c.kind = st.text(2);
    c.algorithm = st.opt_text(3).value_or("");
    c.secret = st.opt_text(4).value_or("");
    c.spki_sha256 = st.blob(5);
    c.read_only = st.int64(6) != 0;
    c.created = st.int64(7);
    auto names = db.prepare(
        "SELECT pattern FROM credential_allow_names WHERE credential_id = ? ORDER BY pattern");
    names.bind(1, c.id);
    while (names.step())
        c.allow_names.push_back(names.text(0));
    auto types =
        db.prepare("SELECT type FROM credential_allow_types WHERE credential_id = ? ORDER BY type");
    types.bind(1, c.id);
    while (types.step())
        c.allow_types.push_back(static_cast<std::uint16_t>(types.int64(0)));
    auto zones = db.prepare("SELECT z.name FROM zone_grants g JOIN zones z ON z.id = g.zone_id "
                            "WHERE g.credential_id = ? ORDER BY z.name");
    zones.bind(1, c.id);
    while (zones.step())
        c.zones.push_back(zones.text(0));
    return c;
}

std::optional<Credential> find_one(Db& db, Stmt& st) {
    if (!st.step()) return std::nullopt;
    return read_credential(db, st);
}

} // namespace

std::int64_t insert_credential(Db& db, const Credential& c,
                               const std::vector<std::int64_t>& zone_ids) {
    auto st = db.prepare("INSERT INTO credentials (name, kind, algorithm, secret, spki_sha256, "
                         "read_only, created) VALUES (?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, c.name).bind(2, c.kind);
    if (c.kind == "tsig") {
        st.bind(3, c.algorithm).bind(4, c.secret).bind_null(5);
    } else {
        st.bind_null(3).bind_null(4).bind_blob(5, c.spki_sha256);
    }
    st.bind(6, std::int64_t{c.read_only}).bind(7, c.created ? c.created : now_unix()).run();
    auto id = db.last_insert_id();
    auto names = db.prepare(
        "INSERT OR IGNORE INTO credential_allow_names (credential_id, pattern) VALUES (?, ?)");
    for (const auto& p : c.allow_names) {
        names.bind(1, id).bind(2, p).run();
        names.reset();
    }
    auto types = db.prepare(
        "INSERT OR IGNORE INTO credential_allow_types (credential_id, type) VALUES (?, ?)");
    for (auto t : c.allow_types) {
        types.bind(1, id).bind(2, std::int64_t{t}).run();
        types.reset();
    }
    auto grants =
        db.prepare("INSERT OR IGNORE INTO zone_grants (zone_id, credential_id) VALUES (?, ?)");
    for (auto z : zone_ids) {
        grants.bind(1, z).bind(2, id).run();
        grants.reset();
    }
    return id;
}

std::optional<Credential> find_credential(Db& db, std::string_view name) {
    auto st = db.prepare(std::string(kColumns) + "WHERE name = ?");
    st.bind(1, name);
    return find_one(db, st);
}

std::optional<Credential> find_credential_by_pin(Db& db, std::span<const std::uint8_t> spki) {
    auto st = db.prepare(std::string(kColumns) + "WHERE spki_sha256 = ?");
    st.bind_blob(1, spki);
    return find_one(db, st);
}

std::vector<Credential> list_credentials(Db& db) {
    auto st = db.prepare(std::string(kColumns) + "ORDER BY name");
    std::vector<Credential> out;
    while (st.step())
        out.push_back(read_credential(db, st));
    return out;
}

bool delete_credential(Db& db, std::string_view name) {
    db.prepare("DELETE FROM credentials WHERE name = ?").bind(1, name).run();
    return db.changes() > 0;
}

} // namespace dnsclay::store
