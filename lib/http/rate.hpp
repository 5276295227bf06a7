#pragma once
// A request rate as operators document it and config.toml writes it: "1200/5m", "10/s".
#include <chrono>
#include <optional>
#include <string>

namespace dnsclay::http {

// `requests` per `per`, e.g. 1200 per 5 minutes. Zero requests: no limit.
struct Rate {
    long requests = 0;
    std::chrono::seconds per{1};
    bool operator==(const Rate&) const = default;
};

// A number of requests, a slash and a duration as config.toml writes durations ("5m",
// "1h30m"; a bare unit such as "s" means one of it). nullopt if malformed or zero-length.
std::optional<Rate> parse_rate(const std::string& text);

// The form parse_rate reads back: "1200/5m".
std::string format_rate(Rate rate);

} // namespace dnsclay::http
