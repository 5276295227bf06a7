#pragma once
// The providers built into this binary, by name.
#include "providers/provider.hpp"

#include <vector>

namespace dnsclay::providers {

// All providers, sorted by name.
const std::vector<ProviderInfo>& all_providers();
// nullptr if there is no provider of that name.
const ProviderInfo* find_provider(const std::string& name);
// Adds a provider, or replaces the one of the same name: for tests, which register
// scripted fakes. Not thread-safe: call it before other threads use the registry.
void register_provider(ProviderInfo info);

// The built-in providers; each is defined in its own file.
ProviderInfo cloudflare_provider();
ProviderInfo desec_provider();
ProviderInfo digitalocean_provider();
ProviderInfo dnsimple_provider();
ProviderInfo gandi_provider();
ProviderInfo hetzner_provider();
ProviderInfo linode_provider();
ProviderInfo local_provider();
ProviderInfo porkbun_provider();
ProviderInfo powerdns_provider();
ProviderInfo rfc2136_provider();
ProviderInfo vultr_provider();
ProviderInfo route53_provider();
ProviderInfo google_cloud_dns_provider();
ProviderInfo ovh_provider();

} // namespace dnsclay::providers
