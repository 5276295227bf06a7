#include "lib/server/stream_listener.hpp"

#include "lib/server/address.hpp"

#include <algorithm>

namespace dnsclay::server {
namespace {

template <typename T> void prune(std::vector<std::weak_ptr<T>>& v) {
    v.erase(std::remove_if(v.begin(), v.end(), [](const auto& w) { return w.expired(); }), v.end());
}

template <typename T> void close_all(std::vector<std::weak_ptr<T>>& v) {
    for (auto& w : v)
        if (auto c = w.lock()) c->close();
    v.clear();
}

} // namespace

StreamListener::StreamListener(Runtime& rt, const asio::ip::tcp::endpoint& endpoint,
                               std::shared_ptr<asio::ssl::context> tls)
    : rt_(rt), acceptor_(asio::make_strand(rt.io)), tls_(std::move(tls)) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    if (endpoint.address().is_v6()) acceptor_.set_option(asio::ip::v6_only(true));
    acceptor_.bind(endpoint);
    acceptor_.listen();
}

void StreamListener::start() {
    accept();
}

void StreamListener::stop(bool close_connections) {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
        asio::error_code ignored;
        self->acceptor_.close(ignored);
    });
    if (!close_connections) return;
    std::lock_guard lock(mutex_);
    close_all(tcp_connections_);
    close_all(tls_connections_);
}

void StreamListener::accept() {
    acceptor_.async_accept(asio::make_strand(rt_.io), [self = shared_from_this()](
                                                          const asio::error_code& ec,
                                                          asio::ip::tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !self->acceptor_.is_open()) return;
        if (!ec) {
            asio::error_code peer_ec;
            auto peer = socket.remote_endpoint(peer_ec);
            if (peer_ec || self->rt_.stopping ||
                self->rt_.connections >= self->rt_.limits().max_connections) {
                socket.close(peer_ec);
            } else {
                ++self->rt_.connections;
                socket.set_option(asio::ip::tcp::no_delay(true), peer_ec);
                std::lock_guard lock(self->mutex_);
                if (self->tls_) {
                    prune(self->tls_connections_);
                    auto c = std::make_shared<TlsConnection>(
                        self->rt_,
                        asio::ssl::stream<asio::ip::tcp::socket>(std::move(socket), *self->tls_),
                        format_endpoint(peer));
                    self->tls_connections_.push_back(c);
                    c->start();
                } else {
                    prune(self->tcp_connections_);
                    auto c = std::make_shared<TcpConnection>(self->rt_, std::move(socket),
                                                             format_endpoint(peer));
                    self->tcp_connections_.push_back(c);
                    c->start();
                }
            }
        }
        // Errors such as running out of file descriptors are temporary: keep accepting.
        self->accept();
    });
}

} // namespace dnsclay::server
