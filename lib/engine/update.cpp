// The UPDATE engine: per-zone serialization, retransmission detection, fresh view,
// evaluation, application through change_records, audit.
#include "lib/engine/update.hpp"

#include "lib/engine/replay_guard.hpp"
#include "lib/engine/sync.hpp"
#include "lib/store/audit.hpp"
#include "lib/store/db.hpp"
#include "lib/store/store.hpp"
#include "lib/store/zones.hpp"
#include "lib/zone/apply.hpp"
#include "lib/zone/errors.hpp"
#include "providers/registry.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <fmt/core.h>
#include <functional>
#include <future>
#include <map>
#include <mutex>

namespace dnsclay::engine {
namespace {

using Clock = std::chrono::steady_clock;

// How long an answer is kept for retransmissions of the same UPDATE.
constexpr auto kRemember = std::chrono::seconds(60);
// The audit log keeps the request readable, not whole: longer texts are cut here.
constexpr std::size_t kMaxAuditText = 4000;

std::string rr_list(const std::vector<dns::Record>& rrs) {
    std::string out;
    for (const auto& rr : rrs) {
        if (!out.empty()) out += ", ";
        out += fmt::format("{} {} {} {}", rr.owner.to_string(), rr.ttl, dns::to_string(rr.klass),
                           dns::to_string(rr.type));
        if (!rr.rdata.empty()) out += fmt::format(" ({} bytes)", rr.rdata.size());
    }
    return out.empty() ? "none" : out;
}

std::string request_text(const dns::Message& update, const UpdateClient& client) {
    auto text = fmt::format("from {}; prerequisites: {}; updates: {}", client.peer,
                            rr_list(update.answers), rr_list(update.authorities));
    if (text.size() > kMaxAuditText) text = text.substr(0, kMaxAuditText) + "...";
    return text;
}

// Identifies a retransmission: same peer, same id, same content (the TSIG, which a client
// may compute anew, left out). The content is kept as a hash: at thousands of UPDATEs per
// second, a minute of whole messages would be tens of megabytes.
std::string retransmission_key(const dns::Message& update, const UpdateClient& client) {
    dns::Message copy = update;
    copy.tsig.reset();
    std::string content;
    try {
        auto wire = copy.to_wire();
        content.assign(wire.begin(), wire.end());
    } catch (const std::exception&) {
        content = copy.to_string();
    }
    return fmt::format("{}|{}|{}|{:x}", client.peer, update.id, content.size(),
                       std::hash<std::string>{}(content));
}

// True if the zone's provider keeps its records in state.db (`local`): the local copy is
// then the operator's view. Throws zone::NotFound.
bool records_in_state_db(store::Store& st, const std::string& zone_name) {
    std::optional<store::Zone> zone;
    {
        store::Transaction read(st.db(), store::Transaction::Kind::Read);
        zone = store::find_zone(st.db(), zone_name);
    }
    if (!zone) throw zone::NotFound(fmt::format("zone {} does not exist", zone_name));
    const auto* info = providers::find_provider(zone->provider);
    return info && info->capabilities.records_in_state_db;
}

UpdateResult error_result(dns::Rcode rcode, dns::EdeCode ede, std::string text) {
    UpdateResult r;
    r.rcode = rcode;
    r.ede = dns::ExtendedError{static_cast<std::uint16_t>(ede), std::move(text)};
    return r;
}

// The answer to an UPDATE that failed with `error`.
UpdateResult result_for(std::exception_ptr error, const std::string& zone_name) {
    try {
        std::rethrow_exception(error);
    } catch (const UpdateRefused& e) {
        return error_result(e.rcode(), e.ede(), e.what());
    } catch (const zone::NotFound&) {
        return error_result(dns::Rcode::NOTAUTH, dns::EdeCode::NOT_AUTHORITATIVE,
                            fmt::format("dnsclay does not serve zone {}", zone_name));
    } catch (const zone::InvalidInput& e) {
        return error_result(dns::Rcode::REFUSED, dns::EdeCode::PROHIBITED, e.what());
    } catch (const zone::Conflict& e) {
        return error_result(dns::Rcode::SERVFAIL, dns::EdeCode::OTHER,
                            std::string(e.what()) + "; nothing was applied");
    } catch (const zone::ApplyError& e) {
        return error_result(dns::Rcode::SERVFAIL, dns::EdeCode::NETWORK_ERROR,
                            fmt::format("the provider failed: {}{}", e.what(),
                                        e.rolled_back() ? "" : " (not rolled back)"));
    } catch (const providers::ProviderError& e) {
        return error_result(dns::Rcode::SERVFAIL, dns::EdeCode::NETWORK_ERROR,
                            fmt::format("the provider failed: {}; nothing was applied", e.what()));
    } catch (const std::exception& e) {
        return error_result(dns::Rcode::SERVFAIL, dns::EdeCode::OTHER,
                            fmt::format("the update failed: {}", e.what()));
    }
}

bool is_provider_error(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const providers::ProviderError&) {
        return true;
    } catch (...) {
        return false;
    }
}

std::string outcome_text(const UpdateResult& result) {
    return result.rcode == dns::Rcode::NOERROR
               ? "ok (nothing to change)"
               : fmt::format("error: {}: {}", dns::to_string(result.rcode), result.ede->text);
}

// An UPDATE on its way through its zone's queue, and then its answer.
struct Pending {
    const dns::Message& update;
    const UpdateClient& client;
    std::string detail; // for the audit log
    UpdateResult result;
    bool audited = false; // change_records wrote its row (a change applied or failed)
    bool done = false;
};

// A zone's UPDATEs waiting for a batch, whether one is running, and how many threads use
// this entry (the last one out removes it).
struct ZoneQueue {
    std::deque<Pending*> waiting;
    bool busy = false;
    std::size_t users = 0;
    std::condition_variable batch_done;
};

// At most this many UPDATEs share a transaction, so that one batch's answers are not held
// back long by its size.
constexpr std::size_t kMaxBatch = 64;

} // namespace

