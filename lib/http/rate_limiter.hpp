#pragma once
// Token buckets that pace the requests to one operator account. Operators count requests
// per account (token, API key), not per zone, so every zone and every thread of the process
// that uses one account shares one bucket: shared_limiter() hands out the same bucket for
// the same key.
#include "lib/http/rate.hpp"
#include "lib/http/timing.hpp"

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

namespace dnsclay::http {

// Sustained at the rate's average; the bucket holds one second's worth of requests (at
// least one), so a burst never exceeds what the operator allows in a second either.
class RateLimiter {
  public:
    RateLimiter(Rate rate, std::chrono::steady_clock::time_point now);
    // Takes a token and returns how long to wait before sending (zero if one was there).
    // Waiting callers queue: each reservation pushes the next one further out.
    std::chrono::milliseconds reserve(std::chrono::steady_clock::time_point now);
    Rate rate() const;
    // A new rate for the bucket (a changed config): later reservations use it.
    void set_rate(Rate rate);

  private:
    mutable std::mutex mutex_;
    double per_second_ = 1;
    double capacity_ = 1;
    double tokens_ = 1; // below zero: reservations waiting
    std::chrono::steady_clock::time_point last_;
    Rate rate_;
};

// The process-wide bucket for `key` (provider name and account identity), created with
// `rate` the first time and set to `rate` when it differs. A rate of 0 requests: nullptr
// (no limit).
std::shared_ptr<RateLimiter> shared_limiter(const std::string& key, Rate rate,
                                            const Timing& timing = real_timing());

} // namespace dnsclay::http
