#include "lib/engine/sync_schedule.hpp"

#include <algorithm>

namespace dnsclay::engine {
namespace {

constexpr std::int64_t kMinSyncInterval = 60;
constexpr std::int64_t kMinCheckStep = 5;
constexpr std::int64_t kFirstBackoff = 30;

// SplitMix64's finalizer: spreads nearby inputs (consecutive seconds) over the range.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

} // namespace

SyncPlanSettings plan_settings(const store::Zone& zone) {
    return {std::max(zone.sync_interval, kMinSyncInterval),
            zone.refresh_interval > 0 ? std::max(zone.refresh_interval, kMinCheckStep) : 0};
}

std::int64_t jitter(std::string_view zone, std::int64_t now, std::int64_t interval) {
    std::uint64_t h = 14695981039346656037ull; // FNV-1a of the name
    for (unsigned char c : zone)
        h = (h ^ c) * 1099511628211ull;
    auto span = static_cast<std::uint64_t>(interval / 10);
    if (span == 0) return 0;
    return static_cast<std::int64_t>(mix(h ^ static_cast<std::uint64_t>(now)) % (span + 1));
}

std::optional<std::int64_t> next_check(std::string_view zone, const SyncPlanSettings& settings,
                                       std::optional<std::int64_t> last_change, std::int64_t now) {
    const std::int64_t ival = settings.refresh_interval;
    if (ival <= 0) return std::nullopt;
    if (last_change && *last_change <= now && now < *last_change + ival) {
        std::int64_t t = *last_change;
        const std::int64_t small = std::max(ival / 50, kMinCheckStep);
        const std::int64_t large = std::max(ival / 10, kMinCheckStep);
        for (int i = 0; i < 5 && t <= now; ++i)
            t += small;
        while (t <= now)
            t += large;
        return std::min(t, *last_change + ival);
    }
    return now + ival - jitter(zone, now, ival);
}

std::int64_t next_sync(std::string_view zone, const SyncPlanSettings& settings, std::int64_t now) {
    return now + settings.sync_interval - jitter(zone, now, settings.sync_interval);
}

std::int64_t backoff(std::int64_t failures, std::int64_t interval) {
    std::int64_t wait = kFirstBackoff;
    for (std::int64_t i = 1; i < failures && wait < interval; ++i)
        wait *= 2;
    return std::min(wait, std::max(interval, kFirstBackoff));
}

} // namespace dnsclay::engine
