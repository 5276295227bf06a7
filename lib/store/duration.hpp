#pragma once
// Durations as people write them in flags and config.toml: "90s", "15m", "1h", "24h",
// "1h30m", "7d". Whole seconds only.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace dnsclay::store {

using Seconds = std::chrono::seconds;

// nullopt for anything else than one or more <digits><unit> with units d, h, m, s.
std::optional<Seconds> parse_duration(std::string_view text);

// The shortest form parse_duration reads back: "1h30m", "0s".
std::string format_duration(Seconds d);

} // namespace dnsclay::store
