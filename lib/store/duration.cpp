#include "lib/store/duration.hpp"

#include <cstdint>
#include <fmt/core.h>

namespace dnsclay::store {

std::optional<Seconds> parse_duration(std::string_view text) {
    if (text.empty()) return std::nullopt;
    std::uint64_t total = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        std::uint64_t n = 0;
        std::size_t digits = 0;
        for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits) {
            n = n * 10 + static_cast<std::uint64_t>(text[i] - '0');
            if (n > 10'000'000'000ULL) return std::nullopt; // far beyond any sane interval
        }
        if (digits == 0 || i == text.size()) return std::nullopt;
        std::uint64_t unit = 0;
        switch (text[i++]) {
        case 'd':
            unit = 86400;
            break;
        case 'h':
            unit = 3600;
            break;
        case 'm':
            unit = 60;
            break;
        case 's':
            unit = 1;
            break;
        default:
            return std::nullopt;
        }
        total += n * unit;
        if (total > 100ULL * 365 * 86400) return std::nullopt;
    }
    return Seconds(static_cast<Seconds::rep>(total));
}

std::string format_duration(Seconds d) {
    auto s = d.count();
    if (s == 0) return "0s";
    std::string out;
    for (auto [unit, suffix] : {std::pair{86400L, 'd'}, {3600L, 'h'}, {60L, 'm'}, {1L, 's'}}) {
        if (s >= unit) {
            out += fmt::format("{}{}", s / unit, suffix);
            s %= unit;
        }
    }
    return out;
}

} // namespace dnsclay::store
