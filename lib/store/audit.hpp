#pragma once
// The audit log: who changed what, and how it ended. Rows are only ever appended.
#include "lib/store/db.hpp"
#include "lib/store/model.hpp"

#include <vector>

namespace dnsclay::store {

void append_audit(Db& db, const AuditEntry& entry);
// The newest `limit` entries, oldest first; only those of `zone` if it is not empty.
std::vector<AuditEntry> list_audit(Db& db, const std::string& zone, int limit);

// The actor for changes made from the command line: "cli:" and the login name.
std::string cli_actor();

} // namespace dnsclay::store