struct UpdateEngine::Impl {
    std::string state_dir;
    store::Config config;
    std::function<void(const std::string&)> on_change;

    // state.db connections not in use; each call takes one (SQLite connections must not be
    // shared between threads without a lock, and calls block on providers).
    std::mutex pool_mu;
    std::vector<std::unique_ptr<store::Store>> pool;

    std::mutex queues_mu;
    std::map<std::string, ZoneQueue> queues;

    // The answers of the last kRemember, and their keys in the order they came (so that
    // forgetting the old ones does not look at the others).
    std::mutex seen_mu;
    std::map<std::string, std::shared_future<UpdateResult>> seen;
    std::deque<std::pair<Clock::time_point, std::string>> seen_order;
    ReplayGuard replays;

    std::unique_ptr<store::Store> take_store() {
        {
            std::lock_guard lock(pool_mu);
            if (!pool.empty()) {
                auto st = std::move(pool.back());
                pool.pop_back();
                return st;
            }
        }
        return std::make_unique<store::Store>(state_dir, config);
    }
    void give_back(std::unique_ptr<store::Store> st) {
        std::lock_guard lock(pool_mu);
        pool.push_back(std::move(st));
    }

    // Appends audit rows in one transaction.
    void audit(const std::vector<store::AuditEntry>& rows) {
        if (rows.empty()) return;
        try {
            auto st = take_store();
            store::Transaction txn(st->db(), store::Transaction::Kind::Write);
            for (const auto& row : rows)
                store::append_audit(st->db(), row);
            txn.commit();
            give_back(std::move(st));
        } catch (const std::exception&) {
            // The answer matters more than its audit row; the failure is in the result.
        }
    }
    static store::AuditEntry audit_row(const UpdateClient& client, const std::string& zone,
                                       const std::string& detail, const std::string& result) {
        return {0,
                0,
                client.actor,
                zone.empty() ? std::nullopt : std::optional<std::string>(zone),
                "update",
                detail,
                result};
    }

    UpdateResult process(const dns::Message& update, const UpdateClient& client);
    void run_batch(const std::string& zone_name, const std::vector<Pending*>& batch);
};

// One change per zone at a time (RFC 2136 §3.7), but not one commit per UPDATE: the UPDATEs
// that arrive for a zone while its change is being made wait in its queue, and the next of
// them to wake takes them all into the next batch (group commit). Each keeps its own answer.
UpdateResult UpdateEngine::Impl::process(const dns::Message& update, const UpdateClient& client) {
    Pending me{update, client, request_text(update, client), {}};
    std::string zone_name;
    try {
        zone_name = update_zone_name(update);
        if (update.tsig && !replays.first_sight(*update.tsig, store::now_unix()))
            throw UpdateRefused(dns::Rcode::REFUSED, dns::EdeCode::PROHIBITED,
                                "this signed UPDATE was received before (same TSIG MAC, "
                                "still within its time window); a replay is not applied again");
    } catch (const std::exception&) {
        me.result = result_for(std::current_exception(), zone_name);
        audit({audit_row(client, zone_name, me.detail, outcome_text(me.result))});
        return me.result;
    }
    std::unique_lock lock(queues_mu);
    auto& queue = queues[zone_name];
    ++queue.users;
    queue.waiting.push_back(&me);
    while (!me.done) {
        queue.batch_done.wait(lock, [&] { return me.done || !queue.busy; });
        if (me.done) break;
        queue.busy = true;
        auto n = std::min(queue.waiting.size(), kMaxBatch);
        std::vector<Pending*> batch(queue.waiting.begin(), queue.waiting.begin() + n);
        queue.waiting.erase(queue.waiting.begin(), queue.waiting.begin() + n);
        lock.unlock();
        run_batch(zone_name, batch);
        lock.lock();
        for (auto* p : batch)
            p->done = true;
        queue.busy = false;
        queue.batch_done.notify_all();
    }
    if (--queue.users == 0) queues.erase(zone_name);
    return me.result;
}

