#include "providers/listed_records.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>

namespace dnsclay::providers {
namespace {

struct ZoneListing {
    std::map<zone::RRsetKey, std::vector<IdRecord>> rrsets; // as listed; absent: none
    std::set<zone::RRsetKey> changed;                       // changed since the listing
    std::size_t records = 0;
    std::uint64_t started = 0; // when its listing started (the store's clock)
};

// Shared by every provider object of the process, under one lock.
struct Listings {
    std::mutex mutex;
    std::uint64_t clock = 0; // counts listings started and changes made
    std::map<std::string, ZoneListing> zones;
    std::map<std::string, std::uint64_t> last_change; // by zone key
    std::size_t records = 0;                          // in all of `zones`

    void erase(std::map<std::string, ZoneListing>::iterator it) {
        records -= it->second.records;
        zones.erase(it);
    }
};

Listings& listings() {
    static Listings l;
    return l;
}

// A 4xx that says the operator would not act on the request (not the credentials or the
// rate: reading again would not change those).
bool refused(const http::Response& r) {
    return r.status >= 400 && r.status < 500 && r.status != 401 && r.status != 403 &&
           r.status != 429;
}

} // namespace

std::uint64_t ListedRecords::listing_started() const {
    auto& l = listings();
    std::lock_guard lock(l.mutex);
    return ++l.clock;
}

void ListedRecords::remember(std::uint64_t started, const std::vector<IdRecord>& listing) const {
    auto& l = listings();
    std::lock_guard lock(l.mutex);
    auto old = l.zones.find(key_);
    if (old != l.zones.end()) {
        if (old->second.started > started) return; // a newer listing is kept already
        l.erase(old);
    }
    auto change = l.last_change.find(key_);
    if (change != l.last_change.end() && change->second > started) return; // it may predate one
    if (listing.size() > ListedRecords::kMaxRecords) return;
    // the zones listed longest ago make room
    while (l.records + listing.size() > ListedRecords::kMaxRecords) {
        auto oldest =
            std::min_element(l.zones.begin(), l.zones.end(), [](const auto& a, const auto& b) {
                return a.second.started < b.second.started;
            });
        l.erase(oldest);
    }
    ZoneListing z;
    z.started = started;
    z.records = listing.size();
    for (const auto& h : listing)
        z.rrsets[zone::RRsetKey::of(h.record)].push_back(h);
    l.records += z.records;
    l.zones.emplace(key_, std::move(z));
}

std::optional<std::vector<IdRecord>>
ListedRecords::find(const zone::RRsetKey& key, const std::vector<dns::Record>& before) const {
    std::vector<IdRecord> held;
    {
        auto& l = listings();
        std::lock_guard lock(l.mutex);
        auto z = l.zones.find(key_);
        if (z == l.zones.end() || z->second.changed.count(key)) return std::nullopt;
        auto it = z->second.rrsets.find(key);
        if (it != z->second.rrsets.end()) held = it->second;
    }
    // Another value or TTL than the local copy's: one of the two is not current.
    auto plan = plan_records(without_ids(held), before);
    if (!plan.retime.empty() || !plan.create.empty() || !plan.remove.empty()) return std::nullopt;
    return held;
}

void ListedRecords::changed(const zone::ChangeSet& changes) const {
    auto& l = listings();
    std::lock_guard lock(l.mutex);
    l.last_change[key_] = ++l.clock;
    auto z = l.zones.find(key_);
    if (z == l.zones.end()) return;
    for (const auto& c : changes)
        z->second.changed.insert(c.key);
}

void ListedRecords::forget() const {
    auto& l = listings();
    std::lock_guard lock(l.mutex);
    l.last_change[key_] = ++l.clock;
    auto z = l.zones.find(key_);
    if (z != l.zones.end()) l.erase(z);
}

void ListedRecords::forget_all() {
    auto& l = listings();
    std::lock_guard lock(l.mutex);
    l.zones.clear();
    l.last_change.clear();
    l.records = 0;
}

std::optional<http::Response>
send_by_id(const ListedRecords& listed, const zone::ChangeSet& changes,
           const std::function<std::vector<IdRecord>(const zone::RRsetKey&)>& read,
           const std::function<std::optional<http::Response>(const HeldRecords& held)>& send) {
    try {
        bool from_listing = false;
        auto resp = send([&](const zone::RRsetChange& c) {
            if (auto held = listed.find(c.key, c.before)) {
                from_listing = true;
                return std::move(*held);
            }
            return read(c.key);
        });
        if (resp && refused(*resp) && from_listing) {
            // an id that is gone, or an rrset otherwise than listed: as the operator holds it now
            listed.forget();
            resp = send([&](const zone::RRsetChange& c) { return read(c.key); });
        }
        if (resp && resp->status >= 300)
            listed.forget();
        else
            listed.changed(changes);
        return resp;
    } catch (...) {
        listed.forget();
        throw;
    }
}

} // namespace dnsclay::providers
