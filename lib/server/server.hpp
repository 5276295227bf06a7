#pragma once
// The network side of `dnsclay serve`: UDP and TCP listeners on each --dns address, TLS
// listeners on each --dns-tls address, network threads, and the worker pool that runs the
// engine's Dispatcher. Listeners can be changed while running (SIGHUP reload) and the
// server stops gracefully: it stops accepting, lets requests in flight finish, then closes.
#include "lib/engine/context.hpp"
#include "lib/engine/dispatcher.hpp"
#include "lib/server/runtime.hpp"

#include <asio.hpp>
#include <asio/ssl.hpp>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace dnsclay::server {

class UdpListener;
class StreamListener;

struct ServerOptions {
    std::size_t io_threads = 2;
    std::size_t workers = 8; // queries, NOTIFY
    // Zone transfers: this many clients reading transfers slowly or not at all hold up
    // the transfers of others until their connections time out (never queries).
    std::size_t transfer_workers = 32;
    // UPDATE threads, started as needed, and how many of them one zone's UPDATEs may hold
    // (the largest group the engine commits together): update_threads / update_per_zone
    // zones with slow providers at once hold up the UPDATEs of the others (never queries).
    std::size_t update_threads = 256;
    std::size_t update_per_zone = 32;
};

class Server {
  public:
    Server(engine::Context& context, ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Needed before TLS addresses are listened on.
    void set_tls_context(std::shared_ptr<asio::ssl::context> tls) { tls_ = std::move(tls); }
    void set_limits(const Limits& limits) { runtime_.set_limits(limits); }

    // Makes the listeners those of `dns` (UDP and TCP) and `dns_tls`: opens the new ones,
    // closes those no longer wanted, keeps the rest. Throws std::system_error or
    // std::invalid_argument naming the address that failed; the others stay as they were.
    void listen(const std::vector<std::string>& dns, const std::vector<std::string>& dns_tls);
    // "udp 127.0.0.1:8053", "tcp ...", "tls ..." with the ports actually bound.
    std::vector<std::string> addresses() const;

    // Starts the network threads.
    void start();
    // Stops accepting, waits up to `grace` for requests in flight (changes finish), then
    // closes every connection and stops the threads.
    void stop(std::chrono::milliseconds grace);

  private:
    ServerOptions options_;
    asio::io_context io_;
    asio::thread_pool pool_;
    asio::thread_pool transfers_;
    ZoneLanes lanes_;
    engine::Dispatcher dispatcher_;
    Runtime runtime_;
    std::shared_ptr<asio::ssl::context> tls_;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
    std::vector<std::thread> threads_;
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<UdpListener>> udp_;
    std::map<std::string, std::shared_ptr<StreamListener>> tcp_; // "tcp ADDR" and "tls ADDR"
    bool stopped_ = false;
};

} // namespace dnsclay::server
