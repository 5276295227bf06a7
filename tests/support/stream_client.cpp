#include "tests/support/stream_client.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace dnsclay::test {
namespace {

std::string openssl_error(const std::string& what) {
    char buf[256] = {};
    ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
    return what + ": " + buf;
}

using SslCtx = std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)>;
using Ssl = std::unique_ptr<SSL, decltype(&SSL_free)>;

} // namespace

struct StreamClient::State {
    int fd = -1;
    SslCtx ctx{nullptr, &SSL_CTX_free};
    Ssl ssl{nullptr, &SSL_free}; // none over plain TCP

    ~State() {
        if (ssl) SSL_shutdown(ssl.get());
        if (fd >= 0) ::close(fd);
    }

    // One read or write of at most `n` bytes; what it moved, or <= 0 when the connection
    // ended or timed out.
    long read_some(std::uint8_t* out, std::size_t n) {
        if (ssl) return SSL_read(ssl.get(), out, static_cast<int>(n));
        for (;;) {
            auto r = ::read(fd, out, n);
            if (r >= 0 || errno != EINTR) return r;
        }
    }
    long write_some(const std::uint8_t* data, std::size_t n) {
        if (ssl) return SSL_write(ssl.get(), data, static_cast<int>(n));
        for (;;) {
            auto w = ::send(fd, data, n, MSG_NOSIGNAL);
            if (w >= 0 || errno != EINTR) return w;
        }
    }
    bool read_exact(std::uint8_t* out, std::size_t n) {
        for (std::size_t got = 0; got < n;) {
            auto r = read_some(out + got, n - got);
            if (r <= 0) return false;
            got += static_cast<std::size_t>(r);
        }
        return true;
    }
};

StreamClient::StreamClient(const std::string& address, int port, Security security,
                           std::chrono::milliseconds timeout, const TlsClientKey& client,
                           int receive_buffer)
    : state_(std::make_unique<State>()), peer_(address + ":" + std::to_string(port)) {
    auto& s = *state_;
    s.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s.fd < 0) throw std::runtime_error("socket failed");
    // The timeout bounds every read and write, the handshake's included.
    timeval tv{static_cast<time_t>(timeout.count() / 1000),
               static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
    setsockopt(s.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(s.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    // Before connect(): the window offered to the server follows it.
    if (receive_buffer > 0)
        setsockopt(s.fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<std::uint16_t>(port));
    if (inet_pton(AF_INET, address.c_str(), &sa.sin_addr) != 1)
        throw std::runtime_error("not an IPv4 address: " + address);
    if (::connect(s.fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0)
        throw std::runtime_error("cannot connect to " + peer_);
    if (security == Security::Plain) return;

    s.ctx.reset(SSL_CTX_new(TLS_client_method()));
    if (!s.ctx) throw std::runtime_error(openssl_error("SSL_CTX_new"));
    static const unsigned char alpn[] = {3, 'd', 'o', 't'};
    SSL_CTX_set_alpn_protos(s.ctx.get(), alpn, sizeof alpn);
    if (!client.cert_file.empty() &&
        (SSL_CTX_use_certificate_chain_file(s.ctx.get(), client.cert_file.c_str()) != 1 ||
         SSL_CTX_use_PrivateKey_file(s.ctx.get(), client.key_file.c_str(), SSL_FILETYPE_PEM) != 1))
        throw std::runtime_error(openssl_error("loading the client key " + client.cert_file));
    s.ssl.reset(SSL_new(s.ctx.get()));
    if (!s.ssl) throw std::runtime_error(openssl_error("SSL_new"));
    SSL_set_fd(s.ssl.get(), s.fd);
    if (SSL_connect(s.ssl.get()) != 1)
        throw std::runtime_error(openssl_error("TLS handshake with " + peer_));
}

StreamClient::~StreamClient() = default;

void StreamClient::send(const dns::Bytes& message) {
    dns::Bytes framed = {static_cast<std::uint8_t>(message.size() >> 8),
                         static_cast<std::uint8_t>(message.size())};
    framed.insert(framed.end(), message.begin(), message.end());
    for (std::size_t sent = 0; sent < framed.size();) {
        auto w = state_->write_some(framed.data() + sent, framed.size() - sent);
        if (w <= 0) throw std::runtime_error(openssl_error("cannot send to " + peer_));
        sent += static_cast<std::size_t>(w);
    }
}

dns::Bytes StreamClient::receive() {
    // With TLS 1.3 the server may reject a client key only after the handshake: the
    // refusal then shows here, as a closed connection.
    std::uint8_t len[2];
    if (!state_->read_exact(len, 2))
        throw std::runtime_error(openssl_error("no answer from " + peer_));
    dns::Bytes out(static_cast<std::size_t>(len[0] << 8 | len[1]));
    if (!state_->read_exact(out.data(), out.size()))
        throw std::runtime_error(openssl_error("incomplete answer from " + peer_));
    return out;
}

} // namespace dnsclay::test
