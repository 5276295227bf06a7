// `dnsclay history ZONE`: every rrset over time, and what resolvers may still have cached.
#include "lib/zone/history.hpp"
#include "cmd/common.hpp"
#include "lib/dns/rdata.hpp"
#include "lib/store/records.hpp"
#include "lib/store/zones.hpp"
#include "lib/zone/soa.hpp"

#include <fmt/core.h>

namespace dnsclay::cli {
namespace {

struct Options {
    std::string zone;
    std::string name;
    std::string type;
    std::string since;
};

void history(const GlobalOptions& global, const Options& o) {
    std::string zname = zone_name(o.zone);
    auto apex = dns::Name::parse(zname);
    std::optional<dns::Name> name;
    if (!o.name.empty()) name = owner_name(o.name, apex);
    std::optional<dns::RRType> type;
    if (!o.type.empty()) {
        type = dns::rrtype_from_string(o.type);
        if (!type) throw CliError(kExitUsage, fmt::format("\"{}\" is not a record type", o.type));
    }
    std::int64_t now = store::now_unix();
    std::optional<std::int64_t> since;
    if (!o.since.empty()) {
        since = parse_time(o.since, now);
        if (!since)
            throw CliError(kExitUsage, fmt::format("--since \"{}\" is not a time (2026-01-31, "
                                                   "2026-01-31T12:00:00Z) or a duration ago (2h)",
                                                   o.since));
    }

    auto st = open_store(global);
    std::vector<store::StoredRecord> rows;
    store::Zone z;
    {
        store::Transaction txn(st->db(), store::Transaction::Kind::Read);
        auto found = store::find_zone(st->db(), zname);
        if (!found)
            throw CliError(kExitNotFound,
                           fmt::format("zone {} does not exist; see dnsclay zone list", zname));
        z = *found;
        rows = store::record_history(st->db(), z.id);
    }
    std::vector<zone::RRsetVersion> versions;
    for (auto& v : zone::rrset_history(rows, zone::negative_ttl(z))) {
        if (name && !(v.key.owner == *name)) continue;
        if (type && v.key.type != *type) continue;
        // A version is of interest if anything about it happened since then.
        if (since && v.since < *since && (!v.until || *v.until < *since)) continue;
        versions.push_back(std::move(v));
    }

    if (global.json) {
        Json j;
        j.begin_object().field("zone", zname).time("now", now).key("history").begin_array();
        for (const auto& v : versions) {
            j.begin_object()
                .field("name", v.key.owner.to_string())
                .field("type", dns::to_string(v.key.type))
                .field("class", dns::to_string(v.key.klass))
                .time("since", v.since)
                .field("since_serial", v.since_serial)
                .time("until", v.until)
                .field("until_serial", v.until_serial)
                .time("cached_until", v.cached_until)
                .time("negative_cached_until", v.negative_cached_until);
            j.key("records").begin_array();
            for (const auto& r : v.records)
                j.begin_object()
                    .field("ttl", r.ttl)
                    .field("data", dns::rdata_to_text(r.type, r.rdata))
                    .end_object();
            j.end_array().end_object();
        }
        j.end_array().end_object().print();
        return;
    }
    if (versions.empty()) return say(global, "No history matches");
    const zone::RRsetKey* last = nullptr;
    for (const auto& v : versions) {
        if (!last || !(*last == v.key))
            fmt::print("{}{} {}\n", last ? "\n" : "", v.key.owner.to_string(),
                       dns::to_string(v.key.type));
        last = &v.key;
        fmt::print("  {} .. {}  serial {}{}\n", format_time(v.since),
                   v.until ? format_time(*v.until) : "now", v.since_serial,
                   v.until_serial ? fmt::format("..{}", *v.until_serial) : "");
        for (const auto& r : v.records)
            fmt::print("    {} {}\n", r.ttl, dns::rdata_to_text(r.type, r.rdata));
        if (v.negative_cached_until && *v.negative_cached_until > now)
            fmt::print("    new: a negative answer may be cached until {}\n",
                       format_time(*v.negative_cached_until));
        if (v.cached_until && *v.cached_until > now)
            fmt::print("    {}: may still be cached until {}\n",
                       v.until_serial ? "replaced or deleted" : "", format_time(*v.cached_until));
    }
}

} // namespace

void register_history(CLI::App& app, const GlobalOptions& global, int& exit_code) {
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand(
        "history", "Show every version of the zone's rrsets, with when each appeared and "
                   "disappeared and until when resolvers may still cache it");
    cmd->add_option("zone", o->zone, "The zone")->required();
    cmd->add_option("--name", o->name, "Only this name (relative to the zone or absolute)");
    cmd->add_option("--type", o->type, "Only this record type");
    cmd->add_option("--since", o->since,
                    "Only versions that existed at or after TIME: RFC 3339 (2026-01-31T12:00:00Z), "
                    "a date, or a duration ago (2h, 7d)");
    cmd->callback([&global, &exit_code, o] { run(exit_code, [&] { history(global, *o); }); });
}

} // namespace dnsclay::cli