void UpdateEngine::Impl::run_batch(const std::string& zone_name,
                                   const std::vector<Pending*>& batch) {
    bool changed = false;
    try {
        auto st = take_store();
        // Fresh view first: what the operator holds now, not what the last sync saw. A
        // provider whose records live in state.db has nothing newer to give.
        if (!records_in_state_db(*st, zone_name)) {
            SyncOptions sync;
            sync.actor = batch.front()->client.actor;
            changed = sync_zone(*st, zone_name, sync).changed();
        }
        std::vector<zone::ChangeRequest> requests;
        for (const auto* p : batch) {
            zone::ChangeRequest req;
            req.zone = zone_name;
            req.actor = p->client.actor;
            req.action = "update";
            req.request = p->detail;
            // Only the names the UPDATE is about are read and written, however large the zone.
            req.owners = update_owners(p->update);
            req.edit = [&update = p->update](const zone::ZoneSnapshot& snap) {
                return evaluate_update(update, snap);
            };
            requests.push_back(std::move(req));
        }
        auto outcomes = zone::change_records(*st, requests);
        give_back(std::move(st));
        for (std::size_t i = 0; i < batch.size(); ++i) {
            auto& p = *batch[i];
            if (outcomes[i].error) {
                p.result = result_for(outcomes[i].error, zone_name);
                p.audited = is_provider_error(outcomes[i].error);
                continue;
            }
            p.result.changed = !outcomes[i].result.changes.empty();
            p.result.serial = outcomes[i].result.serial_after;
            p.audited = p.result.changed;
            changed = changed || p.result.changed;
        }
    } catch (const std::exception&) {
        for (auto* p : batch)
            p->result = result_for(std::current_exception(), zone_name);
    }
    std::vector<store::AuditEntry> rows;
    for (const auto* p : batch)
        if (!p->audited)
            rows.push_back(audit_row(p->client, zone_name, p->detail, outcome_text(p->result)));
    audit(rows);
    if (changed && on_change) on_change(zone_name);
}

UpdateEngine::UpdateEngine(std::string state_dir, store::Config config,
                           std::function<void(const std::string&)> on_change)
    : impl_(std::make_unique<Impl>()) {
    impl_->state_dir = std::move(state_dir);
    impl_->config = std::move(config);
    impl_->on_change = std::move(on_change);
}

UpdateEngine::~UpdateEngine() = default;

void UpdateEngine::audit_refusal(const dns::Message& update, const UpdateClient& client,
                                 const std::string& zone, dns::Rcode rcode,
                                 const std::string& why) {
    impl_->audit({Impl::audit_row(client, zone, request_text(update, client),
                                  fmt::format("error: {}: {}", dns::to_string(rcode), why))});
}

UpdateResult UpdateEngine::handle(const dns::Message& update, const UpdateClient& client) {
    auto key = retransmission_key(update, client);
    std::promise<UpdateResult> promise;
    std::optional<std::shared_future<UpdateResult>> earlier;
    {
        std::lock_guard lock(impl_->seen_mu);
        auto now = Clock::now();
        auto& order = impl_->seen_order;
        // An answer still being worked out stays, and so does everything after it.
        while (!order.empty() && now - order.front().first > kRemember &&
               impl_->seen.at(order.front().second).wait_for(std::chrono::seconds(0)) ==
                   std::future_status::ready) {
            impl_->seen.erase(order.front().second);
            order.pop_front();
        }
        auto it = impl_->seen.find(key);
        if (it != impl_->seen.end()) {
            earlier = it->second;
        } else {
            impl_->seen.emplace(key, promise.get_future().share());
            order.emplace_back(now, key);
        }
    }
    if (earlier) return earlier->get();
    UpdateResult result;
    try {
        result = impl_->process(update, client);
    } catch (const std::exception& e) {
        result = error_result(dns::Rcode::SERVFAIL, dns::EdeCode::OTHER,
                              fmt::format("the update failed: {}", e.what()));
    }
    promise.set_value(result);
    return result;
}

} // namespace dnsclay::engine
