#pragma once
// Providers for testing how changes reach an operator: one that keeps a zone in memory,
// and a wrapper that makes any provider fail on demand (at its Nth apply call, or on
// every call from then on), recording what it was asked to do.
#include "lib/zone/rrset.hpp"
#include "providers/provider.hpp"

#include <vector>

namespace dnsclay::test {

// Holds its zone as rrsets; apply() makes each rrset equal to its `after`.
class MemoryProvider : public providers::Provider {
  public:
    explicit MemoryProvider(zone::RRsetMap rrsets = {}) : rrsets_(std::move(rrsets)) {}
    std::vector<dns::Record> list_records() override;
    void apply(const zone::ChangeSet& changes) override;
    const zone::RRsetMap& rrsets() const { return rrsets_; }

  private:
    zone::RRsetMap rrsets_;
};

// Passes calls to `inner`, except that apply call number `fail_at` (1-based; 0: none)
// throws ProviderError without reaching it, and so does every apply call after it when
// `keep_failing` is set.
class FlakyProvider : public providers::Provider {
  public:
    FlakyProvider(providers::Provider& inner, int fail_at, bool keep_failing = false)
        : inner_(inner), fail_at_(fail_at), keep_failing_(keep_failing) {}
    std::vector<dns::Record> list_records() override { return inner_.list_records(); }
    void apply(const zone::ChangeSet& changes) override;
    // Every apply call, failed ones included, in order.
    const std::vector<zone::ChangeSet>& calls() const { return calls_; }

  private:
    providers::Provider& inner_;
    int fail_at_;
    bool keep_failing_;
    std::vector<zone::ChangeSet> calls_;
};

} // namespace dnsclay::test
