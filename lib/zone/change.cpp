#include "lib/zone/change.hpp"

#include "lib/store/accounts.hpp"
#include "lib/store/audit.hpp"
#include "lib/store/records.hpp"
#include "lib/store/zones.hpp"
#include "lib/zone/apply.hpp"
#include "lib/zone/errors.hpp"
#include "lib/zone/serial.hpp"
#include "lib/zone/validate.hpp"
#include "providers/registry.hpp"

#include <fmt/core.h>
#include <iterator>

namespace dnsclay::zone {
namespace {

// How often a local change is recomputed when another process keeps changing the zone.
constexpr int kMaxAttempts = 10;
// Up to this many names, write_history reads the current rows name by name (an index
// lookup each); beyond, the whole zone in one scan (a sync that changed much of it).
constexpr std::size_t kReadByNameMax = 1000;

const providers::ProviderInfo& provider_info(const store::Zone& zone) {
    const auto* info = providers::find_provider(zone.provider);
    if (!info)
        throw providers::ProviderError(
            fmt::format("zone {} uses provider \"{}\", which this dnsclay does not have", zone.name,
                        zone.provider));
    return *info;
}

// Normalizes the replacements and keeps only those that change something, last one
// winning for a key given twice.
ChangeSet to_changes(const ZoneSnapshot& snap, std::vector<RRsetReplacement> replacements) {
    RRsetMap wanted;
    for (auto& r : replacements) {
        normalize(r.records);
        wanted[r.key] = std::move(r.records);
    }
    ChangeSet out;
    for (auto& [key, records] : wanted) {
        auto it = snap.rrsets.find(key);
        std::vector<dns::Record> before =
            it == snap.rrsets.end() ? std::vector<dns::Record>{} : it->second;
        if (!same_records(before, records)) out.push_back({key, std::move(before), records});
    }
    return out;
}

// The local copy's current rows of the rrsets in `changes` (and maybe others).
std::map<RRsetKey, std::vector<store::StoredRecord>>
current_rows(store::Db& db, std::int64_t zone_id, const ChangeSet& changes) {
    std::set<dns::Name> owners;
    for (const auto& c : changes)
        owners.insert(c.key.owner);
    std::vector<store::StoredRecord> rows;
    if (owners.size() > kReadByNameMax) {
        rows = store::active_records(db, zone_id);
    } else {
        for (const auto& owner : owners) {
            auto at = store::active_records_at(db, zone_id, owner);
            std::move(at.begin(), at.end(), std::back_inserter(rows));
        }
    }
    std::map<RRsetKey, std::vector<store::StoredRecord>> out;
    for (auto& r : rows)
        out[RRsetKey::of(r.record)].push_back(std::move(r));
    return out;
}

} // namespace

void write_history(store::Db& db, std::int64_t zone_id, const ChangeSet& changes,
                   std::uint32_t serial, std::int64_t now) {
    auto current = current_rows(db, zone_id, changes);
    auto same = [](const dns::Record& a, const dns::Record& b) {
        return a.ttl == b.ttl && a.rdata == b.rdata;
    };
    for (const auto& c : changes) {
        const auto& old = current[c.key];
        for (const auto& o : old) {
            bool kept = std::any_of(c.after.begin(), c.after.end(),
                                    [&](const dns::Record& a) { return same(a, o.record); });
            if (!kept) store::tombstone_record(db, o.id, serial, now);
        }
        for (const auto& a : c.after) {
            bool had = std::any_of(old.begin(), old.end(),
                                   [&](const store::StoredRecord& o) { return same(a, o.record); });
            if (!had) store::insert_record(db, zone_id, a, serial, now);
        }
    }
}

namespace {

void audit(store::Db& db, const ChangeRequest& req, const std::string& detail,
           const std::string& result) {
    store::append_audit(db, {0, 0, req.actor, req.zone, req.action, detail, result});
}

// Records a failure in its own transaction (the change's was rolled back or never began).
void audit_failure(store::Store& st, const ChangeRequest& req, const std::string& detail,
                   const std::string& error) {
    store::Transaction txn(st.db(), store::Transaction::Kind::Write);
    audit(st.db(), req, detail, "error: " + error);
    txn.commit();
}

} // namespace

ZoneSnapshot load_snapshot(store::Db& db, const std::string& zone_name,
                           const std::optional<std::set<dns::Name>>& owners) {
    auto zone = store::find_zone(db, zone_name);
    if (!zone) throw NotFound(fmt::format("zone {} does not exist", zone_name));
    std::vector<store::StoredRecord> stored;
    if (!owners) {
        stored = store::active_records(db, zone->id);
    } else {
        for (const auto& owner : *owners) {
            auto at = store::active_records_at(db, zone->id, owner);
            std::move(at.begin(), at.end(), std::back_inserter(stored));
        }
    }
    std::vector<dns::Record> records;
    records.reserve(stored.size());
    for (auto& r : stored)
        records.push_back(std::move(r.record));
    return {*zone, group(std::move(records)), owners};
}

std::unique_ptr<providers::Provider> open_provider(store::Store& st, const store::Zone& zone,
                                                   const std::atomic<bool>* cancel) {
    const auto& info = provider_info(zone);
    providers::ProviderContext ctx;
    ctx.zone = dns::Name::parse(zone.name);
    ctx.timeout = st.config().sync.provider_timeout;
    ctx.cancel = cancel;
    const auto& web = st.config().http;
    ctx.http.timeout = web.timeout;
    ctx.http.connect_timeout = web.connect_timeout;
    ctx.http.user_agent = web.user_agent;
    ctx.http.proxy = web.proxy;
    ctx.http.ca_file = web.ca_file;
    ctx.http.retry.retries = static_cast<int>(web.retries);
    ctx.http.retry.max_retry_after = web.max_retry_after;
    ctx.rate_limits = web.rate_limits;
    ctx.db = &st.db();
    ctx.zone_id = zone.id;
    auto account = store::find_account(st.db(), zone.account_id);
    if (account)
        for (const auto& f : account->fields)
            ctx.fields[f.name] = store::resolve_field_value(f.value);
    return info.create(ctx);
}

ChangeResult change_records(store::Store& st, const ChangeRequest& req) {
    auto& db = st.db();
    for (int attempt = 1;; ++attempt) {
        ZoneSnapshot snap;
        {
            store::Transaction read(db, store::Transaction::Kind::Read);
            snap = load_snapshot(db, req.zone, req.owners);
        }
        if (req.expected_serial && *req.expected_serial != snap.zone.serial)
            throw Conflict(fmt::format("zone {} changed since it was read (serial {}, now {}); "
                                       "start again from the current records",
                                       req.zone, *req.expected_serial, snap.zone.serial));
        const auto& info = provider_info(snap.zone);
        auto replacements = req.edit(snap);
        validate(snap, replacements, info.capabilities, info.name);
        ChangeResult result{to_changes(snap, std::move(replacements)), snap.zone.serial,
                            snap.zone.serial};
        if (result.changes.empty() || req.dry_run) return result;
        std::string detail = req.request.empty()
                                 ? describe(result.changes)
                                 : fmt::format("{} => {}", req.request, describe(result.changes));

        bool in_state = info.capabilities.records_in_state_db;
        if (!in_state) {
            try {
                apply_changes(*open_provider(st, snap.zone), info.capabilities, result.changes);
            } catch (const std::exception& e) {
                audit_failure(st, req, detail, e.what());
                throw;
            }
        }

        store::Transaction txn(db, store::Transaction::Kind::Write);
        auto now_zone = store::find_zone(db, req.zone);
        if (!now_zone) throw NotFound(fmt::format("zone {} was removed meanwhile", req.zone));
        if (now_zone->serial != snap.zone.serial && in_state) {
            // Someone else wrote first; nothing was applied yet, so compute again from
            // their result (or refuse, if the caller's change was based on the old state).
            if (req.expected_serial || attempt == kMaxAttempts)
                throw Conflict(fmt::format("zone {} changed while the change was being made; "
                                           "try again",
                                           req.zone));
            continue;
        }
        // A remote provider has applied the change already: record it against whatever
        // the local copy holds now, so history stays exact.
        std::int64_t now = store::now_unix();
        result.serial_after = serial_next(now_zone->serial);
        write_history(db, now_zone->id, result.changes, result.serial_after, now);
        store::set_zone_serial(db, now_zone->id, result.serial_after);
        auto sync = store::load_sync_state(db, now_zone->id);
        sync.last_change = now;
        store::save_sync_state(db, now_zone->id, sync);
        audit(db, req, detail, "ok");
        txn.commit();
        return result;
    }
}

std::string describe(const ChangeSet& changes) {
    std::string out;
    for (const auto& c : changes) {
        if (!out.empty()) out += "; ";
        const char* verb = c.before.empty() ? "add" : c.after.empty() ? "delete" : "replace";
        out += fmt::format("{} {} {} ({} -> {} records)", verb, c.key.owner.to_string(),
                           dns::to_string(c.key.type), c.before.size(), c.after.size());
    }
    return out;
}

} // namespace dnsclay::zone
