#include "lib/engine/sync.hpp"

#include "lib/dns/error.hpp"
#include "lib/engine/exchange.hpp"
#include "lib/engine/soa_check.hpp"
#include "lib/engine/sync_schedule.hpp"
#include "lib/store/audit.hpp"
#include "lib/store/zones.hpp"
#include "lib/zone/change.hpp"
#include "lib/zone/errors.hpp"
#include "lib/zone/serial.hpp"
#include "providers/registry.hpp"

#include <fmt/core.h>

namespace dnsclay::engine {
namespace {

// How often the listing is taken again when another writer keeps changing the zone.
constexpr int kMaxAttempts = 3;
// How many rrsets an audit row names before it only counts.
constexpr std::size_t kAuditDetailMax = 20;

std::int64_t clock_now(const SyncOptions& options) {
    return options.now ? options.now() : store::now_unix();
}

struct Listing {
    zone::RRsetMap rrsets;
    std::optional<std::uint32_t> provider_serial;
    std::vector<providers::SkippedRecord> skipped;
};

std::string describe_key(const dns::Record& r) {
    return fmt::format("{} {} {}", r.owner.to_string(), dns::to_string(r.klass),
                       dns::to_string(r.type));
}

// The SOA's serial: its rdata is MNAME, RNAME (uncompressed) and five 32-bit fields.
std::uint32_t soa_serial(const dns::Record& soa) {
    dns::WireReader reader(soa.rdata);
    reader.name();
    reader.name();
    auto serial = reader.u32();
    reader.bytes(16);
    if (reader.remaining() != 0) throw dns::WireError("trailing bytes");
    return serial;
}

// Splits the operator's records into what the local copy keeps (class IN, inside the
// zone, not SOA: the SOA is ours) and what is reported as skipped. The operator's apex
// SOA gives its serial.
Listing sort_listing(const dns::Name& apex, std::vector<dns::Record> records,
                     std::vector<providers::SkippedRecord> skipped) {
    Listing out;
    out.skipped = std::move(skipped);
    std::vector<dns::Record> kept;
    kept.reserve(records.size());
    for (auto& r : records) {
        auto skip = [&](const std::string& reason) {
            out.skipped.push_back({describe_key(r), reason});
        };
        if (r.klass != dns::RRClass::IN)
            skip("only class IN is kept");
        else if (!r.owner.is_subdomain_of(apex))
            skip(fmt::format("the owner is outside the zone {}", apex.to_string()));
        else if (dns::is_meta_type(r.type))
            skip("a meta type is not zone data");
        else if (r.type == dns::RRType::SOA && !(r.owner == apex))
            skip("an SOA below the apex");
        else if (r.type == dns::RRType::SOA) {
            try {
                out.provider_serial = soa_serial(r);
            } catch (const dns::WireError& e) {
                skip(fmt::format("malformed SOA rdata ({})", e.what()));
            }
        } else
            kept.push_back(std::move(r));
    }
    out.rrsets = zone::group(std::move(kept));
    return out;
}

std::string audit_detail(const zone::ChangeSet& changes) {
    if (changes.size() <= kAuditDetailMax) return zone::describe(changes);
    zone::ChangeSet head(changes.begin(), changes.begin() + kAuditDetailMax);
    return fmt::format("{}; and {} more rrsets", zone::describe(head),
                       changes.size() - kAuditDetailMax);
}

std::optional<std::string> skipped_detail(const std::vector<providers::SkippedRecord>& skipped) {
    if (skipped.empty()) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < skipped.size() && i < kSkippedDetailMax; ++i)
        out += fmt::format("{}{}: {}", i ? "; " : "", skipped[i].record, skipped[i].reason);
    if (skipped.size() > kSkippedDetailMax)
        out += fmt::format("; and {} more", skipped.size() - kSkippedDetailMax);
    return out;
}

// Writes a failed sync or check into the zone's sync state and schedules the retry with
// backoff.
void record_failure(store::Store& st, const std::string& zone_name, const std::string& error,
                    std::int64_t now, bool full_sync) {
    store::Transaction txn(st.db(), store::Transaction::Kind::Write);
    auto z = store::find_zone(st.db(), zone_name);
    if (!z) return;
    auto state = store::load_sync_state(st.db(), z->id);
    auto settings = plan_settings(*z);
    state.error_count += 1;
    state.last_error = error;
    state.last_error_time = now;
    if (full_sync) state.next_sync = now + backoff(state.error_count, settings.sync_interval);
    if (settings.refresh_interval > 0)
        state.next_refresh = std::max(state.next_refresh.value_or(0),
                                      now + backoff(state.error_count, settings.refresh_interval));
    store::save_sync_state(st.db(), z->id, state);
    txn.commit();
}

// Runs a provider call; any failure but the state database's becomes a ProviderError
// whose text names the provider (never a secret: providers keep them out of their texts).
template <typename F> auto provider_call(const store::Zone& z, F&& call) {
    try {
        return call();
    } catch (const providers::ProviderError&) {
        throw;
    } catch (const store::StoreError&) {
        throw;
    } catch (const std::exception& e) {
        throw providers::ProviderError(
            fmt::format("provider {} for zone {}: {}", z.provider, z.name, e.what()));
    }
}

Listing fetch(store::Store& st, const store::Zone& z, const SyncOptions& options) {
    return provider_call(z, [&] {
        auto provider = zone::open_provider(st, z, options.cancel);
        auto records = provider->list_records();
        return sort_listing(dns::Name::parse(z.name), std::move(records), provider->skipped());
    });
}

void finish_state(store::SyncState& state, const store::Zone& z, const Listing& listing,
                  bool changed, std::int64_t now) {
    auto settings = plan_settings(z);
    state.last_sync = now;
    if (changed) state.last_change = now;
    state.provider_serial = listing.provider_serial;
    state.error_count = 0;
    state.skipped_count = static_cast<std::int64_t>(listing.skipped.size());
    state.skipped_detail = skipped_detail(listing.skipped);
    state.next_sync = next_sync(z.name, settings, now);
    state.next_refresh = next_check(z.name, settings, state.last_change, now);
}

} // namespace

