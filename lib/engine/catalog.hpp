#pragma once
// What the gateway serves, read from state.db: zones (with our serial and SOA settings)
// and credentials. Other processes (`zone add`, `cred add`, `sync`) change state.db while
// `serve` runs, so every request asks for the current catalog; it is reloaded only when
// SQLite's data_version says another connection committed something, which costs one
// PRAGMA per request instead of a query.
#include "lib/dns/name.hpp"
#include "lib/store/db.hpp"
#include "lib/store/model.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace dnsclay::engine {

struct CatalogData {
    std::map<std::string, store::Zone> zones;             // by name: lower case, trailing dot
    std::map<std::string, store::Credential> credentials; // by name: lower case, no dot
    std::map<std::vector<std::uint8_t>, std::string> credential_by_pin;

    // The zone `name` is in (the closest enclosing zone), or nullptr.
    const store::Zone* find_zone_for(const dns::Name& name) const;
    // The zone with exactly this apex, or nullptr.
    const store::Zone* find_zone(const dns::Name& apex) const;
    // A credential by TSIG key name (the record owner) or by TLS key pin; nullptr if none.
    const store::Credential* find_tsig(const dns::Name& key_name) const;
    const store::Credential* find_pin(const std::vector<std::uint8_t>& spki_sha256) const;
};

class Catalog {
  public:
    Catalog(const std::string& db_path, std::chrono::milliseconds busy_timeout);
    // The catalog as of now; cheap when nothing changed.
    std::shared_ptr<const CatalogData> current();

  private:
    std::shared_ptr<const CatalogData> load();
    std::mutex mutex_;
    // Used only for reading, so every commit (ours included, made on other connections)
    // changes its data_version.
    store::Db db_;
    std::optional<std::int64_t> version_;
    std::shared_ptr<const CatalogData> data_;
};

} // namespace dnsclay::engine
