#include "lib/server/udp_listener.hpp"

#include "lib/dns/types.hpp"
#include "lib/server/address.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <system_error>
#include <unistd.h>

namespace dnsclay::server {
namespace {

constexpr std::size_t kHeaderSize = 12;
constexpr std::size_t kMaxDatagram = 65535;
// Datagrams taken per recvmmsg: enough to amortize the system call under load.
constexpr std::size_t kBatch = 16;

[[noreturn]] void fail(const char* what) {
    throw std::system_error(errno, std::system_category(), what);
}

// Whether a request can be answered on the receiving thread: it never blocks, which holds
// for every QUERY but AXFR/IXFR (a transfer syncs from the provider first), and for what
// the dispatcher rejects before reading the question (too short: dropped or FORMERR).
bool answered_inline(std::span<const std::uint8_t> wire) {
    if (wire.size() < kHeaderSize) return true;
    auto opcode = (wire[2] >> 3) & 0x0f;
    if (opcode != 0) return false;
    // Skips the first question's name: labels, ended by the root or a compression pointer.
    std::size_t at = kHeaderSize;
    while (at < wire.size() && wire[at] != 0 && wire[at] < 0xc0)
        at += wire[at] + 1u;
    at += at < wire.size() && wire[at] >= 0xc0 ? 2 : 1;
    if (at + 2 > wire.size()) return true;
    auto type = static_cast<std::uint16_t>(wire[at] << 8 | wire[at + 1]);
    return type != static_cast<std::uint16_t>(dns::RRType::AXFR) &&
           type != static_cast<std::uint16_t>(dns::RRType::IXFR);
}

asio::ip::udp::endpoint to_endpoint(const sockaddr_storage& address, socklen_t size) {
    asio::ip::udp::endpoint ep;
    std::memcpy(ep.data(), &address, std::min<std::size_t>(size, ep.capacity()));
    ep.resize(std::min<std::size_t>(size, ep.capacity()));
    return ep;
}

// One receiving thread's buffers: kBatch datagrams in, their answers out.
class Batch {
  public:
    Batch() : buffers_(std::make_unique_for_overwrite<std::uint8_t[]>(kBatch * kMaxDatagram)) {}

    // Receives up to kBatch datagrams without waiting; their count, or -1 with errno.
    int receive(int socket) {
        for (std::size_t i = 0; i < kBatch; ++i) {
            in_iov_[i] = {buffers_.get() + i * kMaxDatagram, kMaxDatagram};
            in_[i] = {};
            in_[i].msg_hdr.msg_name = &peers_[i];
            in_[i].msg_hdr.msg_namelen = sizeof peers_[i];
            in_[i].msg_hdr.msg_iov = &in_iov_[i];
            in_[i].msg_hdr.msg_iovlen = 1;
        }
        answers_.clear();
        return ::recvmmsg(socket, in_.data(), kBatch, MSG_DONTWAIT, nullptr);
    }

    std::span<const std::uint8_t> datagram(std::size_t i) const {
        return {buffers_.get() + i * kMaxDatagram, in_[i].msg_len};
    }
    asio::ip::udp::endpoint peer(std::size_t i) const {
        return to_endpoint(peers_[i], in_[i].msg_hdr.msg_namelen);
    }
    void answer(std::size_t i, dns::Bytes&& message) {
        answers_.push_back({i, std::move(message)});
    }

    // Sends the answers, kBatch per system call; one that cannot be sent (a full send
    // buffer, an unreachable peer) is lost as the network could lose it.
    void send(int socket) {
        std::array<mmsghdr, kBatch> out{};
        std::array<iovec, kBatch> out_iov{};
        for (std::size_t first = 0; first < answers_.size(); first += kBatch) {
            std::size_t n = std::min(answers_.size() - first, kBatch);
            for (std::size_t k = 0; k < n; ++k) {
                auto& [i, message] = answers_[first + k];
                out_iov[k] = {message.data(), message.size()};
                out[k] = {};
                out[k].msg_hdr.msg_name = &peers_[i];
                out[k].msg_hdr.msg_namelen = in_[i].msg_hdr.msg_namelen;
                out[k].msg_hdr.msg_iov = &out_iov[k];
                out[k].msg_hdr.msg_iovlen = 1;
            }
            for (std::size_t k = 0; k < n;) {
                int sent =
                    ::sendmmsg(socket, out.data() + k, static_cast<unsigned>(n - k), MSG_DONTWAIT);
                k += sent > 0 ? static_cast<std::size_t>(sent) : 1; // on failure skip that one
            }
        }
    }

