#include "lib/zone/serial.hpp"

namespace dnsclay::zone {

bool serial_lt(std::uint32_t s1, std::uint32_t s2) {
    constexpr std::uint32_t kHalf = 1u << 31;
    return (s1 < s2 && s2 - s1 < kHalf) || (s1 > s2 && s1 - s2 > kHalf);
}

std::uint32_t serial_next(std::uint32_t current, std::optional<std::uint32_t> hint) {
    if (hint && serial_gt(*hint, current)) return *hint;
    return current + 1; // wraps modulo 2^32, as RFC 1982 §3.1 intends
}

} // namespace dnsclay::zone
