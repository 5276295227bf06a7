#pragma once
// Reading a zone's records for display: the snapshot, and its records with the SOA first.
#include "cmd/common.hpp"
#include "lib/zone/change.hpp"

namespace dnsclay::cli {

// The zone and its records in one read transaction; exit 3 if there is no such zone.
zone::ZoneSnapshot read_zone(store::Store& st, const std::string& zone_name);

// The SOA, then every rrset in canonical order.
std::vector<dns::Record> zone_records(const zone::ZoneSnapshot& zone);

// `records edit`, which lives in its own file.
void register_records_edit(CLI::App& records, const GlobalOptions& global, int& exit_code);

} // namespace dnsclay::cli
