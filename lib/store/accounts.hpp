#pragma once
// Provider accounts: which provider a zone uses and the values of its fields. A value may
// be a literal or a reference (env:VAR, file:PATH) read only when the provider is used,
// so a secret need not be stored in state.db.
#include "lib/store/db.hpp"
#include "lib/store/model.hpp"

#include <optional>
#include <stdexcept>
#include <string>

namespace dnsclay::store {

// A reference that cannot be resolved (unset variable, unreadable file).
class ResolveError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

std::int64_t insert_account(Db& db, const Account& account);
std::optional<Account> find_account(Db& db, std::int64_t id);

// The value a field stands for: the environment variable for env:VAR, the file's content
// without a final newline for file:PATH, else the literal. Throws ResolveError.
std::string resolve_field_value(const std::string& value);

// How a stored value is shown: references as written (they are not secret), a secret
// literal as "********".
std::string display_field_value(const std::string& value, bool secret);

} // namespace dnsclay::store
