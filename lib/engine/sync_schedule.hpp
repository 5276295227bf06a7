#pragma once
// When a zone is synced and checked next: pure functions of the zone's settings, its sync
// state and the time, so that every process that syncs (serve's scheduler, a cron
// `dnsclay sync`) writes the same plan into state.db, and so that tests need no clock.
//
// - A full sync every sync interval, a cheap check (the provider's serial) every refresh
//   interval (0: no checks).
// - After a change, checks come sooner, since more changes tend to follow (key rollovers,
//   ACME challenges): at 1/50, 2/50, ... 5/50 of the refresh interval after the change,
//   then every 1/10 until a whole interval has passed.
// - Failures in a row back off exponentially from 30 s, never beyond the normal interval.
// - Regular times are pulled earlier by up to a tenth of the interval, by an amount that
//   depends on the zone and the time, so zones added together drift apart.
#include "lib/store/model.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace dnsclay::engine {

struct SyncPlanSettings {
    std::int64_t sync_interval = 0;    // seconds, > 0
    std::int64_t refresh_interval = 0; // seconds; 0: no cheap checks
};

// The intervals of a zone, with floors that keep a misconfiguration from hammering the
// operator (1 minute for syncs, 5 s for the shortest check step).
SyncPlanSettings plan_settings(const store::Zone& zone);

// Up to interval/10 seconds, from a hash of the zone's name and `now`.
std::int64_t jitter(std::string_view zone, std::int64_t now, std::int64_t interval);

// The next cheap check after one at `now` found nothing new; `last_change` restarts the
// burst of earlier checks. nullopt if the zone has no checks.
std::optional<std::int64_t> next_check(std::string_view zone, const SyncPlanSettings& settings,
                                       std::optional<std::int64_t> last_change, std::int64_t now);

// The next full sync after one that succeeded at `now`.
std::int64_t next_sync(std::string_view zone, const SyncPlanSettings& settings, std::int64_t now);

// The wait after the `failures`-th failure in a row (>= 1) of something that normally
// happens every `interval` seconds: 30 s, 60 s, 120 s ... at most `interval`.
std::int64_t backoff(std::int64_t failures, std::int64_t interval);

} // namespace dnsclay::engine
