#pragma once
// How a change set is shown: a diff by rrset for people (colored on a terminal) and a
// JSON document for scripts. Shared by records add, delete and edit, and sync.
#include "cmd/common.hpp"
#include "lib/zone/change.hpp"

namespace dnsclay::cli {

// Lines "- record" / "+ record" (and "  record" for records kept) per changed rrset.
std::string diff_text(const zone::ChangeSet& changes, bool color);

// {"zone": ..., "serial_before": N, "serial_after": N, "applied": bool,
//  "changes": [{"name", "type", "class", "before": [{"ttl","data"}], "after": [...]}]}
void print_change_json(const std::string& zone, const zone::ChangeResult& result, bool applied);

// The member "changes": [{"name", "type", "class", "before": [{"ttl","data"}], "after"}].
void changes_json(Json& j, const zone::ChangeSet& changes);

// One record as the JSON object {"name", "type", "class", "ttl", "data"}.
void record_json(Json& j, const dns::Record& r);

} // namespace dnsclay::cli
