#pragma once
// "Change records in a zone": the one code path that `records add|delete|edit`, the
// gateway's UPDATE and sync share. A change is computed against the zone's current
// records, applied through the zone's provider, and then recorded in one state.db
// transaction: history (tombstones for what went, rows for what came), the next serial,
// and an audit row.
#include "lib/store/model.hpp"
#include "lib/store/store.hpp"
#include "lib/zone/rrset.hpp"
#include "providers/provider.hpp"

#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>

namespace dnsclay::zone {

// A zone and its current records (without the SOA, which soa_record() generates): all of
// them, or only those at some names.
struct ZoneSnapshot {
    store::Zone zone;
    RRsetMap rrsets;
    // Set when only the records at these names were read: `rrsets` then holds every rrset
    // at each of them and nothing else.
    std::optional<std::set<dns::Name>> owners = std::nullopt;

    // True if `rrsets` holds everything the zone has at `name`.
    bool holds(const dns::Name& name) const { return !owners || owners->count(name) > 0; }
};

// Reads the zone and its records: all of them, or with `owners` only those at these names
// (one index lookup each, however large the zone). Throws NotFound if there is no such zone
// (`zone_name` absolute, lower case).
ZoneSnapshot load_snapshot(store::Db& db, const std::string& zone_name,
                           const std::optional<std::set<dns::Name>>& owners = std::nullopt);

// Makes rrset `key` hold exactly `records` (none: delete it).
struct RRsetReplacement {
    RRsetKey key;
    std::vector<dns::Record> records;
};

struct ChangeRequest {
    std::string zone; // absolute, lower case
    // Computes the replacements from the zone as it is; may run more than once if another
    // writer changes the zone meanwhile. Throws InvalidInput/NotFound to refuse.
    std::function<std::vector<RRsetReplacement>(const ZoneSnapshot&)> edit;
    // When set, the edit sees only the records at these names (ZoneSnapshot::owners) and
    // must neither need nor replace others: a change to a few names of a large zone then
    // reads and writes only those. The whole zone when empty.
    std::optional<std::set<dns::Name>> owners = std::nullopt;
    // Refuse with Conflict unless the zone's serial is still this one (an editor session
    // that started from it).
    std::optional<std::uint32_t> expected_serial;
    std::string actor;  // for the audit log: "cli:USER", "cred:NAME"
    std::string action; // for the audit log: "records add", "update" ...
    // For the audit log: what was asked, when that says more than the resulting changes
    // (an UPDATE's RRs and its peer).
    std::string request;
    bool dry_run = false;
};

struct ChangeResult {
    ChangeSet changes;
    std::uint32_t serial_before = 0;
    std::uint32_t serial_after = 0; // serial_before if nothing was written
};

// Throws NotFound, InvalidInput, Conflict, providers::ProviderError, store::StoreError.
ChangeResult change_records(store::Store& store, const ChangeRequest& request);

// What became of one of several changes: its result, or what it was refused or failed with.
struct ChangeOutcome {
    ChangeResult result;
    std::exception_ptr error;
};

// Makes several changes to one zone (all `requests` name the same zone) in their order,
// each computed against the zone as the ones before it left it; one refused or failed does
// not stop the others. Where the zone's records live in state.db, they are all recorded in
// one transaction under one new serial (group commit: many UPDATEs share the cost of a
// commit); otherwise each goes to the provider and is recorded on its own. Throws, for all
// of them, only if the zone cannot be read or the transaction fails (NotFound,
// providers::ProviderError, store::StoreError).
std::vector<ChangeOutcome> change_records(store::Store& store,
                                          std::span<const ChangeRequest> requests);

// The zone's provider, with its account's references resolved now; `cancel`, when set,
// makes its calls give up (see providers::ProviderContext). Throws store::ResolveError,
// providers::ProviderError.
std::unique_ptr<providers::Provider> open_provider(store::Store& store, const store::Zone& zone,
                                                   const std::atomic<bool>* cancel = nullptr);

// Records `changes` in the zone's history at `serial` and time `now`, against the records
// the local copy holds now: records that go get a tombstone, records that come get a row,
// records in both stay. Reads only the changed names' rows, unless the changes touch so
// many names that reading the whole zone once is cheaper. The caller holds the write
// transaction and sets the serial.
void write_history(store::Db& db, std::int64_t zone_id, const ChangeSet& changes,
                   std::uint32_t serial, std::int64_t now);

// A one-line description of a change set for logs and the audit log.
std::string describe(const ChangeSet& changes);

} // namespace dnsclay::zone
