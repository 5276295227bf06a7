#include "lib/engine/exchange.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fmt/core.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace dnsclay::engine {
namespace {

using Clock = std::chrono::steady_clock;

class Socket {
  public:
    explicit Socket(int fd) : fd_(fd) {}
    ~Socket() {
        if (fd_ >= 0) ::close(fd_);
    }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    int fd() const { return fd_; }

  private:
    int fd_;
};

struct Endpoint {
    sockaddr_storage addr{};
    socklen_t len = 0;
};

Endpoint endpoint(const std::string& address) {
    auto hp = parse_host_port(address);
    Endpoint ep;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&ep.addr);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&ep.addr);
    if (inet_pton(AF_INET, hp.host.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(static_cast<std::uint16_t>(hp.port));
        ep.len = sizeof(sockaddr_in);
    } else if (inet_pton(AF_INET6, hp.host.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(static_cast<std::uint16_t>(hp.port));
        ep.len = sizeof(sockaddr_in6);
    } else {
        throw std::invalid_argument(fmt::format("{}: not an IP address", address));
    }
    return ep;
}

int remaining_ms(Clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

// Waits for `events` on fd until the deadline; throws on timeout.
void wait_for(int fd, short events, Clock::time_point deadline, const std::string& address) {
    for (;;) {
        pollfd p{fd, events, 0};
        int ms = remaining_ms(deadline);
        int n = ::poll(&p, 1, ms);
        if (n > 0) return;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw std::runtime_error(fmt::format("{}: {}", address, std::strerror(errno)));
        throw std::runtime_error(fmt::format("{}: no answer (timeout)", address));
    }
}

std::uint16_t id_of(const dns::Bytes& m) {
    return m.size() >= 2 ? static_cast<std::uint16_t>(m[0] << 8 | m[1]) : 0;
}

dns::Bytes udp(const std::string& address, const Endpoint& ep, const dns::Bytes& request,
               Clock::time_point deadline) {
    Socket s(::socket(ep.addr.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (s.fd() < 0 || ::connect(s.fd(), reinterpret_cast<const sockaddr*>(&ep.addr), ep.len) != 0 ||
        ::send(s.fd(), request.data(), request.size(), 0) < 0)
        throw std::runtime_error(fmt::format("{}: {}", address, std::strerror(errno)));
    dns::Bytes buf(65535);
    for (;;) {
        wait_for(s.fd(), POLLIN, deadline, address);
        ssize_t n = ::recv(s.fd(), buf.data(), buf.size(), 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error(fmt::format("{}: {}", address, std::strerror(errno)));
        }
        buf.resize(static_cast<std::size_t>(n));
        if (id_of(buf) == id_of(request)) return buf;
        buf.resize(65535); // a stray datagram: keep waiting for ours
    }
}

void read_exact(int fd, std::uint8_t* out, std::size_t n, Clock::time_point deadline,
                const std::string& address) {
    while (n > 0) {
        wait_for(fd, POLLIN, deadline, address);
        ssize_t got = ::recv(fd, out, n, 0);
        if (got == 0) throw std::runtime_error(fmt::format("{}: connection closed", address));
        if (got < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            throw std::runtime_error(fmt::format("{}: {}", address, std::strerror(errno)));
        }
        out += got;
        n -= static_cast<std::size_t>(got);
    }
}

dns::Bytes tcp(const std::string& address, const Endpoint& ep, const dns::Bytes& request,
               Clock::time_point deadline) {
    Socket s(::socket(ep.addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (s.fd() < 0) throw std::runtime_error(fmt::format("{}: {}", address, std::strerror(errno)));
    if (::connect(s.fd(), reinterpret_cast<const sockaddr*>(&ep.addr), ep.len) != 0) {
        if (errno != EINPROGRESS)
            throw std::runtime_error(fmt::format("{}: {}", address, std::strerror(errno)));
        wait_for(s.fd(), POLLOUT, deadline, address);
        int err = 0;
        socklen_t len = sizeof(err);
        ::getsockopt(s.fd(), SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) throw std::runtime_error(fmt::format("{}: {}", address, std::strerror(err)));
    }
    dns::Bytes out{static_cast<std::uint8_t>(request.size() >> 8),
                   static_cast<std::uint8_t>(request.size())};
    out.insert(out.end(), request.begin(), request.end());
    std::size_t sent = 0;
    while (sent < out.size()) {
        wait_for(s.fd(), POLLOUT, deadline, address);
        ssize_t n = ::send(s.fd(), out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            throw std::runtime_error(fmt::format("{}: {}", address, std::strerror(errno)));
        }
        sent += static_cast<std::size_t>(n);
    }
    std::uint8_t len[2];
    read_exact(s.fd(), len, 2, deadline, address);
    dns::Bytes answer(static_cast<std::size_t>(len[0] << 8 | len[1]));
    read_exact(s.fd(), answer.data(), answer.size(), deadline, address);
    return answer;
}

} // namespace

HostPort parse_host_port(const std::string& address) {
    HostPort hp;
    std::string port;
    if (!address.empty() && address.front() == '[') {
        auto close = address.find(']');
        if (close == std::string::npos || close + 1 >= address.size() || address[close + 1] != ':')
            throw std::invalid_argument(fmt::format("{}: expected [ADDRESS]:PORT", address));
        hp.host = address.substr(1, close - 1);
        port = address.substr(close + 2);
    } else {
        auto colon = address.rfind(':');
        if (colon == std::string::npos || address.find(':') != colon)
            throw std::invalid_argument(fmt::format("{}: expected ADDRESS:PORT", address));
        hp.host = address.substr(0, colon);
        port = address.substr(colon + 1);
    }
    try {
        std::size_t used = 0;
        hp.port = std::stoi(port, &used);
        if (used != port.size() || hp.port < 1 || hp.port > 65535) throw std::out_of_range(port);
    } catch (const std::exception&) {
        throw std::invalid_argument(fmt::format("{}: bad port \"{}\"", address, port));
    }
    return hp;
}

dns::Bytes exchange(const std::string& address, bool use_tcp, const dns::Bytes& request,
                    std::chrono::milliseconds timeout) {
    auto ep = endpoint(address);
    auto deadline = Clock::now() + timeout;
    return use_tcp ? tcp(address, ep, request, deadline) : udp(address, ep, request, deadline);
}

} // namespace dnsclay::engine
