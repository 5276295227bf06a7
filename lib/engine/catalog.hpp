#pragma once
// What the gateway serves, read from state.db: zones (with our serial and SOA settings)
// and credentials. Other processes (`zone add`, `cred add`, `sync`) change state.db while
// `serve` runs, so requests ask for the current catalog; it is reloaded only when SQLite's
// data_version says a connection committed something. Checking data_version is a read
// transaction (file locks, system calls) on one connection, too slow for every query at
// tens of thousands per second: recent() checks it at most once per kMaxAge, and at once
// after this process committed anything (store::commits()). Most commits (every UPDATE and
// sync) move only a zone's serial: state.db counts the other changes (catalog_changes),
// and while that count stands only the serials are read again, into the loaded catalog.
#include "lib/dns/name.hpp"
#include "lib/dns/record.hpp"
#include "lib/store/db.hpp"
#include "lib/store/model.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace dnsclay::engine {

// A zone as queries need it, prepared once per load instead of once per query.
struct ServedZone {
    const store::Zone* zone = nullptr; // its serial is as loaded; `serial` is current
    dns::Name apex;
    dns::Record soa; // ours (zone::soa_record), with the serial as loaded
    // The zone's serial now. Every UPDATE and sync moves it; the catalog then reads the
    // serials again and stores them here instead of loading everything (Catalog::refresh).
    mutable std::atomic<std::uint32_t> serial{0};

    // Our SOA record with the current serial.
    dns::Record soa_now() const;
};

struct CatalogData {
    CatalogData() = default;
    // Not copyable: the index of served zones points into `zones`.
    CatalogData(const CatalogData&) = delete;
    CatalogData& operator=(const CatalogData&) = delete;

    std::map<std::string, store::Zone> zones;             // by name: lower case, trailing dot
    std::map<std::string, store::Credential> credentials; // by name: lower case, no dot
    std::map<std::vector<std::uint8_t>, std::string> credential_by_pin;

    // Prepares the served zones from `zones`; called once they are all there.
    void index_zones();
    // Stores `serials` in the served zones; false if they are not the zones loaded (then
    // load everything again).
    bool store_serials(const std::vector<store::ZoneSerial>& serials) const;
    // The zone's current serial (a zone not served: as loaded).
    std::uint32_t serial_of(const store::Zone& zone) const;
    // The served zone `name` is in (the closest enclosing zone), or nullptr.
    const ServedZone* find_served_for(const dns::Name& name) const;
    // The zone `name` is in (the closest enclosing zone), or nullptr.
    const store::Zone* find_zone_for(const dns::Name& name) const;
    // The zone with exactly this apex, or nullptr.
    const store::Zone* find_zone(const dns::Name& apex) const;
    // A credential by TSIG key name (the record owner) or by TLS key pin; nullptr if none.
    const store::Credential* find_tsig(const dns::Name& key_name) const;
    const store::Credential* find_pin(const std::vector<std::uint8_t>& spki_sha256) const;

  private:
    std::unordered_map<dns::Name, ServedZone, dns::NameHash> served_; // by apex
    std::unordered_map<std::int64_t, const ServedZone*> served_by_id_;
};

class Catalog {
  public:
    // How far recent() may be behind other processes' changes, unless set_max_age().
    static constexpr std::chrono::milliseconds kMaxAge{2};

    Catalog(const std::string& db_path, std::chrono::milliseconds busy_timeout);
    // The catalog as of now: checks data_version, reloads if something changed.
    std::shared_ptr<const CatalogData> current();
    // The catalog with every change of this process, and those of other processes up to
    // max_age ago: for plain queries, which must be cheap. A caller missing a zone or key
    // in it asks current(), which sees one another process has just added.
    std::shared_ptr<const CatalogData> recent();
    // Tests make it long, to see what recent() keeps and when it looks again.
    void set_max_age(std::chrono::milliseconds max_age);

  private:
    using Clock = std::chrono::steady_clock;
    // Checks data_version and reloads if needed; db_mutex_ must be held.
    std::shared_ptr<const CatalogData> refresh();
    // Everything, when what the catalog holds other than serials changed or nothing is
    // loaded yet; else only the serials, into `old`. In one read transaction.
    std::shared_ptr<const CatalogData> reload(const std::shared_ptr<const CatalogData>& old);
    std::shared_ptr<const CatalogData> load();
    std::int64_t read_data_version();

    // Guards db_, data_version_ and version_; held while checking and reloading.
    std::mutex db_mutex_;
    // Used only for reading, so every commit (ours included, made on other connections)
    // changes its data_version.
    store::Db db_;
    store::Stmt data_version_;
    std::optional<std::int64_t> version_;
    // state.db's count of changes other than serials (catalog_changes, store/schema.cpp)
    // when data_ was loaded whole.
    std::int64_t changes_ = -1;

    // Guards what recent() reads; never held during database access.
    std::mutex data_mutex_;
    std::shared_ptr<const CatalogData> data_;
    std::chrono::milliseconds max_age_ = kMaxAge;
    Clock::time_point checked_at_;   // when the check that gave data_ began
    std::uint64_t commits_seen_ = 0; // store::commits() when it began
};

} // namespace dnsclay::engine
