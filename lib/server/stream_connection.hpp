#pragma once
// One DNS-over-TCP (RFC 7766) or DNS-over-TLS (RFC 7858) connection. Requests are read as
// they come (pipelining) and handled in parallel on the worker pool, up to a cap per
// connection, and answers are written in the order they are ready (RFC 7766 §7 allows
// out-of-order answers). A transfer's messages wait for room in the send queue, so a slow
// reader holds back the transfer instead of filling memory. The connection closes after
// `idle_timeout` without a complete request or a written answer, when a write stalls that
// long, or when the client closes its side and everything asked has been answered.
#include "lib/server/runtime.hpp"

#include <array>
#include <asio/ssl.hpp>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace dnsclay::server {

template <typename Stream>
class StreamConnection : public std::enable_shared_from_this<StreamConnection<Stream>> {
  public:
    StreamConnection(Runtime& rt, Stream stream, std::string peer);
    void start();
    // Closes the connection (from any thread).
    void close();

  private:
    using std::enable_shared_from_this<StreamConnection<Stream>>::shared_from_this;
    void handshake();
    void read_length();
    void read_body(std::size_t length);
    void dispatch(dns::Bytes request);
    void finished(bool close_after);
    void enqueue(dns::Bytes&& message);
    void write_next();
    std::chrono::seconds timeout() const;
    void arm_timer();
    void on_timer();
    void shutdown();
    void maybe_finish();
    asio::ip::tcp::socket& socket();

    Runtime& rt_;
    Stream stream_;
    std::string peer_;
    std::optional<std::vector<std::uint8_t>> tls_pin_;
    asio::steady_timer timer_;
    std::chrono::steady_clock::time_point last_activity_;
    std::array<std::uint8_t, 2> length_{};
    dns::Bytes body_;
    // An answer waiting to be written, and its two-byte length (RFC 1035 §4.2.2), written
    // from beside it rather than copied in front of it.
    struct Framed {
        std::array<std::uint8_t, 2> length;
        dns::Bytes message;
        std::size_t size() const { return length.size() + message.size(); }
    };
    // On the connection's strand only:
    std::deque<Framed> queue_;
    bool writing_ = false;
    bool reading_ = false;
    bool read_closed_ = false; // the client closed its side, or we stopped reading for good
    bool closing_ = false;
    bool established_ = false; // TCP: at once; TLS: after the handshake
    std::size_t in_flight_ = 0;
    // Shared with the workers (send-queue room for backpressure):
    std::mutex mutex_;
    std::condition_variable room_;
    std::size_t queued_bytes_ = 0;
    bool closed_ = false;
};

using TcpConnection = StreamConnection<asio::ip::tcp::socket>;
using TlsConnection = StreamConnection<asio::ssl::stream<asio::ip::tcp::socket>>;

} // namespace dnsclay::server
