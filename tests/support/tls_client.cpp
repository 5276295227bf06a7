#include "tests/support/tls_client.hpp"

#include <arpa/inet.h>
#include <memory>
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

struct Socket {
    int fd;
    ~Socket() {
        if (fd >= 0) close(fd);
    }
};

// SSL_read until `n` bytes came; false if the connection ended or timed out first.
bool read_exact(SSL* ssl, std::uint8_t* out, std::size_t n) {
    std::size_t got = 0;
    while (got < n) {
        int r = SSL_read(ssl, out + got, static_cast<int>(n - got));
        if (r <= 0) return false;
        got += static_cast<std::size_t>(r);
    }
    return true;
}

} // namespace

dns::Bytes tls_exchange(const std::string& address, int port, const dns::Bytes& query,
                        const TlsClientKey& client, std::chrono::milliseconds timeout) {
    Socket s{socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)};
    if (s.fd < 0) throw std::runtime_error("socket failed");
    // The timeout bounds every read and write, the handshake's included.
    timeval tv{static_cast<time_t>(timeout.count() / 1000),
               static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
    setsockopt(s.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(s.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<std::uint16_t>(port));
    if (inet_pton(AF_INET, address.c_str(), &sa.sin_addr) != 1)
        throw std::runtime_error("not an IPv4 address: " + address);
    if (connect(s.fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0)
        throw std::runtime_error("cannot connect to " + address + ":" + std::to_string(port));

    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()),
                                                          &SSL_CTX_free);
    if (!ctx) throw std::runtime_error(openssl_error("SSL_CTX_new"));
    static const unsigned char alpn[] = {3, 'd', 'o', 't'};
    SSL_CTX_set_alpn_protos(ctx.get(), alpn, sizeof alpn);
    if (!client.cert_file.empty() &&
        (SSL_CTX_use_certificate_chain_file(ctx.get(), client.cert_file.c_str()) != 1 ||
         SSL_CTX_use_PrivateKey_file(ctx.get(), client.key_file.c_str(), SSL_FILETYPE_PEM) != 1))
        throw std::runtime_error(openssl_error("loading the client key " + client.cert_file));
    std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx.get()), &SSL_free);
    if (!ssl) throw std::runtime_error(openssl_error("SSL_new"));
    SSL_set_fd(ssl.get(), s.fd);
    if (SSL_connect(ssl.get()) != 1)
        throw std::runtime_error(openssl_error("TLS handshake with " + address));

    dns::Bytes framed = {static_cast<std::uint8_t>(query.size() >> 8),
                         static_cast<std::uint8_t>(query.size())};
    framed.insert(framed.end(), query.begin(), query.end());
    if (SSL_write(ssl.get(), framed.data(), static_cast<int>(framed.size())) !=
        static_cast<int>(framed.size()))
        throw std::runtime_error(openssl_error("TLS write"));
    // With TLS 1.3 the server may reject the client key only after the handshake: the
    // refusal then shows here, as a closed connection.
    std::uint8_t len[2];
    if (!read_exact(ssl.get(), len, 2))
        throw std::runtime_error(openssl_error("no TLS answer from " + address));
    dns::Bytes out(static_cast<std::size_t>(len[0] << 8 | len[1]));
    if (!read_exact(ssl.get(), out.data(), out.size()))
        throw std::runtime_error(openssl_error("incomplete TLS answer from " + address));
    SSL_shutdown(ssl.get());
    return out;
}

} // namespace dnsclay::test
