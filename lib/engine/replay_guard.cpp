#include "lib/engine/replay_guard.hpp"

#include "lib/dns/tsig.hpp"

#include <functional>
#include <string>

namespace dnsclay::engine {

bool ReplayGuard::first_sight(const dns::Record& tsig, std::int64_t now) {
    auto rdata = dns::TsigRdata::decode(tsig.rdata);
    std::string text = tsig.owner.canonical().to_string();
    text.push_back('\0');
    text.append(rdata.mac.begin(), rdata.mac.end());
    std::uint64_t entry = std::hash<std::string>{}(text);
    auto expiry = static_cast<std::int64_t>(rdata.time_signed) + rdata.fudge;

    std::lock_guard lock(mu_);
    while (!expiries_.empty() && expiries_.begin()->first < now) {
        seen_.erase(expiries_.begin()->second);
        expiries_.erase(expiries_.begin());
    }
    if (!seen_.insert(entry).second) return false;
    expiries_.emplace(expiry, entry);
    return true;
}

} // namespace dnsclay::engine
