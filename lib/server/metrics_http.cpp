#include "lib/server/metrics_http.hpp"

#include "lib/server/address.hpp"

#include <httplib.h>
#include <stdexcept>

namespace dnsclay::server {

MetricsEndpoint::MetricsEndpoint(const std::string& address, std::function<std::string()> render)
    : http_(std::make_unique<httplib::Server>()) {
    auto a = parse_listen_address(address);
    http_->Get("/metrics", [render](const httplib::Request&, httplib::Response& res) {
        res.set_content(render(), "text/plain; version=0.0.4; charset=utf-8");
    });
    http_->Get(
        "/", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/metrics"); });
    if (!http_->bind_to_port(a.address.to_string(), a.port))
        throw std::runtime_error("cannot listen on " + address + " for metrics");
    thread_ = std::thread([this] { http_->listen_after_bind(); });
}

MetricsEndpoint::~MetricsEndpoint() {
    http_->stop();
    if (thread_.joinable()) thread_.join();
}

} // namespace dnsclay::server
