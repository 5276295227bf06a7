#include "lib/server/zone_lanes.hpp"

#include <algorithm>

namespace dnsclay::server {

ZoneLanes::ZoneLanes(std::size_t threads) {
    for (std::size_t i = 0; i < std::max<std::size_t>(1, threads); ++i)
        threads_.emplace_back([this] { work(); });
}

ZoneLanes::~ZoneLanes() {
    join();
}

void ZoneLanes::post(const std::string& lane, std::function<void()> job) {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    auto& jobs = lanes_[lane];
    jobs.push_back(std::move(job));
    if (jobs.size() == 1) { // the lane was idle
        ready_.push_back(lane);
        wake_.notify_one();
    }
}

void ZoneLanes::join() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        wake_.notify_all();
    }
    for (auto& t : threads_)
        if (t.joinable()) t.join();
}

void ZoneLanes::work() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return !ready_.empty() || (stopping_ && lanes_.empty()); });
        if (ready_.empty()) return; // stopping, and every job has run
        auto name = std::move(ready_.front());
        ready_.pop_front();
        // Moved out, so that what it holds is released before the lane's next job starts.
        auto job = std::move(lanes_[name].front());
        lock.unlock();
        job();
        job = nullptr;
        lock.lock();
        auto& jobs = lanes_[name];
        jobs.pop_front();
        if (jobs.empty()) {
            lanes_.erase(name);
            if (stopping_ && lanes_.empty()) wake_.notify_all();
        } else {
            // To the back: a busy zone takes turns with the others.
            ready_.push_back(std::move(name));
            wake_.notify_one();
        }
    }
}

} // namespace dnsclay::server
