#pragma once
// The zone of a fake whose operator keeps rrsets (deSEC, Hetzner, Gandi): values by
// (name, type) with one TTL each, in the operator's own spelling of names and values.
#include "tests/support/fake_api.hpp"

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

// What the fakes of rrset APIs share: the HTTP fake, the zone's rrsets, and seeding and
// reading them under the fake's lock.
class FakeRRsetApi {
  public:
    FakeApi api;
    // The zone as "name ttl type value" lines, names and values as the operator keeps them.
    std::set<std::string> state() const;
    // Adds an rrset as if made in the operator's control panel.
    void seed(const std::string& name, const std::string& type, unsigned ttl,
              std::vector<std::string> values);

  protected:
    FakeRRsets rrsets_;
};

} // namespace dnsclay::test
