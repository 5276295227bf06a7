#include "providers/registry.hpp"

#include <algorithm>

namespace dnsclay::providers {

const FieldSpec* ProviderInfo::field(const std::string& field_name) const {
    for (const auto& f : fields)
        if (f.name == field_name) return &f;
    return nullptr;
}

namespace {

void sort_by_name(std::vector<ProviderInfo>& v) {
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
}

std::vector<ProviderInfo>& registry() {
    static std::vector<ProviderInfo> all = [] {
        std::vector<ProviderInfo> v = {
            cloudflare_provider(), desec_provider(),   digitalocean_provider(),
            dnsimple_provider(),   gandi_provider(),   google_cloud_dns_provider(),
            hetzner_provider(),    linode_provider(),  local_provider(),
            ovh_provider(),        porkbun_provider(), powerdns_provider(),
            rfc2136_provider(),    route53_provider(), vultr_provider(),
        };
        sort_by_name(v);
        return v;
    }();
    return all;
}

} // namespace

const std::vector<ProviderInfo>& all_providers() {
    return registry();
}

void register_provider(ProviderInfo info) {
    auto& all = registry();
    std::erase_if(all, [&](const ProviderInfo& p) { return p.name == info.name; });
    all.push_back(std::move(info));
    sort_by_name(all);
}

const ProviderInfo* find_provider(const std::string& name) {
    for (const auto& p : all_providers())
        if (p.name == name) return &p;
    return nullptr;
}

} // namespace dnsclay::providers