SyncCounters& sync_counters() {
    static SyncCounters counters;
    return counters;
}

SyncResult sync_zone(store::Store& st, const std::string& zone_name, const SyncOptions& options) {
    auto& db = st.db();
    for (int attempt = 1;; ++attempt) {
        std::optional<store::Zone> z;
        {
            store::Transaction read(db, store::Transaction::Kind::Read);
            z = store::find_zone(db, zone_name);
        }
        if (!z) throw zone::NotFound(fmt::format("zone {} does not exist", zone_name));
        SyncResult result;
        result.zone = z->name;
        result.serial_before = result.serial_after = z->serial;

        const auto* info = providers::find_provider(z->provider);
        bool in_state = info && info->capabilities.records_in_state_db;
        Listing listing;
        if (!in_state) {
            try {
                listing = fetch(st, *z, options);
            } catch (const providers::ProviderError& e) {
                sync_counters().errors++;
                if (!options.dry_run)
                    record_failure(st, zone_name, e.what(), clock_now(options), true);
                throw;
            }
        }
        result.provider_serial = listing.provider_serial;
        result.skipped = listing.skipped;

        std::int64_t now = clock_now(options);
        store::Transaction txn(db, options.dry_run ? store::Transaction::Kind::Read
                                                   : store::Transaction::Kind::Write);
        // A zone whose records live in state.db has no listing to compare: its row is enough.
        auto snap = zone::load_snapshot(
            db, zone_name, in_state ? std::optional(std::set<dns::Name>{}) : std::nullopt);
        if (snap.zone.serial != z->serial) {
            // Another writer recorded a change after our read; the listing may predate it.
            if (attempt == kMaxAttempts)
                throw zone::Conflict(fmt::format("zone {} kept changing during the sync; try "
                                                 "again",
                                                 zone_name));
            continue;
        }
        if (!in_state) result.changes = zone::diff(snap.rrsets, listing.rrsets);
        if (options.dry_run) return result;

        if (result.changed()) {
            std::optional<std::uint32_t> hint;
            if (info && info->capabilities.meaningful_serial) hint = listing.provider_serial;
            result.serial_after = zone::serial_next(snap.zone.serial, hint);
            zone::write_history(db, snap.zone.id, result.changes, result.serial_after, now);
            store::set_zone_serial(db, snap.zone.id, result.serial_after);
            store::append_audit(
                db, {0, now, options.actor, z->name, "sync", audit_detail(result.changes), "ok"});
        }
        auto state = store::load_sync_state(db, snap.zone.id);
        finish_state(state, snap.zone, listing, result.changed(), now);
        store::save_sync_state(db, snap.zone.id, state);
        if (options.before_commit) options.before_commit();
        txn.commit();

        auto& counters = sync_counters();
        counters.syncs++;
        if (result.changed()) counters.changes++;
        counters.skipped_records += listing.skipped.size();
        return result;
    }
}

