#include "lib/engine/replay_guard.hpp"

#include "lib/dns/tsig.hpp"

namespace dnsclay::engine {

bool ReplayGuard::first_sight(const dns::Record& tsig, std::int64_t now) {
    auto rdata = dns::TsigRdata::decode(tsig.rdata);
    std::string entry = tsig.owner.canonical().to_string();
    entry.push_back('\0');
    entry.append(rdata.mac.begin(), rdata.mac.end());
    auto expiry = static_cast<std::int64_t>(rdata.time_signed) + rdata.fudge;

    std::lock_guard lock(mu_);
    while (!expiries_.empty() && expiries_.begin()->first < now) {
        seen_.erase(expiries_.begin()->second);
        expiries_.erase(expiries_.begin());
    }
    if (!seen_.insert(entry).second) return false;
    expiries_.emplace(expiry, std::move(entry));
    return true;
}

} // namespace dnsclay::engine
