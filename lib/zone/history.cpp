#include "lib/zone/history.hpp"

#include "lib/zone/serial.hpp"

#include <algorithm>

namespace dnsclay::zone {
namespace {

// A change of the zone: every row it wrote carries the same time and serial.
struct Event {
    std::int64_t time;
    std::uint32_t serial;
    bool operator==(const Event&) const = default;
};

bool before(const Event& a, const Event& b) {
    if (a.time != b.time) return a.time < b.time;
    return serial_lt(a.serial, b.serial);
}

bool at_or_before(const Event& a, const Event& b) {
    return a == b || before(a, b);
}

void versions_of(const RRsetKey& key, const std::vector<const store::StoredRecord*>& rows,
                 std::uint32_t negative_ttl, std::vector<RRsetVersion>& out) {
    std::vector<Event> events;
    for (const auto* r : rows) {
        events.push_back({r->time_first, r->serial_first});
        if (r->time_deleted) events.push_back({*r->time_deleted, *r->serial_deleted});
    }
    std::sort(events.begin(), events.end(), before);
    events.erase(std::unique(events.begin(), events.end()), events.end());

    std::vector<dns::Record> previous;
    std::optional<std::size_t> open; // index in `out` of the version still running
    for (const auto& e : events) {
        std::vector<dns::Record> now;
        for (const auto* r : rows) {
            bool added = at_or_before({r->time_first, r->serial_first}, e);
            bool deleted =
                r->time_deleted && at_or_before({*r->time_deleted, *r->serial_deleted}, e);
            if (added && !deleted) now.push_back(r->record);
        }
        normalize(now);
        if (same_records(now, previous)) continue;
        if (open) {
            auto& v = out[*open];
            v.until = e.time;
            v.until_serial = e.serial;
            std::uint32_t ttl = 0;
            for (const auto& r : v.records)
                ttl = std::max(ttl, r.ttl);
            v.cached_until = e.time + ttl;
            open.reset();
        }
        if (!now.empty()) {
            RRsetVersion v{key, now, e.time, e.serial, {}, {}, {}, {}};
            if (previous.empty()) v.negative_cached_until = e.time + negative_ttl;
            out.push_back(std::move(v));
            open = out.size() - 1;
        }
        previous = std::move(now);
    }
}

} // namespace

std::vector<RRsetVersion> rrset_history(const std::vector<store::StoredRecord>& history,
                                        std::uint32_t negative_ttl) {
    std::map<RRsetKey, std::vector<const store::StoredRecord*>> by_key;
    for (const auto& r : history)
        by_key[RRsetKey::of(r.record)].push_back(&r);
    std::vector<RRsetVersion> out;
    for (const auto& [key, rows] : by_key)
        versions_of(key, rows, negative_ttl, out);
    return out;
}

} // namespace dnsclay::zone
