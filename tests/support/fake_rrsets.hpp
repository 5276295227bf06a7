#pragma once
// The zone of a fake whose operator keeps rrsets (deSEC, Hetzner, Gandi): values by
// (name, type) with one TTL each, in the operator's own spelling of names and values.
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace dnsclay::test {

struct FakeRRset {
    unsigned ttl = 3600;
    std::vector<std::string> values;
};

using FakeRRsets = std::map<std::pair<std::string, std::string>, FakeRRset>; // (name, type)

// The rrsets as "name ttl type value" lines, one a value.
std::set<std::string> rrset_lines(const FakeRRsets& rrsets);

} // namespace dnsclay::test
