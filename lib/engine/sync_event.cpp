#include "lib/engine/sync_event.hpp"

namespace dnsclay::engine {
namespace {

const char* message(SyncEvent::Kind kind) {
    switch (kind) {
    case SyncEvent::Kind::Sync:
        return "sync";
    case SyncEvent::Kind::Check:
        return "check";
    case SyncEvent::Kind::Notify:
        return "sync for NOTIFY";
    }
    return "sync";
}

} // namespace

SyncEvent run_reported(const std::string& zone, SyncEvent::Kind kind,
                       const std::function<std::optional<SyncResult>()>& step,
                       const SyncReport& report) {
    SyncEvent event;
    event.zone = zone;
    event.kind = kind;
    bool changed = false;
    try {
        if (auto result = step()) {
            event.synced = true;
            event.changed_rrsets = result->changes.size();
            event.serial = result->serial_after;
            event.skipped_records = result->skipped.size();
            changed = result->changed();
        }
    } catch (const std::exception& e) {
        event.error = e.what();
    }
    if (changed && report.on_change) report.on_change(zone);
    if (report.on_event) report.on_event(event);
    return event;
}

void log_sync_event(Logger& log, const SyncEvent& e) {
    log.log(e.error.empty() ? LogLevel::Info : LogLevel::Warn, message(e.kind),
            {{"zone", e.zone},
             {"synced", e.synced ? "yes" : "no"},
             {"changed_rrsets", std::to_string(e.changed_rrsets)},
             {"serial", std::to_string(e.serial)},
             {"skipped_records", std::to_string(e.skipped_records)},
             {"error", e.error}});
}

} // namespace dnsclay::engine
