#include "tests/support/flaky_provider.hpp"

#include <string>

namespace dnsclay::test {

std::vector<dns::Record> MemoryProvider::list_records() {
    std::vector<dns::Record> out;
    for (const auto& [key, records] : rrsets_)
        out.insert(out.end(), records.begin(), records.end());
    return out;
}

void MemoryProvider::apply(const zone::ChangeSet& changes) {
    for (const auto& c : changes) {
        if (c.after.empty())
            rrsets_.erase(c.key);
        else
            rrsets_[c.key] = c.after;
    }
}

void FlakyProvider::apply(const zone::ChangeSet& changes) {
    calls_.push_back(changes);
    int n = static_cast<int>(calls_.size());
    if (fail_at_ > 0 && (n == fail_at_ || (keep_failing_ && n > fail_at_)))
        throw providers::ProviderError("injected failure at call " + std::to_string(n));
    inner_.apply(changes);
}

} // namespace dnsclay::test
