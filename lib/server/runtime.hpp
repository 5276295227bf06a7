#pragma once
// What the listeners share: the network event loop, the worker pool that runs requests
// and the zone lanes that run UPDATEs (they block on SQLite and on providers, so never on
// the network threads; only UDP queries, answered from the local copy, run on the UDP
// listener's own threads), the engine, the limits, and the count of requests in flight
// (what a graceful stop waits for).
#include "lib/engine/dispatcher.hpp"
#include "lib/server/zone_lanes.hpp"

#include <asio.hpp>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>

namespace dnsclay::server {

struct Limits {
    std::chrono::seconds idle_timeout{30};      // TCP/TLS: no complete message or write
    std::chrono::seconds handshake_timeout{15}; // TLS
    std::size_t max_connections = 256;          // TCP and TLS together
    std::size_t max_pipelined = 32;             // requests in flight per connection
    std::size_t max_in_flight = 1024;           // requests in flight in all (UDP drops beyond)
};

// The lane of `request`: for an UPDATE, its zone (the zone section's name in canonical
// form); none for anything else or for a message too broken to tell, which the dispatcher
// then answers or drops from the pool.
std::optional<std::string> update_lane(std::span<const std::uint8_t> request);

// True if `request` is a query for a zone transfer (AXFR or IXFR).
bool is_transfer(std::span<const std::uint8_t> request);

// Where a request runs: an UPDATE on its zone's lane, a zone transfer on the transfer
// workers, anything else on the pool. A transfer holds its worker while the client is slow
// to read (until the connection's idle timeout at worst): on workers of their own, clients
// reading transfers slowly or not at all never hold up queries.
struct Route {
    std::optional<std::string> update_lane;
    bool transfer = false;
};
Route route_of(std::span<const std::uint8_t> request);

class Runtime {
  public:
    Runtime(asio::io_context& io_context, asio::thread_pool& workers,
            asio::thread_pool& transfer_workers, ZoneLanes& update_lanes, engine::Dispatcher& d)
        : io(io_context), pool(workers), transfers(transfer_workers), updates(update_lanes),
          dispatcher(d) {}

    asio::io_context& io;
    asio::thread_pool& pool;
    asio::thread_pool& transfers;
    ZoneLanes& updates;
    engine::Dispatcher& dispatcher;

    // Runs `job` where `route` says (route_of).
    void run(const Route& route, std::function<void()> job) {
        if (route.update_lane)
            updates.post(*route.update_lane, std::move(job));
        else if (route.transfer)
            asio::post(transfers, std::move(job));
        else
            asio::post(pool, std::move(job));
    }

    Limits limits() const {
        std::lock_guard lock(mutex_);
        return limits_;
    }
    void set_limits(const Limits& l) {
        std::lock_guard lock(mutex_);
        limits_ = l;
    }

    std::atomic<std::size_t> connections{0};
    std::atomic<bool> stopping{false};

    // Requests being handled: begin() before posting to the pool, end() when done.
    std::size_t in_flight() const { return in_flight_; }
    void begin() { ++in_flight_; }
    void end() {
        if (--in_flight_ == 0) {
            std::lock_guard lock(mutex_);
            idle_.notify_all();
        }
    }
    // Waits until no request is in flight or `timeout` passes; true if none is.
    bool wait_idle(std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        return idle_.wait_for(lock, timeout, [this] { return in_flight_ == 0; });
    }

  private:
    mutable std::mutex mutex_;
    Limits limits_;
    std::atomic<std::size_t> in_flight_{0};
    std::condition_variable idle_;
};

} // namespace dnsclay::server
