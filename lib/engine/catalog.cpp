#include "lib/engine/catalog.hpp"

#include "lib/dns/error.hpp"
#include "lib/store/commit_count.hpp"
#include "lib/store/credentials.hpp"
#include "lib/store/zones.hpp"
#include "lib/zone/soa.hpp"

namespace dnsclay::engine {

void CatalogData::index_zones() {
    served_.clear();
    for (const auto& [name, zone] : zones) {
        try {
            auto apex = dns::Name::parse(name);
            served_.emplace(apex, ServedZone{&zone, apex, zone::soa_record(zone)});
        } catch (const dns::TextError&) { // a damaged row (edited by hand): not served
        }
    }
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
        data = load();
        version_ = version;
    }
    std::lock_guard data_lock(data_mutex_);
    data_ = data;
    checked_at_ = started;
    commits_seen_ = commits;
    return data;
}

std::shared_ptr<const CatalogData> Catalog::load() {
    auto data = std::make_shared<CatalogData>();
    store::Transaction tx(db_, store::Transaction::Kind::Read);
    for (auto& z : store::list_zones(db_))
        data->zones.emplace(z.name, std::move(z));
    data->index_zones();
    for (auto& c : store::list_credentials(db_)) {
        if (c.kind == "tls" && !c.spki_sha256.empty())
            data->credential_by_pin[c.spki_sha256] = c.name;
        data->credentials.emplace(c.name, std::move(c));
    }
    tx.commit();
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
