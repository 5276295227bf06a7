#pragma once
// A tiny DNS server for tests that talk to real clients (kdig, nsupdate): it listens on
// 127.0.0.1 for UDP and TCP in its own thread, keeps every request it receives, and answers
// each with the bytes a handler returns.
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

namespace dnsclay::test {

struct ReceivedRequest {
    std::vector<std::uint8_t> wire;
    bool tcp = false;
};

class DnsListener {
  public:
    // The handler gets each request's bytes and whether it came over TCP, and returns the
    // reply (empty: no reply). It runs on the listener's thread.
    using Handler =
        std::function<std::vector<std::uint8_t>(std::span<const std::uint8_t>, bool tcp)>;

    // For answers of several messages (AXFR): all are sent over TCP, the first over UDP.
    using MultiHandler = std::function<std::vector<std::vector<std::uint8_t>>(
        std::span<const std::uint8_t>, bool tcp)>;

    // Binds both sockets on 127.0.0.1:port before returning, so clients can start at once.
    DnsListener(int port, Handler handler);
    DnsListener(int port, MultiHandler handler);
    ~DnsListener();
    DnsListener(const DnsListener&) = delete;
    DnsListener& operator=(const DnsListener&) = delete;

    std::vector<ReceivedRequest> requests() const;

  private:
    void serve();
    void serve_udp();
    void serve_tcp_connection(int fd);
    std::vector<std::vector<std::uint8_t>> answer(std::span<const std::uint8_t> request, bool tcp);

    MultiHandler handler_;
    int udp_fd_ = -1;
    int tcp_fd_ = -1;
    std::atomic<bool> stop_{false};
    mutable std::mutex mutex_;
    std::vector<ReceivedRequest> requests_;
    std::thread thread_;
};

} // namespace dnsclay::test
