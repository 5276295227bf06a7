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

#include <algorithm>
#include <fmt/core.h>
#include <iterator>

namespace dnsclay::zone {
namespace {

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

namespace {

// The names all of `requests` are about, or none (the whole zone) if one wants the whole zone.
std::optional<std::set<dns::Name>> owners_of(std::span<const ChangeRequest> requests) {
    std::set<dns::Name> all;
    for (const auto& r : requests) {
        if (!r.owners) return std::nullopt;
        all.insert(r.owners->begin(), r.owners->end());
    }
    return all;
}

std::string audit_detail(const ChangeRequest& req, const ChangeSet& changes) {
    return req.request.empty() ? describe(changes)
                               : fmt::format("{} => {}", req.request, describe(changes));
}

// Computes what `req` changes in `snap`; throws to refuse it.
ChangeResult compute(const ZoneSnapshot& snap, const ChangeRequest& req,
                     const providers::ProviderInfo& info) {
    if (req.expected_serial && *req.expected_serial != snap.zone.serial)
        throw Conflict(fmt::format("zone {} changed since it was read (serial {}, now {}); "
                                   "start again from the current records",
                                   req.zone, *req.expected_serial, snap.zone.serial));
    auto replacements = req.edit(snap);
    validate(snap, replacements, info.capabilities, info.name);
    return {to_changes(snap, std::move(replacements)), snap.zone.serial, snap.zone.serial};
}

// Makes `changes` part of the zone in the open write transaction: history, the next
// serial, the time of the last change. Returns the new serial.
std::uint32_t record_changes(store::Db& db, const store::Zone& zone, const ChangeSet& changes) {
    std::int64_t now = store::now_unix();
    auto serial = serial_next(zone.serial);
    write_history(db, zone.id, changes, serial, now);
    store::set_zone_serial(db, zone.id, serial);
    auto sync = store::load_sync_state(db, zone.id);
    sync.last_change = now;
    store::save_sync_state(db, zone.id, sync);
    return serial;
}

// A zone whose records live in state.db, in the caller's write transaction: each request
// computed against what the ones before it left, then all of it recorded under one serial.
std::vector<ChangeOutcome> change_in_state(store::Db& db, ZoneSnapshot snap,
                                           const providers::ProviderInfo& info,
                                           std::span<const ChangeRequest> requests) {
    std::vector<ChangeOutcome> out(requests.size());
    std::map<RRsetKey, RRsetChange> combined; // each rrset from before the first to after the last
    for (std::size_t i = 0; i < requests.size(); ++i) {
        try {
            out[i].result = compute(snap, requests[i], info);
        } catch (...) {
            out[i].error = std::current_exception();
            continue;
        }
        if (requests[i].dry_run) continue;
        for (const auto& c : out[i].result.changes) {
            auto [it, first] = combined.try_emplace(c.key, c);
            if (!first) it->second.after = c.after;
            if (c.after.empty())
                snap.rrsets.erase(c.key);
            else
                snap.rrsets[c.key] = c.after;
        }
    }
    ChangeSet changes;
    for (auto& [key, c] : combined)
        if (!same_records(c.before, c.after)) changes.push_back(std::move(c));
    // Requests that undo each other leave nothing to record but their audit rows.
    auto serial = changes.empty() ? snap.zone.serial : record_changes(db, snap.zone, changes);
    for (std::size_t i = 0; i < requests.size(); ++i) {
        auto& result = out[i].result;
        if (out[i].error || requests[i].dry_run || result.changes.empty()) continue;
        result.serial_after = serial;
        audit(db, requests[i], audit_detail(requests[i], result.changes), "ok");
    }
    return out;
}

// A zone at a remote provider: computed against the local copy, applied there, then
// recorded against whatever the local copy holds by then, so that history stays exact.
ChangeResult change_at_provider(store::Store& st, const ChangeRequest& req) {
    auto& db = st.db();
    ZoneSnapshot snap;
    {
        store::Transaction read(db, store::Transaction::Kind::Read);
        snap = load_snapshot(db, req.zone, req.owners);
    }
    const auto& info = provider_info(snap.zone);
    auto result = compute(snap, req, info);
    if (result.changes.empty() || req.dry_run) return result;
    std::string detail = audit_detail(req, result.changes);
    try {
        apply_changes(*open_provider(st, snap.zone), info.capabilities, result.changes);
    } catch (const std::exception& e) {
        audit_failure(st, req, detail, e.what());
        throw;
    }
    store::Transaction txn(db, store::Transaction::Kind::Write);
    auto now_zone = store::find_zone(db, req.zone);
    if (!now_zone) throw NotFound(fmt::format("zone {} was removed meanwhile", req.zone));
    result.serial_after = record_changes(db, *now_zone, result.changes);
    audit(db, req, detail, "ok");
    txn.commit();
    return result;
}

} // namespace

std::vector<ChangeOutcome> change_records(store::Store& st,
                                          std::span<const ChangeRequest> requests) {
    if (requests.empty()) return {};
    auto& db = st.db();
    {
        // Computed inside the write transaction, nothing can change under the requests. Dry
        // runs write nothing, so they need no write lock (another process may hold it).
        bool dry = std::all_of(requests.begin(), requests.end(),
                               [](const ChangeRequest& r) { return r.dry_run; });
        store::Transaction txn(db, dry ? store::Transaction::Kind::Read
                                       : store::Transaction::Kind::Write);
        auto zone = store::find_zone(db, requests.front().zone);
        if (!zone) throw NotFound(fmt::format("zone {} does not exist", requests.front().zone));
        const auto& info = provider_info(*zone);
        if (info.capabilities.records_in_state_db) {
            auto out = change_in_state(db, load_snapshot(db, zone->name, owners_of(requests)), info,
                                       requests);
            txn.commit();
            return out;
        }
    }
    std::vector<ChangeOutcome> out(requests.size());
    for (std::size_t i = 0; i < requests.size(); ++i) {
        try {
            out[i].result = change_at_provider(st, requests[i]);
        } catch (...) {
            out[i].error = std::current_exception();
        }
    }
    return out;
}

ChangeResult change_records(store::Store& st, const ChangeRequest& request) {
    auto out = change_records(st, std::span(&request, 1));
    if (out.front().error) std::rethrow_exception(out.front().error);
    return out.front().result;
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
