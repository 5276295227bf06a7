#include "cmd/records_common.hpp"

#include "lib/zone/errors.hpp"
#include "lib/zone/soa.hpp"

#include <fmt/core.h>

namespace dnsclay::cli {

zone::ZoneSnapshot read_zone(store::Store& st, const std::string& name) {
    store::Transaction txn(st.db(), store::Transaction::Kind::Read);
    try {
        return zone::load_snapshot(st.db(), name);
    } catch (const zone::NotFound&) {
        throw CliError(kExitNotFound,
                       fmt::format("zone {} does not exist; see dnsclay zone list", name));
    }
}

std::vector<dns::Record> zone_records(const zone::ZoneSnapshot& zone) {
    std::vector<dns::Record> out{zone::soa_record(zone.zone)};
    for (const auto& [key, records] : zone.rrsets)
        out.insert(out.end(), records.begin(), records.end());
    return out;
}

} // namespace dnsclay::cli
