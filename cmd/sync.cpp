// `dnsclay sync [ZONE...] [--all] [--dry-run]`: one full sync of each zone, for cron. Quiet
// unless something changed; a zone whose provider fails does not stop the others. After
// a change it sends NOTIFY to the zone's targets itself, since no `serve` may be running,
// but waits for their answers only a few seconds ([notify] sync_wait, --notify-wait): a
// target that is down must not hold cron for the minutes of the full retry policy. Targets
// that did not acknowledge are reported and do not fail the exit code: the sync itself
// succeeded, a running serve notices the new serial and keeps retrying them, and a
// secondary without NOTIFY still finds the change at its next SOA refresh.
//
// It shares state.db safely with a running `serve`: each zone's sync is one transaction
// (engine::sync_zone), so when both sync the same zone at once, the second finds the
// first one's result and records nothing twice.
#include "lib/engine/sync.hpp"
#include "cmd/change_output.hpp"
#include "cmd/common.hpp"
#include "cmd/progress.hpp"
#include "lib/engine/exchange.hpp"
#include "lib/engine/notify.hpp"
#include "lib/store/audit.hpp"
#include "lib/store/zones.hpp"

#include <fmt/core.h>
#include <future>
#include <set>

namespace dnsclay::cli {
namespace {

// From this many zones on, a terminal gets a progress bar.
constexpr std::size_t kProgressMinZones = 10;

struct SyncCommandOptions {
    std::vector<std::string> zones;
    bool all = false;
    bool dry_run = false;
    std::string notify_wait;
};

struct ChangeCounts {
    std::size_t added = 0, removed = 0, replaced = 0;
};

ChangeCounts count(const zone::ChangeSet& changes) {
    ChangeCounts n;
    for (const auto& c : changes)
        ++(c.before.empty() ? n.added : c.after.empty() ? n.removed : n.replaced);
    return n;
}

std::string counts_text(const ChangeCounts& n) {
    return fmt::format("+{} -{} ~{} rrsets", n.added, n.removed, n.replaced);
}

struct ZoneOutcome {
    std::string zone;
    std::optional<engine::SyncResult> result;
    std::optional<Failure> failure;
    std::future<std::vector<engine::NotifyAnswer>> notifying;
    std::vector<engine::NotifyAnswer> notified;
};

// The zones to sync, all checked to exist before any is synced.
std::vector<std::string> chosen_zones(store::Store& st, const SyncCommandOptions& o) {
    if (o.all && !o.zones.empty()) throw CliError(kExitUsage, "give zone names or --all, not both");
    if (!o.all && o.zones.empty())
        throw CliError(kExitUsage, "name the zones to sync, or give --all for every zone");
    std::vector<std::string> names;
    store::Transaction txn(st.db(), store::Transaction::Kind::Read);
    if (o.all) {
        for (const auto& z : store::list_zones(st.db()))
            names.push_back(z.name);
        return names;
    }
    std::set<std::string> seen;
    for (const auto& text : o.zones) {
        auto name = zone_name(text);
        if (!store::find_zone(st.db(), name))
            throw CliError(kExitNotFound,
                           fmt::format("zone {} does not exist; see dnsclay zone list", name));
        if (seen.insert(name).second) names.push_back(name);
    }
    return names;
}

// Starts NOTIFY to the zone's targets in the background, so the next zone's sync need
// not wait for slow secondaries.
void start_notify(store::Store& st, ZoneOutcome& out, std::chrono::seconds wait) {
    std::optional<store::Zone> z;
    std::vector<store::NotifyTarget> targets;
    std::vector<std::optional<std::string>> keys;
    std::vector<engine::NotifyAnswer> unsent; // targets whose TSIG key is gone
    {
        store::Transaction txn(st.db(), store::Transaction::Kind::Read);
        z = store::find_zone(st.db(), out.zone);
        for (const auto& t :
             z ? store::list_notify_targets(st.db(), z->id) : std::vector<store::NotifyTarget>{}) {
            try {
                keys.push_back(engine::signing_key(st.db(), t.tsig_key));
                targets.push_back(t);
            } catch (const std::runtime_error& e) {
                engine::NotifyAnswer a;
                a.target = t.address + "/" + t.protocol;
                a.error = fmt::format("not sent: {}", e.what());
                unsent.push_back(std::move(a));
            }
        }
    }
    if (!z || (targets.empty() && unsent.empty())) return;
    out.notifying = std::async(
        std::launch::async, [zone = *z, targets, keys, unsent, policy = st.config().notify, wait] {
            auto answers = engine::notify_targets(zone, targets, keys, policy, wait);
            answers.insert(answers.end(), unsent.begin(), unsent.end());
            return answers;
        });
}

ZoneOutcome sync_one(store::Store& st, const std::string& name, bool dry_run,
                     std::chrono::seconds notify_wait) {
    ZoneOutcome out;
    out.zone = name;
    try {
        engine::SyncOptions options;
        options.dry_run = dry_run;
        options.actor = store::cli_actor();
        out.result = engine::sync_zone(st, name, options);
        if (out.result->changed() && !dry_run) start_notify(st, out, notify_wait);
    } catch (const std::exception&) {
        out.failure = current_failure();
    }
    return out;
}

void print_json(const std::vector<ZoneOutcome>& outcomes, bool dry_run) {
    Json j;
    j.begin_object().field("dry_run", dry_run).key("zones").begin_array();
    for (const auto& o : outcomes) {
        j.begin_object().field("zone", o.zone).field("ok", !o.failure);
        j.key("error");
        o.failure ? j.value(o.failure->message) : j.null();
        if (o.result) {
            const auto& r = *o.result;
            auto n = count(r.changes);
            j.field("changed", r.changed())
                .field("serial_before", r.serial_before)
                .field("serial_after", r.serial_after)
                .field("provider_serial", r.provider_serial)
                .field("added", static_cast<std::int64_t>(n.added))
                .field("removed", static_cast<std::int64_t>(n.removed))
                .field("replaced", static_cast<std::int64_t>(n.replaced))
                .field("skipped_records", static_cast<std::int64_t>(r.skipped.size()));
            changes_json(j, r.changes);
        }
        j.key("notify").begin_array();
        for (const auto& a : o.notified) {
            j.begin_object().field("target", a.target).field("ok", a.ok());
            j.key("rcode");
            a.answered ? j.value(dns::to_string(a.rcode)) : j.null();
            j.field("error", a.error).end_object();
        }
        j.end_array().end_object();
    }
    j.end_array().end_object().print();
}

// The text for one zone as soon as it is synced: its error on stderr, or a line if it
// changed (with --dry-run, and the diff).
void print_outcome(const GlobalOptions& global, const ZoneOutcome& o, bool dry_run) {
    if (o.failure) print_error(fmt::format("zone {}: {}", o.zone, o.failure->message));
    if (!o.result || !o.result->changed() || global.quiet) return;
    const auto& r = *o.result;
    auto n = counts_text(count(r.changes));
    if (dry_run)
        fmt::print("{}: would change {} (serial {})\n{}", o.zone, n, r.serial_before,
                   diff_text(r.changes, use_color()));
    else
        fmt::print("{}: {}, serial {} -> {}\n", o.zone, n, r.serial_before, r.serial_after);
    std::fflush(stdout);
}

void print_notify_failures(const ZoneOutcome& o, std::chrono::seconds wait) {
    for (const auto& a : o.notified)
        if (!a.ok())
            print_error(fmt::format(
                "zone {}: NOTIFY to {} was not acknowledged within {}: {} (a running dnsclay "
                "serve keeps retrying)",
                o.zone, a.target, store::format_duration(wait),
                a.answered && a.error.empty() ? dns::to_string(a.rcode) : a.error));
}

// A provider failure decides the exit code (5) over any other, since that is what cron
// scripts test for; otherwise the first failure's. Unacknowledged NOTIFYs do not count
// (see the top of this file).
int exit_code_of(const std::vector<ZoneOutcome>& outcomes) {
    int code = kExitOk;
    for (const auto& o : outcomes) {
        int c = o.failure ? o.failure->code : kExitOk;
        if (c == kExitProvider) return c;
        if (code == kExitOk) code = c;
    }
    return code;
}

int sync_command(const GlobalOptions& global, const SyncCommandOptions& o) {
    auto st = open_store(global);
    std::chrono::seconds wait(duration_flag(
        "--notify-wait", o.notify_wait, st->config().notify.sync_wait, std::chrono::seconds(1)));
    auto names = chosen_zones(*st, o);
    std::vector<ZoneOutcome> outcomes;
    outcomes.reserve(names.size());
    {
        Progress progress(!global.quiet, names.size(), kProgressMinZones);
        for (const auto& name : names) {
            progress.step(name);
            outcomes.push_back(sync_one(*st, name, o.dry_run, wait));
            const auto& last = outcomes.back();
            if (global.json || (!last.failure && !last.result->changed())) continue;
            progress.clear();
            print_outcome(global, last, o.dry_run);
        }
    }
    // NOTIFY went out in the background while the other zones synced.
    for (auto& out : outcomes) {
        if (!out.notifying.valid()) continue;
        out.notified = out.notifying.get();
        if (!global.json) print_notify_failures(out, wait);
    }
    if (global.json) print_json(outcomes, o.dry_run);
    return exit_code_of(outcomes);
}

} // namespace

void register_sync(CLI::App& app, const GlobalOptions& global, int& exit_code) {
    auto o = std::make_shared<SyncCommandOptions>();
    auto* cmd = app.add_subcommand(
        "sync", "Synchronize zones with their providers once (for cron); NOTIFY on change");
    cmd->add_option("zone", o->zones, "Zones to sync");
    cmd->add_flag("--all", o->all, "Sync every zone");
    cmd->add_flag("--dry-run", o->dry_run, "Only show what would change; write nothing");
    cmd->add_option("--notify-wait", o->notify_wait,
                    "How long to wait for NOTIFY answers after a change, e.g. 10s (default: "
                    "[notify] sync_wait of config.toml)")
        ->type_name("DURATION");
    cmd->callback([&global, &exit_code, o] {
        // Each zone's failure is reported as it happens; the exit code sums them up.
        int code = kExitOk;
        run(exit_code, [&] { code = sync_command(global, *o); });
        if (exit_code == kExitOk) exit_code = code;
    });
}

} // namespace dnsclay::cli
