#include "tests/support/fake_timing.hpp"

namespace dnsclay::test {

FakeTiming::FakeTiming()
    : now_(std::chrono::steady_clock::now()),
      // A whole second, so HTTP dates (whole seconds) compare exactly.
      wall_(std::chrono::system_clock::from_time_t(1'790'000'000)) {
    timing_.now = [this] {
        std::lock_guard lock(mutex_);
        return now_;
    };
    timing_.wall = [this] {
        std::lock_guard lock(mutex_);
        return wall_;
    };
    timing_.sleep = [this](std::chrono::milliseconds d, const std::atomic<bool>*) {
        std::lock_guard lock(mutex_);
        sleeps_.push_back(d);
        now_ += d;
        wall_ += d;
    };
    // The middle of the jitter range, so delays are predictable.
    timing_.random = [] { return 0.5; };
}

std::vector<std::chrono::milliseconds> FakeTiming::sleeps() const {
    std::lock_guard lock(mutex_);
    return sleeps_;
}

std::size_t FakeTiming::waits() const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (auto d : sleeps_)
        n += d.count() > 0;
    return n;
}

std::chrono::system_clock::time_point FakeTiming::wall() const {
    std::lock_guard lock(mutex_);
    return wall_;
}

} // namespace dnsclay::test
