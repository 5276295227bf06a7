#pragma once
// Accepts TCP connections (plain DNS, or DNS-over-TLS with a TLS context) and starts a
// StreamConnection for each, up to the connection cap: beyond it a new connection is
// closed at once, so the clients already connected keep their service.
#include "lib/server/runtime.hpp"
#include "lib/server/stream_connection.hpp"

#include <asio/ssl.hpp>
#include <memory>
#include <mutex>
#include <vector>

namespace dnsclay::server {

class StreamListener : public std::enable_shared_from_this<StreamListener> {
  public:
    // `tls` null: plain TCP.
    StreamListener(Runtime& rt, const asio::ip::tcp::endpoint& endpoint,
                   std::shared_ptr<asio::ssl::context> tls);
    void start();
    // Stops accepting; `close_connections` also closes the open connections.
    void stop(bool close_connections);
    asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
    bool is_tls() const { return tls_ != nullptr; }

  private:
    void accept();
    Runtime& rt_;
    asio::ip::tcp::acceptor acceptor_;
    std::shared_ptr<asio::ssl::context> tls_;
    std::mutex mutex_;
    std::vector<std::weak_ptr<TcpConnection>> tcp_connections_;
    std::vector<std::weak_ptr<TlsConnection>> tls_connections_;
};

} // namespace dnsclay::server
