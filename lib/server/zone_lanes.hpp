#pragma once
// The threads that run UPDATEs, apart from the pool that answers queries and transfers, so
// that UPDATEs waiting on a provider never delay a read. Each zone is a lane: its UPDATEs
// run one at a time in the order they came (RFC 2136 §3.7 wants a zone's changes
// serialized), and an UPDATE waiting behind its zone's current one holds no thread. A
// slow provider therefore holds up only its own zone, until as many zones are slow at
// once as there are threads.
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
    explicit ZoneLanes(std::size_t threads);
    ~ZoneLanes();
    ZoneLanes(const ZoneLanes&) = delete;
    ZoneLanes& operator=(const ZoneLanes&) = delete;

    // Runs `job` on one of the threads once every job posted earlier to `lane` has
    // finished. Jobs must not throw.
    void post(const std::string& lane, std::function<void()> job);
    // Runs every job posted so far, then stops the threads. Later posts are dropped.
    void join();

  private:
    void work();

    std::mutex mutex_;
    std::condition_variable wake_;
    // The jobs of each lane that has any; the front one is running or about to.
    std::map<std::string, std::deque<std::function<void()>>> lanes_;
    std::deque<std::string> ready_; // lanes with jobs and none running, oldest first
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

} // namespace dnsclay::server
