#pragma once
// DNS over UDP. Receiving threads of the listener's own take datagrams in batches
// (recvmmsg) and answer queries from the local copy right there, sending a batch's answers
// together (sendmmsg): a small query then costs no hand-off between threads, which is what
// dominated it before. Requests that may block on a provider or a zone lock (UPDATE,
// NOTIFY, AXFR/IXFR asked over UDP) go to the worker pool, which sends their answer itself
// (sendto on a UDP socket is atomic per datagram).
#include "lib/server/runtime.hpp"

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace dnsclay::server {

class UdpListener : public std::enable_shared_from_this<UdpListener> {
  public:
    // Binds the socket; throws std::system_error if it cannot.
    UdpListener(Runtime& rt, const asio::ip::udp::endpoint& endpoint);
    ~UdpListener();
    UdpListener(const UdpListener&) = delete;
    UdpListener& operator=(const UdpListener&) = delete;

    // Starts `threads` receiving threads (at least one).
    void start(std::size_t threads);
    // Stops receiving and waits for the receiving threads; answers to requests still on
    // the worker pool can be sent until the listener is destroyed.
    void stop();
    asio::ip::udp::endpoint local_endpoint() const;

  private:
    void receive_loop();
    // Blocks until the socket is readable or stop() is called; false after stop().
    bool wait_readable() const;
    // Hands a request that may block to the worker pool (an UPDATE to its zone's lane),
    // unless too many are in flight.
    void post_to_workers(std::span<const std::uint8_t> wire, const asio::ip::udp::endpoint& peer);

    Runtime& rt_;
    int socket_ = -1;
    int wake_ = -1; // an eventfd, readable once stop() is called
    std::atomic<bool> stopping_{false};
    std::vector<std::thread> threads_;
};

} // namespace dnsclay::server
