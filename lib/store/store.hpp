#pragma once
// The state directory: where it is, creating it (0700) and opening state.db (0600) at the
// current schema version.
#include "lib/store/config.hpp"
#include "lib/store/db.hpp"

#include <memory>
#include <string>

namespace dnsclay::store {

// --state-dir, else $DNSCLAY_STATE_DIR, else /var/lib/dnsclay for root, else
// ${XDG_STATE_HOME:-~/.local/state}/dnsclay.
std::string resolve_state_dir(const std::string& flag);

// Creates the directory (and missing parents) with mode 0700 if it is not there.
void ensure_dir(const std::string& path);

// Seconds since the Unix epoch; every stored time uses it.
std::int64_t now_unix();

class Store {
  public:
    // Creates the directory if needed and opens state.db, migrating it to this binary's
    // schema version.
    Store(const std::string& dir, const Config& config);
    Db& db() { return *db_; }
    const std::string& dir() const { return dir_; }
    const Config& config() const { return config_; }

  private:
    std::string dir_;
    Config config_;
    std::unique_ptr<Db> db_;
};

} // namespace dnsclay::store
