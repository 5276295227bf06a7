#include "cmd/zone_settings.hpp"

#include "lib/store/audit.hpp"
#include "lib/store/credentials.hpp"
#include "lib/store/zones.hpp"
#include "providers/registry.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <fmt/core.h>
#include <set>

namespace dnsclay::cli {

void add_settings_options(CLI::App& cmd, ZoneSettingsOptions& o, bool for_set) {
    cmd.add_option("--sync-interval", o.sync_interval,
                   "Time between full syncs, e.g. 24h (default: [sync] interval of config.toml)");
    cmd.add_option("--refresh-interval", o.refresh_interval,
                   "Time between cheap serial checks, e.g. 1h (default: [sync] "
                   "refresh_interval)");
    auto* servers = cmd.add_option(
        "--authoritative", o.authoritative,
        "Ask this server (ADDR:PORT; a bare address means port 53) for the zone's SOA serial in "
        "the cheap check, instead of the provider; repeatable, asked in order");
    servers->type_name("ADDR:PORT");
    auto* key = cmd.add_option("--authoritative-key", o.authoritative_key,
                               "Sign those SOA queries with this TSIG credential (from dnsclay "
                               "cred add)");
    key->type_name("NAME");
    if (for_set) {
        auto* none = cmd.add_flag("--no-authoritative", o.no_authoritative,
                                  "Forget the authoritative servers: check the provider's serial "
                                  "again");
        none->excludes(servers);
        none->excludes(key);
    }
}

std::string target_address(const std::string& text) {
    unsigned char buf[16];
    if (inet_pton(AF_INET, text.c_str(), buf) == 1) return text + ":53";
    if (inet_pton(AF_INET6, text.c_str(), buf) == 1) return "[" + text + "]:53";
    if (auto err = store::address_error(text); !err.empty()) throw CliError(kExitUsage, err);
    return text;
}

std::string tsig_credential(store::Db& db, const std::string& flag, const std::string& text) {
    auto name = credential_name(text);
    auto cred = store::find_credential(db, name);
    if (!cred)
        throw CliError(kExitNotFound, fmt::format("credential {} does not exist; add it with "
                                                  "dnsclay cred add {} --tsig --zone ZONE",
                                                  name, name));
    if (cred->kind != "tsig")
        throw CliError(kExitUsage,
                       fmt::format("credential {} is a TLS key; {} needs a TSIG key", name, flag));
    return name;
}

std::optional<store::AuthoritativeServers>
authoritative_setting(store::Db& db, const ZoneSettingsOptions& o,
                      const store::AuthoritativeServers& current,
                      const providers::ProviderInfo* provider) {
    if (o.no_authoritative) return store::AuthoritativeServers{};
    if (o.authoritative.empty() && o.authoritative_key.empty()) return std::nullopt;
    if (provider && provider->capabilities.records_in_state_db)
        throw CliError(kExitUsage,
                       fmt::format("provider {} keeps the records in state.db: there is no other "
                                   "server whose serial to check",
                                   provider->name));
    store::AuthoritativeServers out = current;
    if (!o.authoritative.empty()) {
        // The list is replaced whole; a key not given again is dropped with the old list.
        out = {};
        std::set<std::string> seen;
        for (const auto& text : o.authoritative) {
            auto address = target_address(text);
            if (!seen.insert(address).second)
                throw CliError(kExitUsage,
                               fmt::format("--authoritative {} is given twice", address));
            out.addresses.push_back(address);
        }
    }
    if (!o.authoritative_key.empty()) {
        if (out.addresses.empty())
            throw CliError(kExitUsage,
                           "--authoritative-key needs authoritative servers: add --authoritative "
                           "ADDR:PORT");
        out.tsig_key = tsig_credential(db, "--authoritative-key", o.authoritative_key);
    }
    return out;
}

std::string authoritative_text(const store::AuthoritativeServers& servers) {
    if (servers.addresses.empty()) return "none";
    std::string out;
    for (const auto& a : servers.addresses)
        out += (out.empty() ? "" : ", ") + a;
    if (!servers.tsig_key.empty()) out += " (key " + servers.tsig_key + ")";
    return out;
}

Json& authoritative_json(Json& j, const store::AuthoritativeServers& servers) {
    j.begin_object().key("servers").begin_array();
    for (const auto& a : servers.addresses)
        j.value(a);
    j.end_array();
    return j.field("key", servers.tsig_key.empty() ? std::nullopt : std::optional(servers.tsig_key))
        .end_object();
}

namespace {

// Moves the zone's planned sync and check earlier when the new settings call for it
// (a shorter interval, servers to try), never later: the plan is redone after each.
void reschedule(store::SyncState& state, const store::Zone& z, bool sync_changed,
                bool refresh_changed, bool servers_changed, std::int64_t now) {
    if (sync_changed && state.next_sync)
        state.next_sync = std::min(*state.next_sync, now + z.sync_interval);
    if (z.refresh_interval <= 0) return;
    std::int64_t check = state.next_refresh.value_or(now + z.refresh_interval);
    if (refresh_changed) check = std::min(check, now + z.refresh_interval);
    // New servers are asked soon, so that a mistake shows in zone show at once.
    if (servers_changed) check = now;
    state.next_refresh = check;
}

void zone_set(const GlobalOptions& global, const std::string& zone_arg,
              const ZoneSettingsOptions& o) {
    if (o.sync_interval.empty() && o.refresh_interval.empty() && o.authoritative.empty() &&
        o.authoritative_key.empty() && !o.no_authoritative)
        throw CliError(kExitUsage, "nothing to change: give --sync-interval, --refresh-interval, "
                                   "--authoritative, --authoritative-key or --no-authoritative");
    std::string name = zone_name(zone_arg);
    auto st = open_store(global);
    auto& db = st->db();
    store::Transaction txn(db, store::Transaction::Kind::Write);
    auto z = store::find_zone(db, name);
    if (!z)
        throw CliError(kExitNotFound,
                       fmt::format("zone {} does not exist; see dnsclay zone list", name));
    z->sync_interval = duration_flag("--sync-interval", o.sync_interval,
                                     store::Seconds(z->sync_interval), store::Seconds(60));
    z->refresh_interval = duration_flag("--refresh-interval", o.refresh_interval,
                                        store::Seconds(z->refresh_interval), store::Seconds(10));
    store::set_zone_intervals(db, z->id, z->sync_interval, z->refresh_interval);
    auto servers = store::load_authoritative_servers(db, z->id);
    auto changed_servers =
        authoritative_setting(db, o, servers, providers::find_provider(z->provider));
    if (changed_servers) {
        servers = *changed_servers;
        store::save_authoritative_servers(db, z->id, servers);
    }
    auto state = store::load_sync_state(db, z->id);
    reschedule(state, *z, !o.sync_interval.empty(), !o.refresh_interval.empty(),
               changed_servers && !changed_servers->addresses.empty(), store::now_unix());
    store::save_sync_state(db, z->id, state);

    std::string detail;
    auto note = [&](const std::string& what) { detail += (detail.empty() ? "" : ", ") + what; };
    auto interval = [](std::int64_t s) { return store::format_duration(store::Seconds(s)); };
    if (!o.sync_interval.empty()) note("sync interval " + interval(z->sync_interval));
    if (!o.refresh_interval.empty()) note("refresh interval " + interval(z->refresh_interval));
    if (changed_servers) note("authoritative servers " + authoritative_text(servers));
    store::append_audit(db, {0, 0, store::cli_actor(), name, "zone set", detail, "ok"});
    txn.commit();

    if (global.json) {
        Json j;
        j.begin_object()
            .field("zone", name)
            .field("sync_interval", interval(z->sync_interval))
            .field("refresh_interval", interval(z->refresh_interval))
            .key("authoritative");
        authoritative_json(j, servers).end_object().print();
        return;
    }
    say(global, fmt::format("Updated zone {}: {}", name, detail));
}

} // namespace

void register_zone_set(CLI::App& zone, const GlobalOptions& global, int& exit_code) {
    auto name = std::make_shared<std::string>();
    auto o = std::make_shared<ZoneSettingsOptions>();
    auto* set = zone.add_subcommand(
        "set",
        "Change a zone's sync and refresh intervals and the servers its serial is checked at");
    set->add_option("zone", *name, "The zone")->required();
    add_settings_options(*set, *o, true);
    set->callback(
        [&global, &exit_code, name, o] { run(exit_code, [&] { zone_set(global, *name, *o); }); });
}

} // namespace dnsclay::cli
