#pragma once
// How many write transactions the connections of this process (every store::Db) have
// committed so far, each counted once it is visible to other connections (by a WAL hook
// that store::Db installs): a cheap way for a cache of state.db, the gateway's catalog,
// to notice this process's own changes at once.
#include <cstdint>

namespace dnsclay::store {

std::uint64_t commits();

} // namespace dnsclay::store
