#pragma once
// Getting a change set to the operator. Where the provider applies a change set all or
// nothing, it gets the whole set in one call. Otherwise it gets one rrset per call, in an
// order that never leaves a name without records when that can be avoided (additions and
// replacements before deletions), and when a call fails the calls already made are undone
// in reverse order, so the zone at the operator ends as it was whenever the undo works.
#include "lib/zone/rrset.hpp"
#include "providers/provider.hpp"

namespace dnsclay::zone {

// A change set that was not (completely) applied. what() says which step failed, why,
// and whether what had been done was undone.
class ApplyError : public providers::ProviderError {
  public:
    ApplyError(const std::string& what, bool rolled_back)
        : providers::ProviderError(what), rolled_back_(rolled_back) {}
    // True if the operator holds the zone as it was before (nothing applied, or all undone).
    bool rolled_back() const { return rolled_back_; }

  private:
    bool rolled_back_;
};

// The one-rrset steps of a non-atomic change, in the order they are applied: deletions
// that must come first (an rrset that a CNAME replaces at its name, or a CNAME that other
// data replaces), then additions and replacements, then the other deletions.
std::vector<RRsetChange> apply_order(const ChangeSet& changes);

// Applies `changes` through `provider` as described above. Throws ApplyError.
void apply_changes(providers::Provider& provider, const providers::Capabilities& capabilities,
                   const ChangeSet& changes);

} // namespace dnsclay::zone
