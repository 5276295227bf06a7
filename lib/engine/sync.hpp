#pragma once
// A full sync of one zone: list the provider's records, compare them by rrset with the
// local copy, and record what differs. `dnsclay sync`, `zone add`'s first sync and the
// scheduler of `serve` (sync_scheduler.hpp) all call sync_zone.
//
// In one state.db transaction a sync writes the history (tombstones and new rows at the
// new serial), the zone's next serial (RFC 1982; ahead of the old one whatever the
// provider's serial does), an audit row, and the zone's sync state (times, the provider's
// serial, skipped records, errors, the next sync and check). The NOTIFY sender
// (notify.hpp) sees the new serial in state.db and notifies the zone's targets; a caller
// in the same process may wake it with Notifier::zone_changed.
//
// Concurrency: the listing happens outside the transaction. If another writer (serve's
// UPDATE, `records edit`) changed the zone meanwhile, the listing may predate that change,
// so it is taken again rather than recorded as a reversal.
#include "lib/store/store.hpp"
#include "lib/zone/rrset.hpp"
#include "providers/provider.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dnsclay::engine {

struct SyncOptions {
    bool dry_run = false;       // compare only: write nothing, not even the sync time
    std::string actor = "sync"; // for the audit log
    // The clock (Unix seconds); store::now_unix when empty. Tests inject their own.
    std::function<std::int64_t()> now;
    // Set on shutdown: the provider call in progress gives up.
    const std::atomic<bool>* cancel = nullptr;
    // Tests only: runs inside the write transaction just before it commits; throwing
    // from it rolls everything back, as a crash at that point would.
    std::function<void()> before_commit;
};

struct SyncResult {
    std::string zone;
    zone::ChangeSet changes; // how the local copy changed; empty if it did not
    std::uint32_t serial_before = 0;
    std::uint32_t serial_after = 0;               // serial_before if nothing changed
    std::optional<std::uint32_t> provider_serial; // the operator's SOA serial, if it has one
    std::vector<providers::SkippedRecord> skipped;
    bool changed() const { return !changes.empty(); }
};

// Runs a full sync of `zone_name` (absolute, lower case). A zone whose records live in
// state.db (provider `local`) has nothing to fetch: only its sync time is written.
// A provider failure is recorded in the zone's sync state (last error, failures in a row,
// backed-off next attempt) and rethrown. Throws zone::NotFound, providers::ProviderError,
// store::ResolveError (an account field's env:/file: reference), store::StoreError.
SyncResult sync_zone(store::Store& store, const std::string& zone_name,
                     const SyncOptions& options = {});

// The cheap check between full syncs: asks the provider for its serial (one SOA query,
// one small API call), or the zone's authoritative servers when it has them
// (soa_check.hpp), and runs a full sync only if the serial differs from the one seen
// last, or if the provider has no such serial. Returns the sync's result if one ran.
// Failures are recorded and rethrown as for sync_zone (SoaCheckError for the servers).
std::optional<SyncResult> check_zone(store::Store& store, const std::string& zone_name,
                                     const SyncOptions& options = {});

// Counters since the process started, for the metrics endpoint.
struct SyncCounters {
    std::atomic<std::uint64_t> syncs{0};           // full syncs that completed
    std::atomic<std::uint64_t> changes{0};         // of which changed the zone
    std::atomic<std::uint64_t> errors{0};          // syncs and checks that failed
    std::atomic<std::uint64_t> checks{0};          // cheap serial checks that completed
    std::atomic<std::uint64_t> skipped_records{0}; // provider records that could not be read
};
SyncCounters& sync_counters();

// How many skipped records sync state keeps the details of.
inline constexpr std::size_t kSkippedDetailMax = 5;

} // namespace dnsclay::engine
