#pragma once
// The clock and the sleep the HTTP client waits with. Tests give their own, so retries,
// Retry-After and rate limits are checked by what was waited for, without waiting.
#include <atomic>
#include <chrono>
#include <functional>

namespace dnsclay::http {

struct Timing {
    // Monotonic time, for the rate limiter.
    std::function<std::chrono::steady_clock::time_point()> now;
    // Wall-clock time, for Retry-After given as an HTTP date.
    std::function<std::chrono::system_clock::time_point()> wall;
    // Waits this long, or less if `cancel` is set meanwhile.
    std::function<void(std::chrono::milliseconds, const std::atomic<bool>* cancel)> sleep;
    // A number in [0, 1) for the jitter of backoff delays.
    std::function<double()> random;
};

// The real clocks, a sleep that checks `cancel` every 100 ms, and a seeded PRNG.
const Timing& real_timing();

} // namespace dnsclay::http
