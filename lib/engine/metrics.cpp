#include "lib/engine/metrics.hpp"

#include <fmt/core.h>

namespace dnsclay::engine {

void Metrics::record(const std::string& kind, const std::string& transport,
                     const std::string& rcode, std::chrono::microseconds latency) {
    double seconds = static_cast<double>(latency.count()) / 1e6;
    std::lock_guard lock(mutex_);
    ++requests_[{kind, transport, rcode}];
    auto& h = latency_[kind];
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
        if (seconds <= kBuckets[i]) ++h.buckets[i];
    ++h.count;
    h.sum += seconds;
}

std::string Metrics::render() const {
    std::lock_guard lock(mutex_);
    std::string out = "# HELP dnsclay_dns_requests_total DNS requests by kind, transport and "
                      "answer rcode.\n# TYPE dnsclay_dns_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
        const auto& [kind, transport, rcode] = key;
        out += fmt::format(
            "dnsclay_dns_requests_total{{kind=\"{}\",transport=\"{}\",rcode=\"{}\"}} {}\n", kind,
            transport, rcode, n);
    }
    out += "# HELP dnsclay_dns_request_duration_seconds Time to handle a DNS request, answer "
           "sent.\n# TYPE dnsclay_dns_request_duration_seconds histogram\n";
    for (const auto& [kind, h] : latency_) {
        for (std::size_t i = 0; i < kBuckets.size(); ++i)
            out += fmt::format(
                "dnsclay_dns_request_duration_seconds_bucket{{kind=\"{}\",le=\"{}\"}} {}\n", kind,
                kBuckets[i], h.buckets[i]);
        out += fmt::format(
            "dnsclay_dns_request_duration_seconds_bucket{{kind=\"{}\",le=\"+Inf\"}} {}\n", kind,
            h.count);
        out += fmt::format("dnsclay_dns_request_duration_seconds_sum{{kind=\"{}\"}} {}\n", kind,
                           h.sum);
        out += fmt::format("dnsclay_dns_request_duration_seconds_count{{kind=\"{}\"}} {}\n", kind,
                           h.count);
    }
    return out;
}

} // namespace dnsclay::engine
