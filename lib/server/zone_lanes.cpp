#include "lib/server/zone_lanes.hpp"

#include <algorithm>

namespace dnsclay::server {

ZoneLanes::ZoneLanes(std::size_t max_threads, std::size_t per_lane)
    : max_threads_(std::max<std::size_t>(1, max_threads)),
      per_lane_(std::max<std::size_t>(1, per_lane)) {}

ZoneLanes::~ZoneLanes() {
    join();
}

void ZoneLanes::make_ready(const std::string& name, Lane& lane) {
    if (lane.ready || lane.waiting.empty() || lane.running >= per_lane_) return;
    lane.ready = true;
    ready_.push_back(name);
    if (idle_ > 0)
        wake_.notify_one();
    else if (threads_.size() < max_threads_)
        threads_.emplace_back([this] { work(); });
}

void ZoneLanes::post(const std::string& lane, std::function<void()> job) {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    auto& l = lanes_[lane];
    l.waiting.push_back(std::move(job));
    make_ready(lane, l);
}

void ZoneLanes::join() {
    std::unique_lock lock(mutex_);
    stopping_ = true;
    wake_.notify_all();
    // A thread may still start another while jobs wait: join until none is left.
    while (!threads_.empty()) {
        auto threads = std::move(threads_);
        threads_.clear();
        lock.unlock();
        for (auto& t : threads)
            t.join();
        lock.lock();
    }
}

void ZoneLanes::work() {
    std::unique_lock lock(mutex_);
    for (;;) {
        ++idle_;
        wake_.wait(lock, [this] { return !ready_.empty() || (stopping_ && lanes_.empty()); });
        --idle_;
        if (ready_.empty()) return; // stopping, and every job has run
        auto name = std::move(ready_.front());
        ready_.pop_front();
        auto& lane = lanes_[name];
        lane.ready = false;
        // Moved out, so that what it holds is released before this thread waits again.
        auto job = std::move(lane.waiting.front());
        lane.waiting.pop_front();
        ++lane.running;
        make_ready(name, lane); // to the back: a busy zone takes turns with the others
        lock.unlock();
        job();
        job = nullptr;
        lock.lock();
        --lane.running; // the lane outlived the job: a lane is only erased when idle
        make_ready(name, lane);
        if (lane.running == 0 && lane.waiting.empty()) {
            lanes_.erase(name);
            if (stopping_ && lanes_.empty()) wake_.notify_all();
        }
    }
}

} // namespace dnsclay::server