  private:
    std::unique_ptr<std::uint8_t[]> buffers_; // kBatch × kMaxDatagram, touched as used
    std::array<mmsghdr, kBatch> in_{};
    std::array<iovec, kBatch> in_iov_{};
    std::array<sockaddr_storage, kBatch> peers_{};
    std::vector<std::pair<std::size_t, dns::Bytes>> answers_; // datagram index, answer
};

void handle(Runtime& rt, std::span<const std::uint8_t> wire, const asio::ip::udp::endpoint& peer,
            const engine::Emit& emit) {
    engine::RequestInfo info{engine::Transport::Udp, format_endpoint(peer), {}};
    try {
        rt.dispatcher.handle(wire, info, emit);
    } catch (const std::exception&) { // already logged by the dispatcher
    }
}

} // namespace

UdpListener::UdpListener(Runtime& rt, const asio::ip::udp::endpoint& endpoint) : rt_(rt) {
    bool v6 = endpoint.address().is_v6();
    socket_ = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (socket_ < 0) fail("socket");
    int on = 1;
    if ((v6 && ::setsockopt(socket_, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on) != 0) ||
        ::bind(socket_, endpoint.data(), static_cast<socklen_t>(endpoint.size())) != 0) {
        int error = errno;
        ::close(socket_);
        errno = error;
        fail("bind");
    }
    wake_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_ < 0) {
        int error = errno;
        ::close(socket_);
        errno = error;
        fail("eventfd");
    }
}

UdpListener::~UdpListener() {
    stop();
    ::close(wake_);
    ::close(socket_);
}

asio::ip::udp::endpoint UdpListener::local_endpoint() const {
    sockaddr_storage address{};
    socklen_t size = sizeof address;
    if (::getsockname(socket_, reinterpret_cast<sockaddr*>(&address), &size) != 0)
        fail("getsockname");
    return to_endpoint(address, size);
}

void UdpListener::start(std::size_t threads) {
    for (std::size_t i = 0; i < std::max<std::size_t>(1, threads); ++i)
        threads_.emplace_back([this] { receive_loop(); });
}

void UdpListener::stop() {
    stopping_ = true;
    std::uint64_t one = 1;
    [[maybe_unused]] auto ignored = ::write(wake_, &one, sizeof one);
    for (auto& t : threads_)
        t.join();
    threads_.clear();
}

bool UdpListener::wait_readable() const {
    std::array<pollfd, 2> fds{{{socket_, POLLIN, 0}, {wake_, POLLIN, 0}}};
    while (::poll(fds.data(), fds.size(), -1) < 0 && errno == EINTR) {
    }
    return !stopping_;
}

void UdpListener::post_to_workers(std::span<const std::uint8_t> wire,
                                  const asio::ip::udp::endpoint& peer) {
    // Beyond the cap requests are dropped: the client retries, as after a loss.
    if (rt_.in_flight() >= rt_.limits().max_in_flight) return;
    rt_.begin();
    dns::Bytes data(wire.begin(), wire.end());
    auto route = route_of(data);
    rt_.run(route, [self = shared_from_this(), peer, data = std::move(data)] {
        handle(self->rt_, data, peer, [&](dns::Bytes&& answer) {
            ::sendto(self->socket_, answer.data(), answer.size(), MSG_DONTWAIT, peer.data(),
                     static_cast<socklen_t>(peer.size()));
        });
        self->rt_.end();
    });
}

void UdpListener::receive_loop() {
    Batch batch;
    while (!stopping_ && !rt_.stopping) {
        int n = batch.receive(socket_);
        if (n < 0) {
            // Nothing waiting (or an error the next datagram may not have): sleep till one is.
            if (!wait_readable()) return;
            continue;
        }
        for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
            auto wire = batch.datagram(i);
            if (answered_inline(wire))
                handle(rt_, wire, batch.peer(i),
                       [&](dns::Bytes&& answer) { batch.answer(i, std::move(answer)); });
            else
                post_to_workers(wire, batch.peer(i));
        }
        batch.send(socket_);
    }
}

} // namespace dnsclay::server
