// AXFR (RFC 5936) and IXFR (RFC 1995) from the local copy, synced from the provider first.
// The zone is read inside one
// SQLite read transaction, a consistent snapshot even while an UPDATE commits, and
// streamed row by row into messages of up to 64 KiB, each TSIG-signed when the request
// was: memory does not grow with the zone.
#include "lib/engine/handlers.hpp"
#include "lib/engine/sync.hpp"
#include "lib/store/record_scan.hpp"
#include "lib/store/zones.hpp"
#include "lib/zone/serial.hpp"
#include "lib/zone/soa.hpp"
#include "providers/registry.hpp"

#include <fmt/core.h>

namespace dnsclay::engine {
namespace {

// The serial of the client's copy: the SOA in the authority section of an IXFR request.
std::optional<std::uint32_t> client_serial(const dns::Message& msg, const dns::Name& apex) {
    for (const auto& rr : msg.authorities) {
        if (rr.type != dns::RRType::SOA || !(rr.owner == apex)) continue;
        // The serial follows the two names of the rdata.
        dns::WireReader rd(rr.rdata);
        rd.name();
        rd.name();
        return rd.u32();
    }
    return std::nullopt;
}

dns::Record soa_with_serial(store::Zone zone, std::uint32_t serial) {
    zone.serial = serial;
    return zone::soa_record(zone);
}

void axfr(Request& r, const store::Zone& zone, dns::Message& header, store::Db& db) {
    auto soa = zone::soa_record(zone);
    auto stream = r.out.streamer(header);
    stream.add(soa);
    store::scan_records(db, zone.id, store::ScanScope::Active,
                        [&](const store::ScannedRecord& s) { stream.add(s.record); });
    stream.add(soa);
    stream.finish();
}

// RFC 1995 §4 with the differences since `from` condensed into one sequence (allowed by
// §5): the records that existed at `from` and are gone, then those added since and still
// there.
void ixfr(Request& r, const store::Zone& zone, dns::Message& header, store::Db& db,
          std::uint32_t from) {
    auto stream = r.out.streamer(header);
    auto current = zone::soa_record(zone);
    auto changed = [&](std::uint32_t s) {
        return zone::serial_gt(s, from) && !zone::serial_gt(s, zone.serial);
    };
    stream.add(current);
    stream.add(soa_with_serial(zone, from));
    store::scan_records(db, zone.id, store::ScanScope::All, [&](const store::ScannedRecord& s) {
        if (s.serial_deleted && changed(*s.serial_deleted) && !changed(s.serial_first))
            stream.add(s.record);
    });
    stream.add(current);
    store::scan_records(db, zone.id, store::ScanScope::Active, [&](const store::ScannedRecord& s) {
        if (changed(s.serial_first)) stream.add(s.record);
    });
    stream.add(current);
    stream.finish();
}

} // namespace

void handle_transfer(Request& r) {
    const auto& q = r.msg.questions[0];
    bool is_ixfr = q.type == dns::RRType::IXFR;
    const store::Zone* listed = r.catalog.find_zone(q.name);
    if (!listed) {
        r.out.error(dns::Rcode::NOTAUTH, dns::EdeCode::NOT_AUTHORITATIVE,
                    fmt::format("{} is not a zone served here", q.name.to_string()));
        return;
    }
    if (auto why = refuse_reason(r.identity, *listed, Operation::Transfer)) {
        r.out.error(dns::Rcode::REFUSED, dns::EdeCode::PROHIBITED, *why);
        return;
    }
    if (r.info.transport == Transport::Udp && !is_ixfr) {
        // RFC 5936 §4.2: AXFR is sent over TCP only.
        r.out.error(dns::Rcode::NOTIMP, dns::EdeCode::NOT_SUPPORTED, "AXFR needs TCP or TLS");
        return;
    }
    auto apex = dns::Name::parse(listed->name);
    std::optional<std::uint32_t> from;
    if (is_ixfr) {
        from = client_serial(r.msg, apex);
        if (!from) {
            r.out.error(dns::Rcode::FORMERR, dns::EdeCode::OTHER,
                        "IXFR needs the client's SOA in the authority section (RFC 1995 §3)");
            return;
        }
    }

    // A fresh view first: the operator may have changed the zone since the last sync. Zones
    // whose records live in state.db have nothing to fetch.
    const auto* provider = providers::find_provider(listed->provider);
    if (!provider || !provider->capabilities.records_in_state_db) {
        try {
            SyncOptions options;
            options.actor = r.identity.actor();
            if (sync_zone(r.ctx.store(), listed->name, options).changed())
                r.ctx.notifier().zone_changed(listed->name);
        } catch (const std::exception& e) {
            r.out.error(
                dns::Rcode::SERVFAIL, dns::EdeCode::NETWORK_ERROR,
                fmt::format("syncing {} from its provider failed: {}", listed->name, e.what()));
            return;
        }
    }

    auto& db = r.ctx.store().db();
    // Whatever the transfer read stays in this worker's SQLite cache otherwise: up to its
    // size on each of the transfer workers, which adds up to more than the transfer needs.
    struct ReleaseCache {
        store::Db& db;
        ~ReleaseCache() { db.release_cache(); }
    } release{db};
    store::Transaction tx(db, store::Transaction::Kind::Read);
    // The zone row inside the transaction: its serial matches the records read below.
    auto zone = store::find_zone(db, listed->name);
    if (!zone) {
        r.out.error(dns::Rcode::NOTAUTH, dns::EdeCode::NOT_AUTHORITATIVE,
                    fmt::format("zone {} was just removed", listed->name));
        return;
    }
    auto header = r.out.response();
    header.aa = true;
    if (is_ixfr) {
        // RFC 1995 §2: over UDP, or when the client is current (or somehow ahead of us),
        // a single SOA; the client retries over TCP or knows it is up to date.
        if (r.info.transport == Transport::Udp || !zone::serial_lt(*from, zone->serial)) {
            header.answers.push_back(zone::soa_record(*zone));
            return r.out.send(header);
        }
        auto oldest = store::oldest_serial(db, zone->id);
        if (oldest && !zone::serial_lt(*from, *oldest)) return ixfr(r, *zone, header, db, *from);
        // History does not reach back that far: the whole zone, AXFR-style (RFC 1995 §4).
    }
    axfr(r, *zone, header, db);
}

} // namespace dnsclay::engine
