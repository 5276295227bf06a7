#pragma once
// A clock that moves only when the code under test sleeps, recording every sleep, so
// tests check what was waited for without waiting.
#include "lib/http/timing.hpp"

#include <mutex>
#include <vector>

namespace dnsclay::test {

class FakeTiming {
  public:
    FakeTiming();
    const http::Timing& timing() const { return timing_; }
    // Every sleep asked for, in order.
    std::vector<std::chrono::milliseconds> sleeps() const;
    // Sleeps longer than zero.
    std::size_t waits() const;
    std::chrono::system_clock::time_point wall() const;

  private:
    mutable std::mutex mutex_;
    std::chrono::steady_clock::time_point now_;
    std::chrono::system_clock::time_point wall_;
    std::vector<std::chrono::milliseconds> sleeps_;
    http::Timing timing_;
};

} // namespace dnsclay::test
