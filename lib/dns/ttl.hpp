#pragma once
// TTL values in presentation form: plain seconds ("3600") or BIND's units ("1h30m", "1W",
// any case), as zone files, $TTL and command-line arguments write them.
#include <cstdint>
#include <string_view>

namespace dnsclay::dns {

// The largest TTL a record may carry (RFC 2181 §8: the top bit must be zero).
inline constexpr std::uint32_t kMaxTtl = 0x7fffffff;

// Seconds for "3600", "1h30m", "2d", "1w2d3h4m5s"; a number without a unit counts seconds.
// Throws TextError (column relative to `text`) if it is not a TTL or exceeds kMaxTtl.
std::uint32_t parse_ttl(std::string_view text);

} // namespace dnsclay::dns
