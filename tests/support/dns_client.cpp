#include "tests/support/dns_client.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace dnsclay::test {
namespace {

sockaddr_in endpoint(const std::string& address, int port) {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<std::uint16_t>(port));
    if (inet_pton(AF_INET, address.c_str(), &sa.sin_addr) != 1)
        throw std::runtime_error("not an IPv4 address: " + address);
    return sa;
}

// Closes the descriptor when the scope ends.
struct Fd {
    int fd;
    explicit Fd(int f) : fd(f) {
        if (fd < 0) throw std::runtime_error("socket failed");
    }
    ~Fd() { close(fd); }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
};

using Clock = std::chrono::steady_clock;

// Waits until fd is readable; false on timeout.
bool wait_readable(int fd, Clock::time_point deadline) {
    while (true) {
        auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return false;
        pollfd p{fd, POLLIN, 0};
        int n = poll(&p, 1, static_cast<int>(left));
        if (n > 0) return true;
        if (n < 0 && errno != EINTR) return false;
    }
}

// Reads exactly n bytes; false if the peer closed first or the deadline passed.
bool read_exact(int fd, std::uint8_t* out, std::size_t n, Clock::time_point deadline) {
    std::size_t got = 0;
    while (got < n) {
        if (!wait_readable(fd, deadline)) return false;
        ssize_t r = read(fd, out + got, n - got);
        if (r <= 0) return false;
        got += static_cast<std::size_t>(r);
    }
    return true;
}

bool write_all(int fd, const std::uint8_t* data, std::size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, data, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        data += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

bool write_framed(int fd, const dns::Bytes& message) {
    std::uint8_t len[2] = {static_cast<std::uint8_t>(message.size() >> 8),
                           static_cast<std::uint8_t>(message.size())};
    return write_all(fd, len, 2) && write_all(fd, message.data(), message.size());
}

// Reads one length-prefixed message; false on close or timeout.
bool read_framed(int fd, dns::Bytes& out, Clock::time_point deadline) {
    std::uint8_t len[2];
    if (!read_exact(fd, len, 2, deadline)) return false;
    out.resize(static_cast<std::size_t>(len[0] << 8 | len[1]));
    return read_exact(fd, out.data(), out.size(), deadline);
}

} // namespace

dns::Bytes udp_exchange(const std::string& address, int port, const dns::Bytes& query,
                        std::chrono::milliseconds timeout) {
    Fd s(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_in sa = endpoint(address, port);
    if (connect(s.fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 ||
        send(s.fd, query.data(), query.size(), 0) != static_cast<ssize_t>(query.size()))
        throw std::runtime_error("cannot send to " + address);
    if (!wait_readable(s.fd, Clock::now() + timeout))
        throw std::runtime_error("no UDP answer from " + address + ":" + std::to_string(port));
    dns::Bytes out(65535);
    ssize_t n = recv(s.fd, out.data(), out.size(), 0);
    if (n < 0) throw std::runtime_error("UDP receive failed");
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::vector<dns::Bytes> tcp_exchange(const std::string& address, int port, const dns::Bytes& query,
                                     const std::function<bool(const dns::Bytes&)>& is_last,
                                     std::chrono::milliseconds timeout) {
    Fd s(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in sa = endpoint(address, port);
    if (connect(s.fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0)
        throw std::runtime_error("cannot connect to " + address + ":" + std::to_string(port));
    if (!write_framed(s.fd, query)) throw std::runtime_error("TCP send failed");
    auto deadline = Clock::now() + timeout;
    std::vector<dns::Bytes> out;
    while (true) {
        dns::Bytes msg;
        if (!read_framed(s.fd, msg, deadline)) {
            if (out.empty() || Clock::now() >= deadline)
                throw std::runtime_error("no complete TCP answer from " + address + ":" +
                                         std::to_string(port));
            return out; // the peer closed after its last message
        }
        out.push_back(std::move(msg));
        if (!is_last || is_last(out.back())) return out;
    }
}

} // namespace dnsclay::test
