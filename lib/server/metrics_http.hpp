#pragma once
// The Prometheus endpoint: GET /metrics on its own address (cpp-httplib, one thread),
// rendering what `render` returns at each scrape.
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace dnsclay::server {

class MetricsEndpoint {
  public:
    // Binds `address` (ADDR:PORT) at once; throws std::runtime_error if it cannot.
    MetricsEndpoint(const std::string& address, std::function<std::string()> render);
    ~MetricsEndpoint();
    MetricsEndpoint(const MetricsEndpoint&) = delete;
    MetricsEndpoint& operator=(const MetricsEndpoint&) = delete;

  private:
    std::unique_ptr<httplib::Server> http_;
    std::thread thread_;
};

} // namespace dnsclay::server
