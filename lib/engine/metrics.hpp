#pragma once
// Request counters and latency histograms for the Prometheus endpoint, updated by the
// dispatcher for every request and rendered in the text exposition format.
#include <array>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace dnsclay::engine {

class Metrics {
  public:
    // Upper bounds of the latency buckets, in seconds.
    static constexpr std::array<double, 11> kBuckets = {0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05,
                                                        0.1,    0.5,    1,     5,     30};

    void record(const std::string& kind, const std::string& transport, const std::string& rcode,
                std::chrono::microseconds latency);
    // The request metrics as Prometheus text.
    std::string render() const;

  private:
    struct Histogram {
        std::array<std::uint64_t, kBuckets.size()> buckets{};
        std::uint64_t count = 0;
        double sum = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::tuple<std::string, std::string, std::string>, std::uint64_t> requests_;
    std::map<std::string, Histogram> latency_;
};

class Context;

// Everything /metrics shows: the request metrics, NOTIFY outcomes, and per zone our serial
// and the age of the last sync.
std::string metrics_text(Context& ctx);

} // namespace dnsclay::engine
