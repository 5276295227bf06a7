#include "tests/support/fake_rrsets.hpp"

#include <fmt/core.h>

namespace dnsclay::test {

std::set<std::string> rrset_lines(const FakeRRsets& rrsets) {
    std::set<std::string> out;
    for (const auto& [key, set] : rrsets)
        for (const auto& v : set.values)
            out.insert(fmt::format("{} {} {} {}", key.first, set.ttl, key.second, v));
    return out;
}

} // namespace dnsclay::test
