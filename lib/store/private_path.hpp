#pragma once
// The state directory, state.db and config.toml hold TSIG secrets and decide who may change
// which zone: anyone who can write them can change the DNS. They must not be writable by
// the group or by others.
#include <optional>
#include <string>

namespace dnsclay::store {

// A sentence saying why `path` is unsafe to trust (writable by group or others) and how to
// fix it; nullopt if it is safe or does not exist.
std::optional<std::string> shared_write_problem(const std::string& path);

} // namespace dnsclay::store
