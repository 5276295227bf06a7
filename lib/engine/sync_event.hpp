#pragma once
// What serve reports of each sync and check it runs, whether its scheduler
// (sync_scheduler.hpp) or a NOTIFY (notify.hpp) started it: a log line for each, and a
// wake-up of the NOTIFY sender after a change.
#include "lib/engine/log.hpp"
#include "lib/engine/sync.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace dnsclay::engine {

// What happened to one zone, for logs.
struct SyncEvent {
    std::string zone;
    // Sync: a scheduled full sync; Check: the cheap serial check; Notify: a full sync
    // for a NOTIFY.
    enum class Kind { Sync, Check, Notify } kind = Kind::Sync;
    bool synced = false; // a full sync ran (for a check: the serial had moved)
    std::size_t changed_rrsets = 0;
    std::uint32_t serial = 0; // the zone's serial afterwards
    std::size_t skipped_records = 0;
    std::string error; // empty on success
};

struct SyncReport {
    // After a change: wake the NOTIFY sender (it would find the serial at its next poll
    // anyway).
    std::function<void(const std::string& zone)> on_change;
    // Every sync and check, for logs.
    std::function<void(const SyncEvent&)> on_event;
};

// Runs `step`, a sync or check of `zone` (nullopt: a check that found the serial
// unmoved), and reports it. A failure is already recorded in the zone's sync state by
// sync_zone/check_zone; here it is reported, and returned as the event's error.
SyncEvent run_reported(const std::string& zone, SyncEvent::Kind kind,
                       const std::function<std::optional<SyncResult>()>& step,
                       const SyncReport& report);

// One line: "sync", "check" or "sync for NOTIFY" with the zone, what changed and the
// error (at level warn if there is one).
void log_sync_event(Logger& log, const SyncEvent& event);

} // namespace dnsclay::engine
