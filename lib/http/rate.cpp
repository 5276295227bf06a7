#include "lib/http/rate.hpp"

#include "lib/store/duration.hpp"

#include <fmt/core.h>

namespace dnsclay::http {

std::optional<Rate> parse_rate(const std::string& text) {
    auto slash = text.find('/');
    if (slash == std::string::npos || slash == 0 || slash > 9) return std::nullopt;
    std::string count = text.substr(0, slash), period = text.substr(slash + 1);
    if (count.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    if (!period.empty() && period.find_first_of("0123456789") == std::string::npos)
        period = "1" + period;
    auto per = store::parse_duration(period);
    if (!per || per->count() == 0) return std::nullopt;
    return Rate{std::stol(count), *per};
}

std::string format_rate(Rate rate) {
    return fmt::format("{}/{}", rate.requests, store::format_duration(rate.per));
}

} // namespace dnsclay::http
