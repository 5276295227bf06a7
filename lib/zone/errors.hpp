#pragma once
// The ways a request about a zone can fail that the caller reacts to differently: the CLI
// maps each to its exit code, the gateway to an rcode.
#include <stdexcept>

namespace dnsclay::zone {

// Input that is not acceptable (bad name, TTL, type, a change to the SOA ...).
class InvalidInput : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The zone, credential, target or record asked for does not exist.
class NotFound : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The state is not what the request expected: a duplicate, or a zone that changed.
class Conflict : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

} // namespace dnsclay::zone
