#include "lib/zone/apply.hpp"

#include <fmt/core.h>
#include <set>

namespace dnsclay::zone {
namespace {

std::string step_label(const RRsetChange& c) {
    const char* verb = c.before.empty() ? "add" : c.after.empty() ? "delete" : "replace";
    return fmt::format("{} {} {}", verb, c.key.owner.to_string(), dns::to_string(c.key.type));
}

RRsetChange inverse(const RRsetChange& c) {
    return {c.key, c.after, c.before};
}

} // namespace

std::vector<RRsetChange> apply_order(const ChangeSet& changes) {
    // Names where a CNAME appears or disappears: there the CNAME and the other data
    // cannot exist side by side, so the deletions at that name go first.
    std::set<dns::Name> cname_added, cname_removed;
    for (const auto& c : changes) {
        if (c.key.type != dns::RRType::CNAME) continue;
        if (c.before.empty() && !c.after.empty()) cname_added.insert(c.key.owner);
        if (!c.before.empty() && c.after.empty()) cname_removed.insert(c.key.owner);
    }
    std::vector<RRsetChange> first, middle, last;
    for (const auto& c : changes) {
        if (!c.after.empty()) {
            middle.push_back(c);
            continue;
        }
        bool is_cname = c.key.type == dns::RRType::CNAME;
        bool clears_way =
            is_cname ? cname_removed.count(c.key.owner) > 0 : cname_added.count(c.key.owner) > 0;
        (clears_way ? first : last).push_back(c);
    }
    first.insert(first.end(), middle.begin(), middle.end());
    first.insert(first.end(), last.begin(), last.end());
    return first;
}

void apply_changes(providers::Provider& provider, const providers::Capabilities& capabilities,
                   const ChangeSet& changes) {
    if (changes.empty()) return;
    if (capabilities.atomic_changes) {
        try {
            provider.apply(changes);
        } catch (const std::exception& e) {
            throw ApplyError(fmt::format("{}; nothing was applied (the provider applies a "
                                         "change set all or nothing)",
                                         e.what()),
                             true);
        }
        return;
    }
    auto steps = apply_order(changes);
    for (std::size_t i = 0; i < steps.size(); ++i) {
        try {
            provider.apply({steps[i]});
        } catch (const std::exception& e) {
            std::string failed = fmt::format("step {} of {} ({}) failed: {}", i + 1, steps.size(),
                                             step_label(steps[i]), e.what());
            if (i == 0) throw ApplyError(failed + "; nothing was applied", true);
            for (std::size_t j = i; j-- > 0;) {
                try {
                    provider.apply({inverse(steps[j])});
                } catch (const std::exception& undo) {
                    throw ApplyError(
                        fmt::format("{}; undoing step {} ({}) failed too: {}; the zone at the "
                                    "provider is partly changed until the next sync",
                                    failed, j + 1, step_label(steps[j]), undo.what()),
                        false);
                }
            }
            throw ApplyError(fmt::format("{}; the {} step{} before it {} rolled back", failed, i,
                                         i == 1 ? "" : "s", i == 1 ? "was" : "were"),
                             true);
        }
    }
}

} // namespace dnsclay::zone
