#pragma once
// A minimal DNS client and server for tests: send one message to a peer over UDP or TCP
// and read the answer(s); answer messages from programs under test on a loopback port.
#include "lib/dns/wire.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace dnsclay::test {

using std::chrono_literals::operator""s;

// Sends `query` over UDP to address:port and returns the first datagram that comes back.
// Throws std::runtime_error on timeout.
dns::Bytes udp_exchange(const std::string& address, int port, const dns::Bytes& query,
                        std::chrono::milliseconds timeout = 5s);

// Sends `query` over TCP (RFC 1035 §4.2.2 length prefix) and reads responses until
// `is_last(response)` returns true (by default after the first one), or the peer closes
// the connection. Throws std::runtime_error on timeout or when nothing arrives.
std::vector<dns::Bytes> tcp_exchange(const std::string& address, int port, const dns::Bytes& query,
                                     const std::function<bool(const dns::Bytes&)>& is_last = {},
                                     std::chrono::milliseconds timeout = 10s);

// Answers DNS messages on 127.0.0.1 (UDP and TCP on the same free port) from a background
// thread, one at a time. The handler returns the answer messages: over TCP all of them are
// sent, over UDP the first; none means no answer. The handler runs on the server's thread:
// record what it sees and check it in the test (Catch2's CHECK is not thread-safe).
class DnsTestServer {
  public:
    using Handler = std::function<std::vector<dns::Bytes>(const dns::Bytes& request, bool tcp)>;
    explicit DnsTestServer(Handler handler);
    ~DnsTestServer();
    DnsTestServer(const DnsTestServer&) = delete;
    DnsTestServer& operator=(const DnsTestServer&) = delete;
    int port() const { return port_; }
    // Number of requests handled so far.
    int requests() const { return requests_; }

  private:
    void serve();
    void serve_tcp(int fd);
    Handler handler_;
    int port_ = 0;
    int udp_ = -1;
    int tcp_ = -1;
    int stop_pipe_[2] = {-1, -1};
    std::atomic<int> requests_ = 0;
    std::thread thread_;
};

} // namespace dnsclay::test
