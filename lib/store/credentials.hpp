#pragma once
// Credentials (TSIG keys and TLS client-key pins), their limits, and the zones they are
// granted on. The caller holds the transaction.
#include "lib/store/db.hpp"
#include "lib/store/model.hpp"

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace dnsclay::store {

// Inserts the credential with its limits and a grant on each zone id; returns its id.
std::int64_t insert_credential(Db& db, const Credential& cred,
                               const std::vector<std::int64_t>& zone_ids);
std::optional<Credential> find_credential(Db& db, std::string_view name);
std::optional<Credential> find_credential_by_pin(Db& db, std::span<const std::uint8_t> spki);
std::vector<Credential> list_credentials(Db& db);
// False if there was no such credential.
bool delete_credential(Db& db, std::string_view name);

} // namespace dnsclay::store
