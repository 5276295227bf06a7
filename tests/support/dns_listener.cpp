#include "tests/support/dns_listener.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace dnsclay::test {
namespace {

int bound_socket(int type, int port) {
    int fd = socket(AF_INET, type, 0);
    if (fd < 0) throw std::runtime_error("socket failed");
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<std::uint16_t>(port));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 ||
        (type == SOCK_STREAM && listen(fd, 4) != 0)) {
        close(fd);
        throw std::runtime_error("cannot listen on 127.0.0.1:" + std::to_string(port));
    }
    return fd;
}

// Reads exactly n bytes, waiting at most two seconds for each chunk so that a client that
// stalls cannot hang the test.
bool read_exact(int fd, std::uint8_t* out, std::size_t n) {
    while (n > 0) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 2000) <= 0) return false;
        ssize_t got = read(fd, out, n);
        if (got <= 0) return false;
        out += got;
        n -= static_cast<std::size_t>(got);
    }
    return true;
}

} // namespace

DnsListener::DnsListener(int port, Handler handler)
    : DnsListener(port, MultiHandler([handler = std::move(handler)](
                                         std::span<const std::uint8_t> request, bool tcp) {
                      auto reply = handler(request, tcp);
                      if (reply.empty()) return std::vector<std::vector<std::uint8_t>>{};
                      return std::vector<std::vector<std::uint8_t>>{std::move(reply)};
                  })) {}

DnsListener::DnsListener(int port, MultiHandler handler) : handler_(std::move(handler)) {
    udp_fd_ = bound_socket(SOCK_DGRAM, port);
    try {
        tcp_fd_ = bound_socket(SOCK_STREAM, port);
    } catch (...) {
        close(udp_fd_);
        throw;
    }
    thread_ = std::thread([this] { serve(); });
}

DnsListener::~DnsListener() {
    stop_ = true;
    thread_.join();
    close(udp_fd_);
    close(tcp_fd_);
}

std::vector<ReceivedRequest> DnsListener::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

std::vector<std::vector<std::uint8_t>> DnsListener::answer(std::span<const std::uint8_t> request,
                                                           bool tcp) {
    {
        std::lock_guard lock(mutex_);
        requests_.push_back({{request.begin(), request.end()}, tcp});
    }
    return handler_(request, tcp);
}

void DnsListener::serve() {
    // Polls with a short timeout so the destructor's stop request is seen promptly.
    while (!stop_) {
        pollfd fds[2] = {{udp_fd_, POLLIN, 0}, {tcp_fd_, POLLIN, 0}};
        if (poll(fds, 2, 50) <= 0) continue;
        if (fds[0].revents & POLLIN) serve_udp();
        if (fds[1].revents & POLLIN) {
            int conn = accept(tcp_fd_, nullptr, nullptr);
            if (conn >= 0) {
                serve_tcp_connection(conn);
                close(conn);
            }
        }
    }
}

void DnsListener::serve_udp() {
    std::uint8_t buf[65535];
    sockaddr_in from{};
    socklen_t from_len = sizeof from;
    ssize_t n =
        recvfrom(udp_fd_, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n < 0) return;
    auto replies = answer({buf, static_cast<std::size_t>(n)}, false);
    if (!replies.empty())
        sendto(udp_fd_, replies[0].data(), replies[0].size(), 0, reinterpret_cast<sockaddr*>(&from),
               from_len);
}

void DnsListener::serve_tcp_connection(int fd) {
    // RFC 1035 §4.2.2: each message is preceded by its two-byte length; a client may send
    // several on one connection.
    while (!stop_) {
        std::uint8_t len_bytes[2];
        if (!read_exact(fd, len_bytes, 2)) return;
        std::vector<std::uint8_t> request(
            static_cast<std::size_t>(len_bytes[0] << 8 | len_bytes[1]));
        if (!read_exact(fd, request.data(), request.size())) return;
        for (const auto& reply : answer(request, true)) {
            std::vector<std::uint8_t> framed = {static_cast<std::uint8_t>(reply.size() >> 8),
                                                static_cast<std::uint8_t>(reply.size())};
            framed.insert(framed.end(), reply.begin(), reply.end());
            if (write(fd, framed.data(), framed.size()) != static_cast<ssize_t>(framed.size()))
                return;
        }
    }
}

} // namespace dnsclay::test
