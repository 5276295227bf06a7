#pragma once
// The refresh scheduler that `serve` runs: for every zone of the state directory whose
// records live at an operator, a full sync when its next_sync comes, and a cheap check
// (check_zone) when its next_refresh comes. The times are in state.db (sync_schedule.hpp
// computes them), so a cron `dnsclay sync` moves serve's plan too, and zones added by
// other processes are picked up at the next poll.
//
// For serve:
//     engine::SyncScheduler::Options options;
//     options.on_change = [&](auto& z) { notifier.zone_changed(z); };   // SyncReport
//     engine::SyncScheduler scheduler(state_dir, config, options);
//     scheduler.start();   ...   scheduler.stop();   // stop() cancels provider calls
//
// Zones are handled one at a time on the scheduler's thread; a slow operator holds the
// others back for at most the provider timeout (config sync.provider_timeout).
#include "lib/engine/sync_event.hpp"
#include "lib/store/config.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace dnsclay::engine {

class SyncScheduler {
  public:
    struct Options : SyncReport {
        // The clock (Unix seconds); store::now_unix when empty.
        std::function<std::int64_t()> now;
        // How often state.db is looked at for new zones and times changed elsewhere.
        std::chrono::milliseconds poll{std::chrono::seconds(30)};
    };

    SyncScheduler(std::string state_dir, store::Config config, Options options);
    ~SyncScheduler(); // stops
    SyncScheduler(const SyncScheduler&) = delete;
    SyncScheduler& operator=(const SyncScheduler&) = delete;

    // Starts the thread; the first round runs at once.
    void start();
    // Cancels the provider call in progress and joins the thread.
    void stop();
    // Makes the thread look at state.db now (a zone was added or changed).
    void wake();

    // One round at time `now`, on the caller's thread: syncs and checks every zone that is
    // due, and returns the earliest time anything is due next (nullopt: nothing
    // scheduled). The thread calls it in a loop; tests call it with their own times.
    std::optional<std::int64_t> run_due(std::int64_t now);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace dnsclay::engine
