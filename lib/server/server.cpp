#include "lib/server/server.hpp"

#include "lib/server/address.hpp"
#include "lib/server/stream_listener.hpp"
#include "lib/server/udp_listener.hpp"

#include <set>

namespace dnsclay::server {
namespace {

std::string canonical(const std::string& text) {
    auto a = parse_listen_address(text);
    return format_endpoint(a.address, a.port);
}

} // namespace

Server::Server(engine::Context& context, ServerOptions options)
    : options_(options), pool_(options.workers), transfers_(options.transfer_workers),
      lanes_(options.update_threads, options.update_per_zone), dispatcher_(context),
      runtime_(io_, pool_, transfers_, lanes_, dispatcher_) {}

Server::~Server() {
    stop(std::chrono::milliseconds(0));
}

void Server::listen(const std::vector<std::string>& dns, const std::vector<std::string>& dns_tls) {
    std::lock_guard lock(mutex_);
    std::set<std::string> want_plain, want_tls;
    for (const auto& a : dns)
        want_plain.insert(canonical(a));
    for (const auto& a : dns_tls)
        want_tls.insert(canonical(a));
    for (const auto& a : want_tls)
        if (want_plain.count(a))
            throw std::invalid_argument(a + " is given for both plain DNS and DNS-over-TLS");

    for (auto it = udp_.begin(); it != udp_.end();) {
        if (want_plain.count(it->first)) {
            ++it;
            continue;
        }
        it->second->stop();
        it = udp_.erase(it);
    }
    for (auto it = tcp_.begin(); it != tcp_.end();) {
        bool tls = it->first.starts_with("tls ");
        if ((tls ? want_tls : want_plain).count(it->first.substr(4))) {
            ++it;
            continue;
        }
        it->second->stop(true);
        it = tcp_.erase(it);
    }
    auto endpoint = [](const std::string& text) { return parse_listen_address(text); };
    for (const auto& a : want_plain) {
        auto la = endpoint(a);
        if (!tcp_.count("tcp " + a)) {
            // TCP first: with port 0 the kernel picks a port, and UDP then takes the same.
            auto l = std::make_shared<StreamListener>(
                runtime_, asio::ip::tcp::endpoint(la.address, la.port), nullptr);
            if (la.port == 0) la.port = l->local_endpoint().port();
            l->start();
            tcp_["tcp " + a] = l;
        } else if (la.port == 0) {
            la.port = tcp_["tcp " + a]->local_endpoint().port();
        }
        if (!udp_.count(a)) {
            auto l = std::make_shared<UdpListener>(runtime_,
                                                   asio::ip::udp::endpoint(la.address, la.port));
            l->start(options_.io_threads);
            udp_[a] = l;
        }
    }
    for (const auto& a : want_tls) {
        if (tcp_.count("tls " + a)) continue;
        if (!tls_) throw std::invalid_argument("no TLS key and certificate for " + a);
        auto la = endpoint(a);
        auto l = std::make_shared<StreamListener>(
            runtime_, asio::ip::tcp::endpoint(la.address, la.port), tls_);
        l->start();
        tcp_["tls " + a] = l;
    }
}

std::vector<std::string> Server::addresses() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& [key, l] : udp_)
        out.push_back("udp " + format_endpoint(l->local_endpoint()));
    for (const auto& [key, l] : tcp_)
        out.push_back(std::string(l->is_tls() ? "tls " : "tcp ") +
                      format_endpoint(l->local_endpoint()));
    return out;
}

void Server::start() {
    work_.emplace(io_.get_executor());
    for (std::size_t i = 0; i < std::max<std::size_t>(1, options_.io_threads); ++i)
        threads_.emplace_back([this] { io_.run(); });
}

void Server::stop(std::chrono::milliseconds grace) {
    {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
        stopped_ = true;
        runtime_.stopping = true;
        for (auto& [key, l] : udp_)
            l->stop();
        for (auto& [key, l] : tcp_)
            l->stop(false);
    }
    runtime_.wait_idle(grace);
    {
        std::lock_guard lock(mutex_);
        for (auto& [key, l] : tcp_)
            l->stop(true);
    }
    // Workers still blocked on a closed connection give up; then the pool drains.
    pool_.join();
    transfers_.join();
    lanes_.join();
    work_.reset();
    io_.stop();
    for (auto& t : threads_)
        t.join();
    threads_.clear();
    std::lock_guard lock(mutex_);
    udp_.clear();
    tcp_.clear();
}

} // namespace dnsclay::server
