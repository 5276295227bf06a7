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

std::set<std::string> FakeRRsetApi::state() const {
    std::lock_guard lock(const_cast<FakeApi&>(api).mutex());
    return rrset_lines(rrsets_);
}

void FakeRRsetApi::seed(const std::string& name, const std::string& type, unsigned ttl,
                        std::vector<std::string> values) {
    std::lock_guard lock(api.mutex());
    rrsets_[{name, type}] = {ttl, std::move(values)};
}

} // namespace dnsclay::test
