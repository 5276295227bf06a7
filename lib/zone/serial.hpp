#pragma once
// Zone serials with RFC 1982 sequence-space arithmetic (SERIAL_BITS = 32).
#include <cstdint>
#include <optional>

namespace dnsclay::zone {

// s1 < s2 in sequence space; false for the undefined case (distance exactly 2^31).
bool serial_lt(std::uint32_t s1, std::uint32_t s2);
inline bool serial_gt(std::uint32_t s1, std::uint32_t s2) {
    return serial_lt(s2, s1);
}

// The serial after `current`: `hint` (for example the provider's serial) if it is ahead
// of current by a legal increment, else current + 1. Always ahead of current, so a serial
// never repeats for different contents and never goes backwards.
std::uint32_t serial_next(std::uint32_t current, std::optional<std::uint32_t> hint = {});

} // namespace dnsclay::zone
