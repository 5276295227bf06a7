#include "lib/server/udp_listener.hpp"

#include "lib/server/address.hpp"

#include <sys/socket.h>

namespace dnsclay::server {

UdpListener::UdpListener(Runtime& rt, const asio::ip::udp::endpoint& endpoint)
    : rt_(rt), socket_(rt.io) {
    socket_.open(endpoint.protocol());
    if (endpoint.address().is_v6()) socket_.set_option(asio::ip::v6_only(true));
    socket_.bind(endpoint);
}

void UdpListener::start() {
    receive();
}

void UdpListener::stop() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
        asio::error_code ignored;
        self->socket_.cancel(ignored);
    });
}

void UdpListener::receive() {
    socket_.async_receive_from(
        asio::buffer(buffer_), from_,
        [self = shared_from_this()](const asio::error_code& ec, std::size_t n) {
            if (ec == asio::error::operation_aborted || self->rt_.stopping) return;
            // Beyond the cap requests are dropped: the client retries, as after a loss.
            if (!ec && self->rt_.in_flight() < self->rt_.limits().max_in_flight) {
                self->rt_.begin();
                asio::post(self->rt_.pool, [self, peer = self->from_,
                                            data = dns::Bytes(self->buffer_.begin(),
                                                              self->buffer_.begin() + n)] {
                    engine::RequestInfo info{engine::Transport::Udp, format_endpoint(peer), {}};
                    try {
                        self->rt_.dispatcher.handle(data, info, [&](dns::Bytes&& answer) {
                            // A full send buffer loses the answer like the network would.
                            ::sendto(self->socket_.native_handle(), answer.data(), answer.size(),
                                     MSG_DONTWAIT, peer.data(),
                                     static_cast<socklen_t>(peer.size()));
                        });
                    } catch (const std::exception&) { // already logged by the dispatcher
                    }
                    self->rt_.end();
                });
            }
            self->receive();
        });
}

} // namespace dnsclay::server
