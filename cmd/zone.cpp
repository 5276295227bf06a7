// `dnsclay zone add|list|show|remove` and `dnsclay zone notify add|remove|list` (`zone set`
// is in zone_settings.cpp).
#include "cmd/common.hpp"
#include "cmd/zone_settings.hpp"
#include "lib/engine/sync.hpp"
#include "lib/store/accounts.hpp"
#include "lib/store/audit.hpp"
#include "lib/store/credentials.hpp"
#include "lib/store/records.hpp"
#include "lib/store/zones.hpp"
#include "lib/zone/errors.hpp"
#include "providers/registry.hpp"

#include <fmt/core.h>
#include <map>

namespace dnsclay::cli {
namespace {

struct AddOptions {
    std::string zone;
    std::string provider;
    std::vector<std::string> set;
    ZoneSettingsOptions settings;
    bool no_initial_sync = false;
    std::string soa_mname;
    std::string soa_rname;
    std::string negative_ttl;
};

// The --set values, checked against the provider's fields; references must resolve now
// so a typo is found at once rather than at the first sync.
std::vector<store::AccountField> account_fields(const providers::ProviderInfo& info,
                                                const std::vector<std::string>& sets) {
    std::map<std::string, std::string> values;
    for (const auto& s : sets) {
        auto eq = s.find('=');
        if (eq == std::string::npos || eq == 0)
            throw CliError(kExitUsage, fmt::format("--set \"{}\" is not FIELD=VALUE", s));
        std::string name = s.substr(0, eq);
        if (!info.field(name)) {
            std::string known;
            for (const auto& f : info.fields)
                known += (known.empty() ? "" : ", ") + f.name;
            throw CliError(kExitUsage,
                           fmt::format("provider {} has no field \"{}\" (its fields: {}); see "
                                       "dnsclay provider list",
                                       info.name, name, known.empty() ? "none" : known));
        }
        if (!values.emplace(name, s.substr(eq + 1)).second)
            throw CliError(kExitUsage, fmt::format("field {} is set twice", name));
    }
    std::vector<store::AccountField> out;
    for (const auto& f : info.fields) {
        auto it = values.find(f.name);
        if (it == values.end()) {
            if (f.required)
                throw CliError(kExitUsage,
                               fmt::format("provider {} needs field {} ({}): add --set {}=VALUE",
                                           info.name, f.name, f.help, f.name));
            continue;
        }
        try {
            store::resolve_field_value(it->second);
        } catch (const store::ResolveError& e) {
            throw CliError(kExitError, fmt::format("field {}: {}", f.name, e.what()));
        }
        out.push_back({f.name, it->second});
    }
    return out;
}

std::string owner_or_absolute(const std::string& text, const dns::Name& apex) {
    return dns::Name::parse(text, apex).to_string();
}

void zone_add(const GlobalOptions& global, const AddOptions& o) {
    std::string name = zone_name(o.zone);
    const auto* info = providers::find_provider(o.provider);
    if (!info)
        throw CliError(kExitUsage, fmt::format("unknown provider \"{}\"; see dnsclay provider list",
                                               o.provider));
    auto fields = account_fields(*info, o.set);
    auto st = open_store(global);
    const auto& cfg = st->config();

    store::Zone z;
    z.name = name;
    z.sync_interval = duration_flag("--sync-interval", o.settings.sync_interval, cfg.sync.interval,
                                    store::Seconds(60));
    z.refresh_interval = duration_flag("--refresh-interval", o.settings.refresh_interval,
                                       cfg.sync.refresh_interval, store::Seconds(10));
    auto apex = dns::Name::parse(name);
    z.soa.mname = o.soa_mname.empty() ? name : owner_or_absolute(o.soa_mname, apex);
    z.soa.rname = o.soa_rname.empty() ? "hostmaster." + name : owner_or_absolute(o.soa_rname, apex);
    z.soa.minimum = static_cast<std::uint32_t>(
        duration_flag("--negative-ttl", o.negative_ttl, store::Seconds(300), store::Seconds(0)));
    // Start from the clock, so a zone removed and added again does not reuse serials that
    // secondaries may still hold.
    z.serial = static_cast<std::uint32_t>(store::now_unix());

    store::Transaction txn(st->db(), store::Transaction::Kind::Write);
    if (store::find_zone(st->db(), name))
        throw CliError(kExitConflict,
                       fmt::format("zone {} already exists; see dnsclay zone show {}", name, name));
    auto servers = authoritative_setting(st->db(), o.settings, {}, info);
    z.account_id = store::insert_account(st->db(), {0, name, info->name, fields, 0});
    z.id = store::insert_zone(st->db(), z);
    if (servers) store::save_authoritative_servers(st->db(), z.id, *servers);
    store::append_audit(
        st->db(), {0, 0, store::cli_actor(), name, "zone add", "provider " + info->name, "ok"});
    txn.commit();

    // The first sync checks the fields against the operator and fetches the records; if
    // it fails, the zone is taken out again so a corrected retry starts clean.
    std::size_t records = 0;
    if (!info->capabilities.records_in_state_db && !o.no_initial_sync) {
        try {
            engine::SyncOptions opts;
            opts.actor = store::cli_actor();
            auto result = engine::sync_zone(*st, name, opts);
            z.serial = result.serial_after;
            for (const auto& c : result.changes)
                records += c.after.size();
        } catch (const std::exception& e) {
            store::Transaction undo(st->db(), store::Transaction::Kind::Write);
            if (auto added = store::find_zone(st->db(), name)) store::delete_zone(st->db(), *added);
            store::append_audit(st->db(),
                                {0, 0, store::cli_actor(), name, "zone add",
                                 "first sync failed: " + std::string(e.what()), "rolled back"});
            undo.commit();
            throw CliError(kExitProvider,
                           fmt::format("zone {} not added: the first sync failed: {} (check the "
                                       "fields, or use --no-initial-sync to add it anyway)",
                                       name, e.what()));
        }
    }

    if (global.json) {
        Json j;
        j.begin_object()
            .field("zone", name)
            .field("provider", info->name)
            .field("serial", z.serial)
            .field("records", static_cast<std::int64_t>(records))
            .end_object()
            .print();
        return;
    }
    say(global, fmt::format("Added zone {} (provider {}, serial {}{})", name, info->name, z.serial,
                            records ? fmt::format(", {} records", records) : ""));
}

struct ZoneRow {
    store::Zone zone;
    std::size_t records = 0;
    store::SyncState sync;
};

void zone_list(const GlobalOptions& global) {
    auto st = open_store(global);
    std::vector<ZoneRow> rows;
    {
        store::Transaction txn(st->db(), store::Transaction::Kind::Read);
        for (auto& z : store::list_zones(st->db())) {
            auto n = store::active_records(st->db(), z.id).size();
            auto sync = store::load_sync_state(st->db(), z.id);
            rows.push_back({std::move(z), n, sync});
        }
    }
    if (global.json) {
        Json j;
        j.begin_object().key("zones").begin_array();
        for (const auto& r : rows)
            j.begin_object()
                .field("name", r.zone.name)
                .field("provider", r.zone.provider)
                .field("serial", r.zone.serial)
                .field("records", static_cast<std::int64_t>(r.records))
                .time("last_sync", r.sync.last_sync)
                .time("last_change", r.sync.last_change)
                .field("last_error", r.sync.last_error)
                .end_object();
        j.end_array().end_object().print();
        return;
    }
    if (rows.empty()) {
        say(global, "No zones yet; add one with: dnsclay zone add ZONE --provider local");
        return;
    }
    fmt::print("{:<32} {:<10} {:>10} {:>8}  {}\n", "ZONE", "PROVIDER", "SERIAL", "RECORDS",
               "LAST CHANGE");
    for (const auto& r : rows)
        fmt::print("{:<32} {:<10} {:>10} {:>8}  {}\n", r.zone.name, r.zone.provider, r.zone.serial,
                   r.records, r.sync.last_change ? format_time(*r.sync.last_change) : "-");
}

store::Zone require_zone(store::Db& db, const std::string& name) {
    auto z = store::find_zone(db, name);
    if (!z)
        throw CliError(kExitNotFound,
                       fmt::format("zone {} does not exist; see dnsclay zone list", name));
    return *z;
}

// " key NAME" for a target whose NOTIFYs are signed, else nothing.
std::string key_text(const store::NotifyTarget& t) {
    return t.tsig_key.empty() ? "" : " key " + t.tsig_key;
}

Json& target_json(Json& j, const store::NotifyTarget& t) {
    return j.begin_object()
        .field("address", t.address)
        .field("protocol", t.protocol)
        .field("key", t.tsig_key.empty() ? std::nullopt : std::optional(t.tsig_key))
        .end_object();
}

void zone_show(const GlobalOptions& global, const std::string& zone_arg) {
    std::string name = zone_name(zone_arg);
    auto st = open_store(global);
    auto& db = st->db();
    store::Transaction txn(db, store::Transaction::Kind::Read);
    auto z = require_zone(db, name);
    auto account = store::find_account(db, z.account_id);
    auto sync = store::load_sync_state(db, z.id);
    auto servers = store::load_authoritative_servers(db, z.id);
    auto targets = store::list_notify_targets(db, z.id);
    auto records = store::active_records(db, z.id).size();
    std::vector<std::string> creds;
    for (const auto& c : store::list_credentials(db))
        for (const auto& cz : c.zones)
            if (cz == name) creds.push_back(c.name);
    const auto* info = providers::find_provider(z.provider);
    auto shown = [&](const store::AccountField& f) {
        const auto* spec = info ? info->field(f.name) : nullptr;
        return store::display_field_value(f.value, !spec || spec->secret);
    };

    if (global.json) {
        Json j;
        j.begin_object().key("zone").begin_object();
        j.field("name", z.name).field("provider", z.provider).field("serial", z.serial);
        j.key("fields").begin_object();
        if (account)
            for (const auto& f : account->fields)
                j.field(f.name, shown(f));
        j.end_object();
        j.field("records", static_cast<std::int64_t>(records))
            .field("sync_interval", store::format_duration(store::Seconds(z.sync_interval)))
            .field("refresh_interval", store::format_duration(store::Seconds(z.refresh_interval)));
        authoritative_json(j.key("authoritative"), servers);
        j.key("soa")
            .begin_object()
            .field("mname", z.soa.mname)
            .field("rname", z.soa.rname)
            .field("refresh", z.soa.refresh)
            .field("retry", z.soa.retry)
            .field("expire", z.soa.expire)
            .field("minimum", z.soa.minimum)
            .field("ttl", z.soa.ttl)
            .end_object();
        j.key("sync")
            .begin_object()
            .time("last_sync", sync.last_sync)
            .time("last_change", sync.last_change)
            .time("next_sync", sync.next_sync)
            .time("next_refresh", sync.next_refresh)
            .field("provider_serial", sync.provider_serial)
            .field("authoritative_serial", sync.authoritative_serial)
            .field("last_error", sync.last_error)
            .time("last_error_time", sync.last_error_time)
            .field("error_count", sync.error_count)
            .field("skipped_records", sync.skipped_count)
            .field("skipped_detail", sync.skipped_detail)
            .end_object();
        j.key("notify").begin_array();
        for (const auto& t : targets)
            target_json(j, t);
        j.end_array().key("credentials").begin_array();
        for (const auto& c : creds)
            j.value(c);
        j.end_array().time("created", z.created).end_object().end_object().print();
        return;
    }
    auto opt_time = [](std::optional<std::int64_t> t) { return t ? format_time(*t) : "never"; };
    fmt::print("zone:             {}\n", z.name);
    fmt::print("provider:         {}\n", z.provider);
    if (account)
        for (const auto& f : account->fields)
            fmt::print("  {}: {}\n", f.name, shown(f));
    fmt::print("serial:           {}", z.serial);
    if (sync.provider_serial) fmt::print(" (at the provider: {})", *sync.provider_serial);
    fmt::print("\nrecords:          {} (plus the SOA)\n", records);
    fmt::print("SOA:              {} {} refresh {} retry {} expire {} minimum {} ttl {}\n",
               z.soa.mname, z.soa.rname, z.soa.refresh, z.soa.retry, z.soa.expire, z.soa.minimum,
               z.soa.ttl);
    fmt::print("sync interval:    {}\n", store::format_duration(store::Seconds(z.sync_interval)));
    fmt::print("refresh interval: {}\n",
               store::format_duration(store::Seconds(z.refresh_interval)));
    fmt::print("serial checked:   {}\n",
               servers.addresses.empty()
                   ? std::string("at the provider")
                   : fmt::format("at {}{}", authoritative_text(servers),
                                 sync.authoritative_serial ? fmt::format(", which answered {}",
                                                                         *sync.authoritative_serial)
                                                           : std::string()));
    fmt::print("last sync:        {}\n", opt_time(sync.last_sync));
    fmt::print("last change:      {}\n", opt_time(sync.last_change));
    if (sync.next_sync) fmt::print("next sync:        {}\n", format_time(*sync.next_sync));
    if (sync.next_refresh) fmt::print("next refresh:     {}\n", format_time(*sync.next_refresh));
    if (sync.last_error)
        fmt::print("last error:       {} ({}; {})\n", *sync.last_error,
                   opt_time(sync.last_error_time),
                   sync.error_count ? fmt::format("{} in a row", sync.error_count)
                                    : std::string("the syncs since succeeded"));
    if (sync.skipped_count)
        fmt::print("skipped records:  {} at the provider could not be read: {}\n",
                   sync.skipped_count, sync.skipped_detail.value_or(""));
    fmt::print("notify:           {}\n", targets.empty() ? "none" : "");
    for (const auto& t : targets)
        fmt::print("  {} {}{}\n", t.address, t.protocol, key_text(t));
    fmt::print("credentials:      {}\n", creds.empty() ? "none" : "");
    for (const auto& c : creds)
        fmt::print("  {}\n", c);
}

void zone_remove(const GlobalOptions& global, const std::string& zone_arg, bool yes) {
    std::string name = zone_name(zone_arg);
    auto st = open_store(global);
    auto& db = st->db();
    auto z = require_zone(db, name);
    if (!yes && !confirm(fmt::format("Remove zone {} with all its records and history?", name)))
        throw CliError(kExitError, "not removed");
    store::Transaction txn(db, store::Transaction::Kind::Write);
    auto now = store::find_zone(db, name);
    if (!now) throw CliError(kExitNotFound, fmt::format("zone {} does not exist", name));
    store::delete_zone(db, *now);
    store::append_audit(db, {0, 0, store::cli_actor(), name, "zone remove", "", "ok"});
    txn.commit();
    if (global.json) {
        Json j;
        j.begin_object().field("removed", name).end_object().print();
        return;
    }
    say(global, fmt::format("Removed zone {}", name));
}

struct NotifyOptions {
    std::string zone;
    std::string address;
    bool tcp = false;
    bool udp = false;
    std::string key;
};

void notify_change(const GlobalOptions& global, const NotifyOptions& o, bool add) {
    std::string name = zone_name(o.zone);
    store::NotifyTarget t{0, target_address(o.address), o.tcp ? "tcp" : "udp", 0, ""};
    auto st = open_store(global);
    auto& db = st->db();
    store::Transaction txn(db, store::Transaction::Kind::Write);
    auto z = require_zone(db, name);
    if (add && !o.key.empty()) t.tsig_key = tsig_credential(db, "--key", o.key);
    if (add && !store::add_notify_target(db, z.id, t))
        throw CliError(kExitConflict, fmt::format("{} ({}) is already a NOTIFY target of {}",
                                                  t.address, t.protocol, name));
    if (!add && !store::remove_notify_target(db, z.id, t))
        throw CliError(kExitNotFound, fmt::format("{} ({}) is not a NOTIFY target of {}; see "
                                                  "dnsclay zone notify list {}",
                                                  t.address, t.protocol, name, name));
    store::append_audit(db, {0, 0, store::cli_actor(), name,
                             add ? "zone notify add" : "zone notify remove",
                             t.address + " " + t.protocol + key_text(t), "ok"});
    txn.commit();
    if (global.json) {
        Json j;
        j.begin_object()
            .field("zone", name)
            .field("address", t.address)
            .field("protocol", t.protocol);
        if (add) j.field("key", t.tsig_key.empty() ? std::nullopt : std::optional(t.tsig_key));
        j.field(add ? "added" : "removed", true).end_object().print();
        return;
    }
    say(global, fmt::format("{} NOTIFY target {} ({}{}) {} {}", add ? "Added" : "Removed",
                            t.address, t.protocol, key_text(t), add ? "to" : "from", name));
}

void notify_list(const GlobalOptions& global, const std::string& zone_arg) {
    std::string name = zone_name(zone_arg);
    auto st = open_store(global);
    auto z = require_zone(st->db(), name);
    auto targets = store::list_notify_targets(st->db(), z.id);
    if (global.json) {
        Json j;
        j.begin_object().field("zone", name).key("targets").begin_array();
        for (const auto& t : targets)
            target_json(j, t);
        j.end_array().end_object().print();
        return;
    }
    for (const auto& t : targets)
        fmt::print("{} {}{}\n", t.address, t.protocol, key_text(t));
}

void register_notify(CLI::App& zone, const GlobalOptions& global, int& exit_code) {
    auto* notify = zone.add_subcommand("notify", "Manage where NOTIFY is sent when a zone changes");
    notify->require_subcommand(1);
    auto opts = std::make_shared<NotifyOptions>();
    for (bool add : {true, false}) {
        auto* cmd = notify->add_subcommand(
            add ? "add" : "remove", add ? "Send NOTIFY to ADDR:PORT whenever the zone changes"
                                        : "Stop sending NOTIFY to ADDR:PORT");
        cmd->add_option("zone", opts->zone, "The zone")->required();
        cmd->add_option("address", opts->address,
                        "Target as ADDR:PORT (IPv6 in brackets); a bare address means port 53")
            ->required();
        auto* udp = cmd->add_flag("--udp", opts->udp, "Send over UDP (the default)");
        auto* tcp = cmd->add_flag("--tcp", opts->tcp, "Send over TCP");
        udp->excludes(tcp);
        if (add)
            cmd->add_option("--key", opts->key,
                            "Sign the NOTIFYs with this TSIG credential (from dnsclay cred add)")
                ->type_name("NAME");
        cmd->callback([&global, &exit_code, opts, add] {
            run(exit_code, [&] { notify_change(global, *opts, add); });
        });
    }
    auto* list = notify->add_subcommand("list", "List the zone's NOTIFY targets");
    list->add_option("zone", opts->zone, "The zone")->required();
    list->callback(
        [&global, &exit_code, opts] { run(exit_code, [&] { notify_list(global, opts->zone); }); });
}

} // namespace

void register_zone(CLI::App& app, const GlobalOptions& global, int& exit_code) {
    auto* zone = app.add_subcommand("zone", "Add, list, show, change and remove zones");
    zone->require_subcommand(1);

    auto add_opts = std::make_shared<AddOptions>();
    auto* add = zone->add_subcommand("add", "Start managing a zone through a provider");
    add->add_option("zone", add_opts->zone, "The zone, e.g. example.com")->required();
    add->add_option("--provider", add_opts->provider,
                    "Provider name (see dnsclay provider list), e.g. local")
        ->required();
    add->add_option("--set", add_opts->set,
                    "Provider account field as FIELD=VALUE; VALUE may be env:VAR or file:PATH "
                    "to read it at use (repeatable)");
    add_settings_options(*add, add_opts->settings, false);
    add->add_flag("--no-initial-sync", add_opts->no_initial_sync,
                  "Do not fetch the zone's records from the provider now");
    add->add_option("--soa-mname", add_opts->soa_mname,
                    "Primary server name in our SOA (default: the zone's apex)");
    add->add_option("--soa-rname", add_opts->soa_rname,
                    "Contact mailbox in our SOA, as a name (default: hostmaster.ZONE)");
    add->add_option("--negative-ttl", add_opts->negative_ttl,
                    "SOA minimum: how long resolvers cache \"no such name\" (default: 5m)");
    add->callback(
        [&global, &exit_code, add_opts] { run(exit_code, [&] { zone_add(global, *add_opts); }); });

    auto* list =
        zone->add_subcommand("list", "List the zones with provider, serial and record count");
    list->callback([&global, &exit_code] { run(exit_code, [&] { zone_list(global); }); });

    auto name = std::make_shared<std::string>();
    auto* show = zone->add_subcommand(
        "show", "Show a zone's provider, fields (secrets masked), serials, sync state, targets");
    show->add_option("zone", *name, "The zone")->required();
    show->callback(
        [&global, &exit_code, name] { run(exit_code, [&] { zone_show(global, *name); }); });

    auto yes = std::make_shared<bool>(false);
    auto* remove =
        zone->add_subcommand("remove", "Stop managing a zone; its records and history are deleted "
                                       "from state.db (not at the provider)");
    remove->add_option("zone", *name, "The zone")->required();
    remove->add_flag("--yes,-y", *yes, "Do not ask for confirmation");
    remove->callback([&global, &exit_code, name, yes] {
        run(exit_code, [&] { zone_remove(global, *name, *yes); });
    });

    register_zone_set(*zone, global, exit_code);
    register_notify(*zone, global, exit_code);
}

} // namespace dnsclay::cli
