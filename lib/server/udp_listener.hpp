#pragma once
// DNS over UDP: one receive outstanding per socket on the network threads; each request
// runs on the worker pool and its answer is sent straight from there (sendto on a UDP
// socket is atomic per datagram).
#include "lib/server/runtime.hpp"

#include <array>
#include <memory>

namespace dnsclay::server {

class UdpListener : public std::enable_shared_from_this<UdpListener> {
  public:
    UdpListener(Runtime& rt, const asio::ip::udp::endpoint& endpoint);
    void start();
    // Stops receiving; answers to requests in flight can still be sent.
    void stop();
    asio::ip::udp::endpoint local_endpoint() const { return socket_.local_endpoint(); }

  private:
    void receive();
    Runtime& rt_;
    asio::ip::udp::socket socket_;
    asio::ip::udp::endpoint from_;
    std::array<std::uint8_t, 65535> buffer_{};
};

} // namespace dnsclay::server
