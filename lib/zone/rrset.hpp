#pragma once
// A zone as rrsets, and the difference between two versions of it. Owner names compare
// case-insensitively; records within an rrset compare by TTL and exact rdata bytes.
#include "lib/dns/record.hpp"

#include <compare>
#include <map>
#include <vector>

namespace dnsclay::zone {

struct RRsetKey {
    dns::Name owner;
    dns::RRType type = dns::RRType::A;
    dns::RRClass klass = dns::RRClass::IN;

    // DNSSEC canonical order of owners, then type, then class: what listings show.
    friend std::strong_ordering operator<=>(const RRsetKey& a, const RRsetKey& b);
    friend bool operator==(const RRsetKey& a, const RRsetKey& b) = default;
    static RRsetKey of(const dns::Record& r) { return {r.owner, r.type, r.klass}; }
};

// The records of each rrset, each list in normal form (see normalize).
using RRsetMap = std::map<RRsetKey, std::vector<dns::Record>>;

// Sorts an rrset's records by rdata then TTL and drops exact duplicates (an rrset is a
// set, RFC 2181 §5).
void normalize(std::vector<dns::Record>& records);

// Groups records into rrsets.
RRsetMap group(std::vector<dns::Record> records);

// True if the two normalized lists hold the same records.
bool same_records(const std::vector<dns::Record>& a, const std::vector<dns::Record>& b);

// One rrset before and after: `before` empty for an added rrset, `after` empty for a
// deleted one.
struct RRsetChange {
    RRsetKey key;
    std::vector<dns::Record> before;
    std::vector<dns::Record> after;
};
using ChangeSet = std::vector<RRsetChange>;

// The rrsets that differ between `from` and `to`, in key order.
ChangeSet diff(const RRsetMap& from, const RRsetMap& to);

} // namespace dnsclay::zone
