#pragma once
// The records, with their ids, of a zone's last full listing in this process, for operators
// whose atomic change addresses records by id (Cloudflare's and DNSimple's batches).
// `serve` lists a zone just before each UPDATE (its fresh view) and makes the change right
// after, through another provider object, so the ids are kept for the process, not in the
// provider: the change then needs no read of its own. An rrset is taken from here only
// while nothing says it may have changed since: the zone's own changes forget the rrsets
// they touched, an error forgets the zone, a listing that started before a change of the
// zone is not kept, and the rrset must equal what the caller's local copy held before the
// change. Kept for at most kMaxRecords records in all (the zones listed last).
#include "lib/http/client.hpp"
#include "lib/zone/rrset.hpp"
#include "providers/web_api.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dnsclay::providers {

class ListedRecords {
  public:
    static constexpr std::size_t kMaxRecords = 100'000;

    // `zone_key` names the provider, endpoint, account and zone (WebApi::remembered_key).
    explicit ListedRecords(std::string zone_key) : key_(std::move(zone_key)) {}

    // Marks the start of a full listing; its records are kept by remember() only if no
    // change of the zone was made after this.
    std::uint64_t listing_started() const;
    void remember(std::uint64_t started, const std::vector<IdRecord>& listing) const;
    // The rrset as listed, if it is known and holds the values and TTL of `before` (what
    // the local copy held); nullopt otherwise.
    std::optional<std::vector<IdRecord>> find(const zone::RRsetKey& key,
                                              const std::vector<dns::Record>& before) const;
    // After a change of the zone: its rrsets are no longer as listed.
    void changed(const zone::ChangeSet& changes) const;
    // After an error: nothing of the zone's listing is trusted any more.
    void forget() const;
    // Every zone's listing (the provider fuzzer starts each case as a fresh process would).
    static void forget_all();

  private:
    std::string key_;
};

// Sends a change set to an operator that addresses records by id. `send` builds the one
// request from what the operator holds of each rrset (as `held` gives it) and sends it,
// nullopt if there is nothing to send. The held records come from the zone's last listing
// where it is current, else from `read`; if the operator refuses the request (a 4xx other
// than 401, 403 and 429, such as an id that is gone) while some came from the listing, the
// rrsets are read and `send` runs once more. Returns the last answer; the listing of the
// changed rrsets (all of it, on an error) is forgotten.
using HeldRecords = std::function<std::vector<IdRecord>(const zone::RRsetChange&)>;
std::optional<http::Response>
send_by_id(const ListedRecords& listed, const zone::ChangeSet& changes,
           const std::function<std::vector<IdRecord>(const zone::RRsetKey&)>& read,
           const std::function<std::optional<http::Response>(const HeldRecords& held)>& send);

} // namespace dnsclay::providers
