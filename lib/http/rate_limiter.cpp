#include "lib/http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace dnsclay::http {

RateLimiter::RateLimiter(Rate rate, std::chrono::steady_clock::time_point now) : last_(now) {
    set_rate(rate);
    tokens_ = capacity_;
}

void RateLimiter::set_rate(Rate rate) {
    std::lock_guard lock(mutex_);
    rate_ = rate;
    per_second_ = static_cast<double>(rate.requests) / static_cast<double>(rate.per.count());
    capacity_ = std::max(1.0, std::floor(per_second_));
    tokens_ = std::min(tokens_, capacity_);
}

Rate RateLimiter::rate() const {
    std::lock_guard lock(mutex_);
    return rate_;
}

std::chrono::milliseconds RateLimiter::reserve(std::chrono::steady_clock::time_point now) {
    std::lock_guard lock(mutex_);
    if (now > last_) {
        std::chrono::duration<double> elapsed = now - last_;
        tokens_ = std::min(capacity_, tokens_ + elapsed.count() * per_second_);
        last_ = now;
    }
    tokens_ -= 1;
    if (tokens_ >= 0) return std::chrono::milliseconds(0);
    return std::chrono::milliseconds(static_cast<long>(std::ceil(-tokens_ / per_second_ * 1000)));
}

std::shared_ptr<RateLimiter> shared_limiter(const std::string& key, Rate rate,
                                            const Timing& timing) {
    if (rate.requests <= 0 || rate.per.count() <= 0) return nullptr;
    static std::mutex mutex;
    // Kept for the life of the process: providers are opened per operation, and the
    // bucket must remember the requests of the previous ones.
    static std::map<std::string, std::shared_ptr<RateLimiter>> limiters;
    std::lock_guard lock(mutex);
    auto& limiter = limiters[key];
    if (!limiter)
        limiter = std::make_shared<RateLimiter>(rate, timing.now());
    else if (limiter->rate() != rate)
        limiter->set_rate(rate);
    return limiter;
}

} // namespace dnsclay::http
