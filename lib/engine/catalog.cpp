#include "lib/engine/catalog.hpp"

#include "lib/store/credentials.hpp"
#include "lib/store/zones.hpp"

namespace dnsclay::engine {

const store::Zone* CatalogData::find_zone(const dns::Name& apex) const {
    auto it = zones.find(apex.canonical().to_string());
    return it == zones.end() ? nullptr : &it->second;
}

const store::Zone* CatalogData::find_zone_for(const dns::Name& name) const {
    dns::Name n = name.canonical();
    for (;;) {
        if (auto it = zones.find(n.to_string()); it != zones.end()) return &it->second;
        if (n.is_root()) return nullptr;
        n = n.parent();
    }
}

const store::Credential* CatalogData::find_tsig(const dns::Name& key_name) const {
    std::string name = key_name.canonical().to_string();
    if (name.size() > 1) name.pop_back(); // credentials are stored without the root dot
    auto it = credentials.find(name);
    if (it == credentials.end() || it->second.kind != "tsig") return nullptr;
    return &it->second;
}

const store::Credential* CatalogData::find_pin(const std::vector<std::uint8_t>& pin) const {
    auto it = credential_by_pin.find(pin);
    if (it == credential_by_pin.end()) return nullptr;
    return &credentials.at(it->second);
}

Catalog::Catalog(const std::string& db_path, std::chrono::milliseconds busy_timeout)
    : db_(db_path, busy_timeout) {}

std::shared_ptr<const CatalogData> Catalog::current() {
    std::lock_guard lock(mutex_);
    auto st = db_.prepare("PRAGMA data_version");
    st.step();
    std::int64_t version = st.int64(0);
    if (!data_ || version_ != version) {
        data_ = load();
        version_ = version;
    }
    return data_;
}

std::shared_ptr<const CatalogData> Catalog::load() {
    auto data = std::make_shared<CatalogData>();
    store::Transaction tx(db_, store::Transaction::Kind::Read);
    for (auto& z : store::list_zones(db_))
        data->zones.emplace(z.name, std::move(z));
    for (auto& c : store::list_credentials(db_)) {
        if (c.kind == "tls" && !c.spki_sha256.empty())
            data->credential_by_pin[c.spki_sha256] = c.name;
        data->credentials.emplace(c.name, std::move(c));
    }
    tx.commit();
    return data;
}

} // namespace dnsclay::engine
