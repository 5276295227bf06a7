#pragma once
// TSIG alone lets a captured, signed UPDATE be sent again while its time is within the
// fudge (RFC 8945 §5.2.3 leaves replay inside the window to the receiver). A replayed
// "delete" could undo a later change, so each signed UPDATE is remembered until its
// signature expires, and a copy is recognized.
#include "lib/dns/record.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <unordered_set>

namespace dnsclay::engine {

class ReplayGuard {
  public:
    // True the first time a request with this TSIG record (key name and MAC) is seen; false
    // for a copy of one seen before whose signature is still within its time window.
    // `now` is seconds since the epoch. Thread-safe; memory is bounded by the requests of
    // one time window.
    bool first_sight(const dns::Record& tsig, std::int64_t now);

  private:
    // Each request as a 64-bit hash of key name and MAC (a keyed hash itself, so two
    // different requests collide with odds of 2^-64): at thousands of UPDATEs per second
    // a window of 300 s holds hundreds of thousands of them.
    std::mutex mu_;
    std::unordered_set<std::uint64_t> seen_;
    std::multimap<std::int64_t, std::uint64_t> expiries_; // time signed + fudge -> entry
};

} // namespace dnsclay::engine
