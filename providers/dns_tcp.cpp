#include "providers/dns_tcp.hpp"

#include "providers/provider.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/core.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace dnsclay::providers {
namespace {

constexpr int kSliceMs = 100;

// Fills `ss` from "ADDR:PORT" or "[V6ADDR]:PORT"; false if it is not one.
bool parse_address(const std::string& text, sockaddr_storage& ss, socklen_t& len) {
    std::string host, port;
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

} // namespace

DnsTcpConnection::DnsTcpConnection(const std::string& address,
                                   std::chrono::steady_clock::time_point deadline,
                                   const std::atomic<bool>* cancel)
    : address_(address), deadline_(deadline), cancel_(cancel) {
    sockaddr_storage ss;
    socklen_t len = 0;
    if (!parse_address(address, ss, len))
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
}

DnsTcpConnection::~DnsTcpConnection() {
    if (fd_ >= 0) ::close(fd_);
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

void DnsTcpConnection::send(const dns::Bytes& message) {
    dns::Bytes framed;
    framed.reserve(message.size() + 2);
    framed.push_back(static_cast<std::uint8_t>(message.size() >> 8));
    framed.push_back(static_cast<std::uint8_t>(message.size()));
    framed.insert(framed.end(), message.begin(), message.end());
    std::size_t off = 0;
    while (off < framed.size()) {
        wait(POLLOUT);
        auto n = ::send(fd_, framed.data() + off, framed.size() - off, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) continue;
            throw ProviderError(fmt::format("{}: send: {}", address_, std::strerror(errno)));
        }
        off += static_cast<std::size_t>(n);
    }
}

dns::Bytes DnsTcpConnection::receive() {
    auto read_exact = [&](std::uint8_t* buf, std::size_t want) {
        std::size_t got = 0;
        while (got < want) {
            wait(POLLIN);
            auto n = ::recv(fd_, buf + got, want - got, 0);
            if (n == 0) throw ProviderError(fmt::format("{} closed the connection", address_));
            if (n < 0) {
                if (errno == EAGAIN || errno == EINTR) continue;
                throw ProviderError(fmt::format("{}: recv: {}", address_, std::strerror(errno)));
            }
            got += static_cast<std::size_t>(n);
        }
    };
    std::uint8_t len[2];
    read_exact(len, 2);
    dns::Bytes msg(static_cast<std::size_t>(len[0]) << 8 | len[1]);
    read_exact(msg.data(), msg.size());
    return msg;
}

} // namespace dnsclay::providers
