#pragma once
// The threads that run UPDATEs, apart from the pool that answers queries and transfers, so
// that UPDATEs waiting on a provider never delay a read. Each zone is a lane: its jobs start
// in the order they came, at most `per_lane` of them at once, and jobs beyond that wait in
// the lane holding no thread. Running several of a zone's UPDATEs at once lets their
// parsing and TSIG checks overlap and lets the UPDATE engine commit them together (group
// commit); the engine itself still changes a zone one batch at a time (RFC 2136 §3.7). A
// slow provider therefore holds at most `per_lane` threads; threads are started when a job
// finds none idle, up to `max_threads`, so other zones keep theirs.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dnsclay::server {

class ZoneLanes {
  public:
    ZoneLanes(std::size_t max_threads, std::size_t per_lane);
    ~ZoneLanes();
    ZoneLanes(const ZoneLanes&) = delete;
    ZoneLanes& operator=(const ZoneLanes&) = delete;

    // Runs `job` on one of the threads after every job posted earlier to `lane` has started,
    // once fewer than `per_lane` of the lane's jobs are running. Jobs must not throw.
    void post(const std::string& lane, std::function<void()> job);
    // Runs every job posted so far, then stops the threads. Later posts are dropped.
    void join();

  private:
    struct Lane {
        std::deque<std::function<void()>> waiting;
        std::size_t running = 0;
        bool ready = false; // listed in ready_
    };
    void work();
    // Lists `name` in ready_ if it has a job it may start; wakes or starts a thread for it.
    void make_ready(const std::string& name, Lane& lane);

    const std::size_t max_threads_;
    const std::size_t per_lane_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::map<std::string, Lane> lanes_; // lanes with jobs waiting or running
    std::deque<std::string> ready_;     // lanes with a job that may start, oldest first
    std::size_t idle_ = 0;              // threads waiting for a ready lane
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

} // namespace dnsclay::server
