#include "lib/server/stream_connection.hpp"

#include "lib/server/tls_identity.hpp"

#include <type_traits>

namespace dnsclay::server {
namespace {

// How many answer bytes may wait for the client before a worker producing more waits:
// a few full-size transfer messages.
constexpr std::size_t kHighWater = 4 * 65537;

} // namespace

template <typename Stream> constexpr bool kIsTls = !std::is_same_v<Stream, asio::ip::tcp::socket>;

template <typename Stream>
StreamConnection<Stream>::StreamConnection(Runtime& rt, Stream stream, std::string peer)
    : rt_(rt), stream_(std::move(stream)), peer_(std::move(peer)), timer_(stream_.get_executor()),
      last_activity_(std::chrono::steady_clock::now()), established_(!kIsTls<Stream>) {}

template <typename Stream> asio::ip::tcp::socket& StreamConnection<Stream>::socket() {
    if constexpr (kIsTls<Stream>)
        return stream_.next_layer();
    else
        return stream_;
}

template <typename Stream> void StreamConnection<Stream>::start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        self->timer_.expires_at(self->last_activity_ + self->timeout());
        self->arm_timer();
        if constexpr (kIsTls<Stream>)
            self->handshake();
        else
            self->read_length();
    });
}

template <typename Stream> void StreamConnection<Stream>::handshake() {
    if constexpr (kIsTls<Stream>) {
        reading_ = true;
        stream_.async_handshake(asio::ssl::stream_base::server,
                                [self = shared_from_this()](const asio::error_code& ec) {
                                    self->reading_ = false;
                                    if (ec) return self->shutdown();
                                    SSL* ssl = self->stream_.native_handle();
                                    if (X509* cert = SSL_get0_peer_certificate(ssl))
                                        self->tls_pin_ = spki_pin(X509_get0_pubkey(cert));
                                    self->established_ = true;
                                    self->last_activity_ = std::chrono::steady_clock::now();
                                    self->read_length();
                                });
    }
}

template <typename Stream> void StreamConnection<Stream>::read_length() {
    if (closing_ || read_closed_ || reading_) return;
    reading_ = true;
    asio::async_read(stream_, asio::buffer(length_),
                     [self = shared_from_this()](const asio::error_code& ec, std::size_t) {
                         self->reading_ = false;
                         std::size_t length = std::size_t{self->length_[0]} << 8 | self->length_[1];
                         if (ec || length == 0) {
                             self->read_closed_ = true;
                             return self->maybe_finish();
                         }
                         self->read_body(length);
                     });
}

template <typename Stream> void StreamConnection<Stream>::read_body(std::size_t length) {
    reading_ = true;
    body_.resize(length);
    asio::async_read(stream_, asio::buffer(body_),
                     [self = shared_from_this()](const asio::error_code& ec, std::size_t) {
                         self->reading_ = false;
                         if (ec) {
                             self->read_closed_ = true;
                             return self->maybe_finish();
                         }
                         self->last_activity_ = std::chrono::steady_clock::now();
                         self->dispatch(std::move(self->body_));
                         if (self->in_flight_ < self->rt_.limits().max_pipelined)
                             self->read_length();
                     });
}

template <typename Stream> void StreamConnection<Stream>::dispatch(dns::Bytes request) {
    ++in_flight_;
    rt_.begin();
    auto route = route_of(request);
    rt_.run(route, [self = shared_from_this(), request = std::move(request)] {
        engine::RequestInfo info{kIsTls<Stream> ? engine::Transport::Tls : engine::Transport::Tcp,
                                 self->peer_, self->tls_pin_};
        bool close_after = true;
        try {
            close_after =
                self->rt_.dispatcher
                    .handle(request, info,
                            [&](dns::Bytes&& answer) { self->enqueue(std::move(answer)); })
                    .close_connection;
        } catch (const std::exception&) { // the connection is gone
        }
        asio::post(self->stream_.get_executor(),
                   [self, close_after] { self->finished(close_after); });
        self->rt_.end();
    });
}

template <typename Stream> void StreamConnection<Stream>::finished(bool close_after) {
    --in_flight_;
    if (close_after) read_closed_ = true;
    if (read_closed_)
        maybe_finish();
    else
        read_length();
}

// Runs on a worker: waits for room, then hands the message to the connection's strand.
template <typename Stream> void StreamConnection<Stream>::enqueue(dns::Bytes&& message) {
    {
        std::unique_lock lock(mutex_);
        room_.wait(lock, [this] { return closed_ || queued_bytes_ < kHighWater; });
        if (closed_) throw engine::ConnectionClosed("connection closed");
        queued_bytes_ += message.size() + 2;
    }
    Framed framed{
        {static_cast<std::uint8_t>(message.size() >> 8), static_cast<std::uint8_t>(message.size())},
        std::move(message)};
    asio::post(stream_.get_executor(),
               [self = shared_from_this(), m = std::move(framed)]() mutable {
                   if (self->closing_) return;
                   self->queue_.push_back(std::move(m));
                   if (!self->writing_) self->write_next();
               });
}

template <typename Stream> void StreamConnection<Stream>::write_next() {
    writing_ = true;
    const auto& next = queue_.front();
    std::array<asio::const_buffer, 2> buffers{asio::buffer(next.length),
                                              asio::buffer(next.message)};
    asio::async_write(stream_, buffers,
                      [self = shared_from_this()](const asio::error_code& ec, std::size_t) {
                          self->writing_ = false;
                          if (ec) return self->shutdown();
                          self->last_activity_ = std::chrono::steady_clock::now();
                          {
                              std::lock_guard lock(self->mutex_);
                              self->queued_bytes_ -= self->queue_.front().size();
                              self->room_.notify_all();
                          }
                          self->queue_.pop_front();
                          if (!self->queue_.empty())
                              self->write_next();
                          else
                              self->maybe_finish();
                      });
}

template <typename Stream> void StreamConnection<Stream>::maybe_finish() {
    if (read_closed_ && in_flight_ == 0 && queue_.empty() && !writing_) shutdown();
}

template <typename Stream> std::chrono::seconds StreamConnection<Stream>::timeout() const {
    auto limits = rt_.limits();
    return established_ ? limits.idle_timeout : limits.handshake_timeout;
}

template <typename Stream> void StreamConnection<Stream>::arm_timer() {
    timer_.async_wait([self = shared_from_this()](const asio::error_code& ec) {
        if (!ec) self->on_timer();
    });
}

template <typename Stream> void StreamConnection<Stream>::on_timer() {
    if (closing_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_activity_ < timeout()) {
        timer_.expires_at(last_activity_ + timeout());
    } else if (writing_ || in_flight_ == 0) {
        // Idle that long, or a write that has not finished for that long: the client
        // stopped reading.
        return shutdown();
    } else {
        // A request is still being worked on (a slow provider): keep the connection.
        timer_.expires_after(timeout());
    }
    arm_timer();
}

template <typename Stream> void StreamConnection<Stream>::shutdown() {
    if (closing_) return;
    closing_ = true;
    read_closed_ = true;
    --rt_.connections;
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        room_.notify_all();
    }
    timer_.cancel();
    queue_.clear();
    asio::error_code ignored;
    socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket().close(ignored);
}

template <typename Stream> void StreamConnection<Stream>::close() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] { self->shutdown(); });
}

template class StreamConnection<asio::ip::tcp::socket>;
template class StreamConnection<asio::ssl::stream<asio::ip::tcp::socket>>;

} // namespace dnsclay::server
