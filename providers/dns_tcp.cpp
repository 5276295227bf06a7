#include "providers/dns_tcp.hpp"

#include "lib/store/keys.hpp"
#include "providers/provider.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fmt/core.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

namespace dnsclay::providers {
namespace {

constexpr int kSliceMs = 100;

// Fills `ss` from "ADDR:PORT" or "[V6ADDR]:PORT"; false if it is not one.
bool parse_address(const std::string& text, sockaddr_storage& ss, socklen_t& len,
                   std::string& host) {
    std::string port;
    if (!text.empty() && text[0] == '[') {
        auto close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':')
            return false;
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        auto colon = text.rfind(':');
        if (colon == std::string::npos) return false;
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos)
        return false;
    int p = std::stoi(port);
    if (p <= 0 || p > 65535) return false;
    std::memset(&ss, 0, sizeof ss);
    auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
    if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(static_cast<std::uint16_t>(p));
        len = sizeof(sockaddr_in);
        return true;
    }
    if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(static_cast<std::uint16_t>(p));
        len = sizeof(sockaddr_in6);
        return true;
    }
    return false;
}

// The first error on OpenSSL's queue as text, and the queue emptied.
std::string openssl_error() {
    unsigned long e = ERR_get_error();
    ERR_clear_error();
    if (e == 0) return "unknown error";
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    return buf;
}

// OpenSSL sends with write(2), which raises SIGPIPE when the peer has gone; that must
// not kill the process, so the signal is blocked while OpenSSL writes and a SIGPIPE it
// raised is consumed before the mask is restored.
class SigpipeBlock {
  public:
    SigpipeBlock() {
        sigemptyset(&pipe_);
        sigaddset(&pipe_, SIGPIPE);
        sigset_t pending;
        sigpending(&pending);
        was_pending_ = sigismember(&pending, SIGPIPE) == 1;
        pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
    }
    ~SigpipeBlock() {
        sigset_t pending;
        sigpending(&pending);
        if (!was_pending_ && sigismember(&pending, SIGPIPE) == 1) {
            timespec zero{};
            sigtimedwait(&pipe_, nullptr, &zero);
        }
        pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    }
    SigpipeBlock(const SigpipeBlock&) = delete;
    SigpipeBlock& operator=(const SigpipeBlock&) = delete;

  private:
    sigset_t pipe_{}, old_{};
    bool was_pending_ = false;
};

} // namespace

struct DnsTcpConnection::Tls {
    struct CtxFree {
        void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
    };
    struct SslFree {
        void operator()(SSL* s) const { SSL_free(s); }
    };
    std::unique_ptr<SSL_CTX, CtxFree> ctx;
    std::unique_ptr<SSL, SslFree> ssl;
    std::string host;
};

DnsTcpConnection::DnsTcpConnection(const std::string& address,
                                   std::chrono::steady_clock::time_point deadline,
                                   const std::atomic<bool>* cancel,
                                   const std::optional<TlsSettings>& tls)
    : address_(address), deadline_(deadline), cancel_(cancel) {
    sockaddr_storage ss;
    socklen_t len = 0;
    std::string host;
    if (!parse_address(address, ss, len, host))
        throw ProviderError(
            fmt::format("server \"{}\" is not ADDR:PORT (IPv6 in brackets)", address));
    fd_ = ::socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw ProviderError(fmt::format("socket: {}", std::strerror(errno)));
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
        if (errno != EINPROGRESS) {
            int e = errno;
            ::close(fd_);
            throw ProviderError(fmt::format("cannot connect to {}: {}", address, std::strerror(e)));
        }
        try {
            wait(POLLOUT);
        } catch (...) {
            ::close(fd_);
            throw;
        }
        int err = 0;
        socklen_t elen = sizeof err;
        ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &elen);
        if (err != 0) {
            ::close(fd_);
            throw ProviderError(
                fmt::format("cannot connect to {}: {}", address, std::strerror(err)));
        }
    }
    if (!tls) return;
    tls_ = std::make_unique<Tls>();
    tls_->host = host;
    try {
        start_tls(*tls);
    } catch (...) {
        tls_.reset();
        ::close(fd_);
        throw;
    }
}

DnsTcpConnection::~DnsTcpConnection() {
    // No close_notify: every message was read whole, so a truncation cannot go unnoticed.
    tls_.reset();
    if (fd_ >= 0) ::close(fd_);
}