namespace {

// The serial the cheap check watches: the one the zone's authoritative servers publish
// when it has them, else the provider's (nullopt: the provider has none). Throws
// SoaCheckError or providers::ProviderError.
std::optional<std::uint32_t> watched_serial(store::Store& st, const store::Zone& z,
                                            const store::AuthoritativeServers& servers,
                                            const SyncOptions& options) {
    if (servers.addresses.empty())
        return provider_call(
            z, [&] { return zone::open_provider(st, z, options.cancel)->current_serial(); });
    SoaQuery query;
    query.zone = dns::Name::parse(z.name);
    query.servers = servers.addresses;
    query.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
        st.config().sync.authoritative_timeout);
    query.cancel = options.cancel;
    try {
        store::Transaction read(st.db(), store::Transaction::Kind::Read);
        query.tsig_key = signing_key(st.db(), servers.tsig_key);
    } catch (const std::runtime_error& e) {
        throw SoaCheckError(fmt::format("the SOA query for {} is not sent: {}", z.name, e.what()));
    }
    return authoritative_serial(query);
}

// Keeps the serial the authoritative servers answered, unless they were changed meanwhile
// (then the next check starts afresh with the new ones).
void remember_authoritative_serial(store::Store& st, const std::string& zone_name,
                                   const store::AuthoritativeServers& asked, std::uint32_t serial) {
    store::Transaction txn(st.db(), store::Transaction::Kind::Write);
    auto z = store::find_zone(st.db(), zone_name);
    if (!z || store::load_authoritative_servers(st.db(), z->id) != asked) return;
    auto state = store::load_sync_state(st.db(), z->id);
    state.authoritative_serial = serial;
    store::save_sync_state(st.db(), z->id, state);
    txn.commit();
}

} // namespace

std::optional<SyncResult> check_zone(store::Store& st, const std::string& zone_name,
                                     const SyncOptions& options) {
    auto& db = st.db();
    std::optional<store::Zone> z;
    store::SyncState state;
    store::AuthoritativeServers servers;
    {
        store::Transaction read(db, store::Transaction::Kind::Read);
        z = store::find_zone(db, zone_name);
        if (z) {
            state = store::load_sync_state(db, z->id);
            servers = store::load_authoritative_servers(db, z->id);
        }
    }
    if (!z) throw zone::NotFound(fmt::format("zone {} does not exist", zone_name));
    const bool authoritative = !servers.addresses.empty();
    std::optional<std::uint32_t> serial;
    auto failed = [&](const std::exception& e) {
        sync_counters().errors++;
        if (!options.dry_run) record_failure(st, zone_name, e.what(), clock_now(options), false);
    };
    try {
        serial = watched_serial(st, *z, servers, options);
    } catch (const providers::ProviderError& e) {
        failed(e);
        throw;
    } catch (const SoaCheckError& e) {
        failed(e);
        throw;
    }
    auto last_seen = authoritative ? state.authoritative_serial : state.provider_serial;
    if (!serial || !state.last_sync || serial != last_seen) {
        auto result = sync_zone(st, zone_name, options);
        if (authoritative && !options.dry_run)
            remember_authoritative_serial(st, zone_name, servers, *serial);
        return result;
    }
    sync_counters().checks++;
    if (options.dry_run) return std::nullopt;

    std::int64_t now = clock_now(options);
    store::Transaction txn(db, store::Transaction::Kind::Write);
    auto current = store::find_zone(db, zone_name);
    if (!current) throw zone::NotFound(fmt::format("zone {} was removed meanwhile", zone_name));
    state = store::load_sync_state(db, current->id);
    state.error_count = 0;
    state.next_refresh = next_check(current->name, plan_settings(*current), state.last_change, now);
    store::save_sync_state(db, current->id, state);
    txn.commit();
    return std::nullopt;
}

} // namespace dnsclay::engine
