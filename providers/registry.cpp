#include "providers/registry.hpp"

#include <algorithm>

namespace dnsclay::providers {

const FieldSpec* ProviderInfo::field(const std::string& field_name) const {
    for (const auto& f : fields)
        if (f.name == field_name) return &f;
    return nullptr;
}

const std::vector<ProviderInfo>& all_providers() {
    static const std::vector<ProviderInfo> all = [] {
        std::vector<ProviderInfo> v = {local_provider()};
        std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
        return v;
    }();
    return all;
}

const ProviderInfo* find_provider(const std::string& name) {
    for (const auto& p : all_providers())
        if (p.name == name) return &p;
    return nullptr;
}

} // namespace dnsclay::providers