void DnsTcpConnection::start_tls(const TlsSettings& settings) {
    tls_->ctx.reset(SSL_CTX_new(TLS_client_method()));
    if (!tls_->ctx) throw ProviderError("TLS: " + openssl_error());
    auto* ctx = tls_->ctx.get();
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    if (settings.spki_pin) {
        // The pin is the whole trust decision (RFC 7858 §4.2): no CA, no name.
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    } else {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
        if (SSL_CTX_set_default_verify_paths(ctx) != 1)
            throw ProviderError("TLS: cannot load the system's CA store: " + openssl_error());
    }
    tls_->ssl.reset(SSL_new(ctx));
    auto* ssl = tls_->ssl.get();
    if (!ssl || SSL_set_fd(ssl, fd_) != 1) throw ProviderError("TLS: " + openssl_error());
    static const unsigned char kAlpnDot[] = {3, 'd', 'o', 't'};
    SSL_set_alpn_protos(ssl, kAlpnDot, sizeof kAlpnDot);
    if (!settings.spki_pin &&
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), tls_->host.c_str()) != 1)
        throw ProviderError("TLS: " + openssl_error());
    {
        SigpipeBlock no_sigpipe;
        tls_call("TLS handshake", [ssl] { return SSL_connect(ssl); });
    }

    if (!settings.spki_pin) return; // verified by OpenSSL against the CA store and address
    X509* cert = SSL_get0_peer_certificate(ssl);
    auto pin = cert ? store::spki_pin_of(X509_get0_pubkey(cert)) : std::nullopt;
    if (!pin) throw ProviderError(fmt::format("{}: TLS: the server sent no certificate", address_));
    if (*pin != *settings.spki_pin)
        throw ProviderError(fmt::format("{}: TLS: the server's key has pin {}, not the "
                                        "configured tls_pin",
                                        address_, store::base64_encode(*pin)));
}

int DnsTcpConnection::tls_call(const char* what, const std::function<int()>& call) {
    for (;;) {
        ERR_clear_error();
        int n = call();
        if (n > 0) return n;
        int err = SSL_get_error(tls_->ssl.get(), n);
        if (err == SSL_ERROR_WANT_READ) {
            wait(POLLIN);
        } else if (err == SSL_ERROR_WANT_WRITE) {
            wait(POLLOUT);
        } else if (err == SSL_ERROR_ZERO_RETURN) {
            throw ProviderError(fmt::format("{} closed the connection", address_));
        } else if (err == SSL_ERROR_SSL) {
            long verify = SSL_get_verify_result(tls_->ssl.get());
            std::string why =
                verify != X509_V_OK ? X509_verify_cert_error_string(verify) : openssl_error();
            throw ProviderError(fmt::format("{}: {} failed: {}", address_, what, why));
        } else {
            throw ProviderError(fmt::format("{}: {} failed: {}", address_, what,
                                            errno ? std::strerror(errno) : "connection closed"));
        }
    }
}

void DnsTcpConnection::wait(short events) {
    for (;;) {
        if (cancel_ && cancel_->load())
            throw ProviderError(fmt::format("{}: cancelled (shutting down)", address_));
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline_ - std::chrono::steady_clock::now())
                        .count();
        if (left <= 0) throw ProviderError(fmt::format("{}: timed out", address_));
        pollfd p{fd_, events, 0};
        int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, kSliceMs)));
        if (n > 0) return;
        if (n < 0 && errno != EINTR)
            throw ProviderError(fmt::format("{}: poll: {}", address_, std::strerror(errno)));
    }
}

void DnsTcpConnection::write_all(const std::uint8_t* data, std::size_t size) {
    std::size_t off = 0;
    while (off < size) {
        if (tls_) {
            SigpipeBlock no_sigpipe;
            int chunk = static_cast<int>(std::min<std::size_t>(size - off, 1 << 20));
            off += static_cast<std::size_t>(tls_call(
                "TLS write", [&] { return SSL_write(tls_->ssl.get(), data + off, chunk); }));
            continue;
        }
        wait(POLLOUT);
        auto n = ::send(fd_, data + off, size - off, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) continue;
            throw ProviderError(fmt::format("{}: send: {}", address_, std::strerror(errno)));
        }
        off += static_cast<std::size_t>(n);
    }
}

void DnsTcpConnection::read_exact(std::uint8_t* data, std::size_t size) {
    std::size_t got = 0;
    while (got < size) {
        if (tls_) {
            int chunk = static_cast<int>(std::min<std::size_t>(size - got, 1 << 20));
            got += static_cast<std::size_t>(
                tls_call("TLS read", [&] { return SSL_read(tls_->ssl.get(), data + got, chunk); }));
            continue;
        }
        wait(POLLIN);
        auto n = ::recv(fd_, data + got, size - got, 0);
        if (n == 0) throw ProviderError(fmt::format("{} closed the connection", address_));
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) continue;
            throw ProviderError(fmt::format("{}: recv: {}", address_, std::strerror(errno)));
        }
        got += static_cast<std::size_t>(n);
    }
}

void DnsTcpConnection::send(const dns::Bytes& message) {
    dns::Bytes framed;
    framed.reserve(message.size() + 2);
    framed.push_back(static_cast<std::uint8_t>(message.size() >> 8));
    framed.push_back(static_cast<std::uint8_t>(message.size()));
    framed.insert(framed.end(), message.begin(), message.end());
    write_all(framed.data(), framed.size());
}

dns::Bytes DnsTcpConnection::receive() {
    std::uint8_t len[2];
    read_exact(len, 2);
    dns::Bytes msg(static_cast<std::size_t>(len[0]) << 8 | len[1]);
    read_exact(msg.data(), msg.size());
    return msg;
}

} // namespace dnsclay::providers
