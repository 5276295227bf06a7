#pragma once
// Versioned schema of state.db. PRAGMA user_version holds the version; each migration
// moves the database one version up inside one transaction, so a crash leaves it at the
// old version. A database newer than this binary is refused rather than misread.
#include "lib/store/db.hpp"

#include <string_view>

namespace dnsclay::store {

// The version this binary writes.
int schema_version();

// The SQL that moves a database from version `to - 1` to `to` (1-based).
std::string_view migration_sql(int to);

// Brings the database to schema_version(). Throws StoreError if it is newer.
void migrate(Db& db);

// Migrates only up to `version`; tests use it to build old databases.
void migrate_to(Db& db, int version);

} // namespace dnsclay::store
