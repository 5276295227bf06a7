#include "lib/dns/ttl.hpp"

#include "lib/dns/error.hpp"

#include <string>

namespace dnsclay::dns {
namespace {

std::uint64_t unit_seconds(char c) {
    switch (c) {
    case 's':
    case 'S':
        return 1;
    case 'm':
    case 'M':
        return 60;
    case 'h':
    case 'H':
        return 3600;
    case 'd':
    case 'D':
        return 86400;
    case 'w':
    case 'W':
        return 604800;
    default:
        return 0;
    }
}

} // namespace

std::uint32_t parse_ttl(std::string_view text) {
    if (text.empty()) throw TextError("expected a TTL, got nothing");
    std::uint64_t total = 0;
    std::size_t i = 0;
    auto too_big = [&] {
        return TextError("TTL \"" + std::string(text) + "\" is above the maximum " +
                             std::to_string(kMaxTtl) + " (RFC 2181 section 8)",
                         0, 1);
    };
    while (i < text.size()) {
        if (text[i] < '0' || text[i] > '9')
            throw TextError("expected a TTL (seconds, or units like 1h30m), got \"" +
                                std::string(text) + "\"",
                            0, i + 1);
        std::uint64_t number = 0;
        for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
            number = number * 10 + static_cast<std::uint64_t>(text[i] - '0');
            if (number > kMaxTtl) throw too_big();
        }
        std::uint64_t unit = 1;
        if (i < text.size()) {
            unit = unit_seconds(text[i]);
            if (unit == 0)
                throw TextError("unknown TTL unit '" + std::string(1, text[i]) + "' in \"" +
                                    std::string(text) + "\" (use s, m, h, d or w)",
                                0, i + 1);
            ++i;
        }
        total += number * unit;
        if (total > kMaxTtl) throw too_big();
    }
    return static_cast<std::uint32_t>(total);
}

} // namespace dnsclay::dns
