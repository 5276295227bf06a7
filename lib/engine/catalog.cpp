#include "lib/engine/catalog.hpp"

#include "lib/dns/error.hpp"
#include "lib/store/commit_count.hpp"
#include "lib/store/credentials.hpp"
#include "lib/store/zones.hpp"
#include "lib/zone/soa.hpp"

namespace dnsclay::engine {

dns::Record ServedZone::soa_now() const {
    auto record = soa;
    // The serial is the first of the five numbers that end SOA rdata (RFC 1035 §3.3.13).
    auto now = serial.load();
    auto at = record.rdata.size() - 20;
    for (int i = 0; i < 4; ++i)
        record.rdata[at + static_cast<std::size_t>(i)] =
            static_cast<std::uint8_t>(now >> (24 - 8 * i));
    return record;
}

void CatalogData::index_zones() {
    served_.clear();
    served_by_id_.clear();
    for (const auto& [name, zone] : zones) {
        try {
            auto apex = dns::Name::parse(name);
            auto [it, added] = served_.try_emplace(apex);
            auto& served = it->second;
            served.zone = &zone;
            served.apex = apex;
            served.soa = zone::soa_record(zone);
            served.serial = zone.serial;
            served_by_id_[zone.id] = &served;
        } catch (const dns::TextError&) { // a damaged row (edited by hand): not served
        }
    }
}

bool CatalogData::store_serials(const std::vector<store::ZoneSerial>& serials) const {
    if (serials.size() != zones.size()) return false;
    for (const auto& z : serials) {
        auto it = served_by_id_.find(z.id);
        if (it != served_by_id_.end()) it->second->serial = z.serial;
    }
    return true;
}

std::uint32_t CatalogData::serial_of(const store::Zone& zone) const {
    auto it = served_by_id_.find(zone.id);
    return it == served_by_id_.end() ? zone.serial : it->second->serial.load();
}

const ServedZone* CatalogData::find_served_for(const dns::Name& name) const {
    for (dns::Name n = name;; n = n.parent()) {
        if (auto it = served_.find(n); it != served_.end()) return &it->second;
        if (n.is_root()) return nullptr;
    }
}

const store::Zone* CatalogData::find_zone_for(const dns::Name& name) const {
    const auto* served = find_served_for(name);
    return served ? served->zone : nullptr;
}

const store::Zone* CatalogData::find_zone(const dns::Name& apex) const {
    auto it = served_.find(apex);
    return it == served_.end() ? nullptr : it->second.zone;
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
    : db_(db_path, busy_timeout), data_version_(db_.prepare("PRAGMA data_version")) {}

std::shared_ptr<const CatalogData> Catalog::current() {
    std::lock_guard db_lock(db_mutex_);
    return refresh();
}

std::shared_ptr<const CatalogData> Catalog::refresh() {
    // Taken before the check: a commit counted after this may or may not be in what we
    // read, so the next recent() checks again.
    auto started = Clock::now();
    auto commits = store::commits();
    std::int64_t version = read_data_version();
    std::shared_ptr<const CatalogData> data;
    {
        std::lock_guard data_lock(data_mutex_);
        data = data_;
    }
    if (!data || version_ != version) {
        data = reload(data);
        version_ = version;
    }
    std::lock_guard data_lock(data_mutex_);
    data_ = data;
    checked_at_ = started;
    commits_seen_ = commits;
    return data;
}

std::shared_ptr<const CatalogData> Catalog::reload(const std::shared_ptr<const CatalogData>& old) {
    store::Transaction tx(db_, store::Transaction::Kind::Read);
    auto counter = db_.prepare("SELECT n FROM catalog_changes");
    if (!counter.step()) throw store::StoreError("state.db has no catalog_changes row");
    const std::int64_t changes = counter.int64(0);
    counter.reset();
    std::shared_ptr<const CatalogData> data;
    if (old && changes == changes_ && old->store_serials(store::zone_serials(db_))) data = old;
    if (!data) data = load();
    tx.commit();
    changes_ = changes;
    return data;
}

std::shared_ptr<const CatalogData> Catalog::load() {
    auto data = std::make_shared<CatalogData>();
    for (auto& z : store::list_zones(db_))
        data->zones.emplace(z.name, std::move(z));
    data->index_zones();
    for (auto& c : store::list_credentials(db_)) {
        if (c.kind == "tls" && !c.spki_sha256.empty())
            data->credential_by_pin[c.spki_sha256] = c.name;
        data->credentials.emplace(c.name, std::move(c));
    }
    return data;
}

std::int64_t Catalog::read_data_version() {
    // Reset in every case: a statement left stepped keeps its read transaction open.
    try {
        data_version_.step();
        std::int64_t version = data_version_.int64(0);
        data_version_.reset();
        return version;
    } catch (...) {
        data_version_.reset();
        throw;
    }
}

void Catalog::set_max_age(std::chrono::milliseconds max_age) {
    std::lock_guard lock(data_mutex_);
    max_age_ = max_age;
}

std::shared_ptr<const CatalogData> Catalog::recent() {
    auto now = Clock::now();
    auto commits = store::commits();
    std::shared_ptr<const CatalogData> aged; // up to date but for other processes' changes
    {
        std::lock_guard lock(data_mutex_);
        if (data_ && commits == commits_seen_) {
            if (now - checked_at_ < max_age_) return data_;
            aged = data_;
        }
    }
    std::unique_lock db_lock(db_mutex_, std::defer_lock);
    // Only the age ran out: while another thread checks, this one need not wait for it.
    if (aged && !db_lock.try_lock()) return aged;
    if (!db_lock.owns_lock()) db_lock.lock();
    return refresh();
}

} // namespace dnsclay::engine
