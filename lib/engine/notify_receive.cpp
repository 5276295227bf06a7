// Incoming NOTIFY (RFC 1996 §3.7-3.11): who may send one, and the refresh it starts.
#include "lib/engine/exchange.hpp"
#include "lib/engine/notify.hpp"
#include "lib/engine/sync.hpp"
#include "lib/store/accounts.hpp"
#include "lib/store/credentials.hpp"
#include "lib/store/store.hpp"
#include "lib/store/zones.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <fmt/core.h>
#include <mutex>
#include <set>
#include <thread>

namespace dnsclay::engine {
namespace {

NotifyReceiver::Result refuse(dns::Rcode rcode, dns::EdeCode ede, std::string text) {
    NotifyReceiver::Result r;
    r.rcode = rcode;
    r.ede = dns::ExtendedError{static_cast<std::uint16_t>(ede), std::move(text)};
    return r;
}

std::string host_of(const std::string& address) {
    try {
        return parse_host_port(address).host;
    } catch (const std::exception&) {
        return address;
    }
}

// The serial in the NOTIFY's answer section, if it carries one SOA (§3.7).
std::optional<std::uint32_t> announced_serial(const dns::Message& notify) {
    if (notify.answers.size() != 1 || notify.answers.front().type != dns::RRType::SOA)
        return std::nullopt;
    try {
        dns::WireReader r(notify.answers.front().rdata);
        r.name();
        r.name();
        return r.u32();
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace

struct NotifyReceiver::Impl {
    std::string state_dir;
    store::Config config;
    SyncReport report;

    std::mutex store_mu; // guards `st`, used by handle()
    std::unique_ptr<store::Store> st;

    // Zones waiting for a refresh: a zone already waiting is not queued twice, which is
    // what coalesces a burst of NOTIFYs into one refresh.
    std::mutex queue_mu;
    std::condition_variable queue_cv;
    std::deque<std::string> queue;
    std::set<std::string> queued;
    bool stopping = false;
    // Set on shutdown: a refresh waiting on its provider gives up instead of holding the
    // process up to the provider timeout.
    std::atomic<bool> cancel{false};
    std::thread worker;

    bool allowed(store::Db& db, const store::Zone& zone, const IncomingNotify& from);
    void enqueue(const std::string& zone);
    void work();
};

bool NotifyReceiver::Impl::allowed(store::Db& db, const store::Zone& zone,
                                   const IncomingNotify& from) {
    if (from.tsig_credential) {
        auto cred = store::find_credential(db, *from.tsig_credential);
        if (cred &&
            std::find(cred->zones.begin(), cred->zones.end(), zone.name) != cred->zones.end())
            return true;
    }
    if (auto account = store::find_account(db, zone.account_id)) {
        for (const auto& f : account->fields) {
            if (f.name != "server") continue;
            try {
                if (host_of(store::resolve_field_value(f.value)) == from.peer_address) return true;
            } catch (const std::exception&) {
                // an unreadable reference: not a match
            }
        }
    }
    for (const auto& t : store::list_notify_targets(db, zone.id))
        if (host_of(t.address) == from.peer_address) return true;
    return false;
}

void NotifyReceiver::Impl::enqueue(const std::string& zone) {
    {
        std::lock_guard lock(queue_mu);
        if (!queued.insert(zone).second) return;
        queue.push_back(zone);
    }
    queue_cv.notify_one();
}

void NotifyReceiver::Impl::work() {
    std::unique_ptr<store::Store> own;
    for (;;) {
        std::string zone;
        {
            std::unique_lock lock(queue_mu);
            queue_cv.wait(lock, [&] { return stopping || !queue.empty(); });
            if (stopping) return;
            zone = queue.front();
            queue.pop_front();
            // Dequeued before the refresh starts: a NOTIFY arriving during it queues
            // another, since the refresh may already have read the provider.
            queued.erase(zone);
        }
        SyncOptions sync;
        sync.actor = "notify";
        sync.cancel = &cancel;
        auto step = [&] {
            if (!own) own = std::make_unique<store::Store>(state_dir, config);
            return std::optional(sync_zone(*own, zone, sync));
        };
        // After a failure the connection is opened again: state.db may be what failed.
        if (!run_reported(zone, SyncEvent::Kind::Notify, step, report).error.empty()) own.reset();
    }
}

NotifyReceiver::NotifyReceiver(std::string state_dir, store::Config config, SyncReport report)
    : impl_(std::make_unique<Impl>()) {
    impl_->state_dir = std::move(state_dir);
    impl_->config = std::move(config);
    impl_->report = std::move(report);
    impl_->worker = std::thread([this] { impl_->work(); });
}

NotifyReceiver::~NotifyReceiver() {
    {
        std::lock_guard lock(impl_->queue_mu);
        impl_->stopping = true;
    }
    impl_->cancel = true;
    impl_->queue_cv.notify_all();
    impl_->worker.join();
}

NotifyReceiver::Result NotifyReceiver::handle(const dns::Message& notify,
                                              const IncomingNotify& from) {
    if (notify.questions.size() != 1 || notify.questions.front().type != dns::RRType::SOA)
        return refuse(dns::Rcode::FORMERR, dns::EdeCode::OTHER,
                      "a NOTIFY must ask about one zone's SOA");
    auto zone_name = notify.questions.front().name.canonical().to_string();
    std::optional<store::Zone> zone;
    bool ok = false;
    try {
        std::lock_guard lock(impl_->store_mu);
        if (!impl_->st) impl_->st = std::make_unique<store::Store>(impl_->state_dir, impl_->config);
        store::Transaction txn(impl_->st->db(), store::Transaction::Kind::Read);
        zone = store::find_zone(impl_->st->db(), zone_name);
        if (zone) ok = impl_->allowed(impl_->st->db(), *zone, from);
    } catch (const std::exception& e) {
        impl_->st.reset();
        return refuse(dns::Rcode::SERVFAIL, dns::EdeCode::OTHER,
                      fmt::format("reading the state directory failed: {}", e.what()));
    }
    if (!zone)
        return refuse(dns::Rcode::NOTAUTH, dns::EdeCode::NOT_AUTHORITATIVE,
                      fmt::format("dnsclay does not serve zone {}", zone_name));
    if (!ok)
        return refuse(dns::Rcode::REFUSED, dns::EdeCode::PROHIBITED,
                      fmt::format("NOTIFY for zone {} from {} is not allowed: neither its "
                                  "address nor a key granted on the zone",
                                  zone_name, from.peer_address));
    Result r;
    if (announced_serial(notify) == zone->serial) return r; // our own serial: nothing new
    impl_->enqueue(zone_name);
    r.refresh_started = true;
    return r;
}

} // namespace dnsclay::engine
