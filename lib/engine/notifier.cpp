// The NOTIFY sender of `serve`: watches zone serials in state.db, whichever process
// changed them, and notifies each zone's targets with retransmission (RFC 1996 §3.6).
#include "lib/engine/exchange.hpp"
#include "lib/engine/notify.hpp"
#include "lib/store/store.hpp"
#include "lib/store/zones.hpp"

#include <atomic>
#include <condition_variable>
#include <fmt/core.h>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace dnsclay::engine {
namespace {

using Clock = std::chrono::steady_clock;

// A burst of changes is sent as one NOTIFY, but not later than this many coalescing
// periods after its first change.
constexpr int kMaxCoalescePeriods = 5;

struct Delivery {
    store::Zone zone; // as of the change: its serial is the one announced
    store::NotifyTarget target;
    std::optional<std::string> tsig_key; // ALG:NAME:SECRET when the target's NOTIFYs are signed
    int tries = 0;
    Clock::time_point due;
    std::optional<std::future<NotifyAnswer>> in_flight;
};

} // namespace

struct Notifier::Impl {
    std::string state_dir;
    store::Config config;
    Options options;
    Logger own_log; // when options.log is not given
    Logger& log() { return options.log ? *options.log : own_log; }

    std::mutex mu;
    std::condition_variable wake;
    bool stopping = false;
    std::set<std::string> poked;
    std::thread thread;

    std::atomic<std::uint64_t> acked{0}, failed{0};

    // Owned by the thread.
    std::map<std::string, std::uint32_t> known_serials;
    struct Burst {
        Clock::time_point first, last;
    };
    std::map<std::string, Burst> bursts;
    std::map<std::pair<std::string, std::string>, Delivery> deliveries; // (zone, target)

    void run();
    void poll_serials(store::Store& st, Clock::time_point now);
    void start_deliveries(store::Store& st, Clock::time_point now);
    void drive_deliveries(Clock::time_point now);
    Clock::time_point next_wakeup(Clock::time_point now, Clock::time_point next_poll) const;
};

void Notifier::Impl::poll_serials(store::Store& st, Clock::time_point now) {
    std::vector<store::ZoneSerial> zones;
    {
        store::Transaction txn(st.db(), store::Transaction::Kind::Read);
        zones = store::zone_serials(st.db());
    }
    for (const auto& z : zones) {
        auto it = known_serials.find(z.name);
        if (it != known_serials.end() && it->second == z.serial) continue;
        known_serials[z.name] = z.serial;
        auto& burst = bursts[z.name];
        if (burst.first == Clock::time_point{}) burst.first = now;
        burst.last = now;
    }
}

void Notifier::Impl::start_deliveries(store::Store& st, Clock::time_point now) {
    for (auto it = bursts.begin(); it != bursts.end();) {
        const auto& [name, burst] = *it;
        bool quiet = now - burst.last >= options.coalesce;
        bool too_long = now - burst.first >= options.coalesce * kMaxCoalescePeriods;
        if (!quiet && !too_long) {
            ++it;
            continue;
        }
        store::Transaction txn(st.db(), store::Transaction::Kind::Read);
        auto zone = store::find_zone(st.db(), name);
        auto targets = zone ? store::list_notify_targets(st.db(), zone->id)
                            : std::vector<store::NotifyTarget>{};
        for (const auto& t : targets) {
            std::optional<std::string> key;
            try {
                key = signing_key(st.db(), t.tsig_key);
            } catch (const std::runtime_error& e) {
                ++failed;
                log().log(LogLevel::Warn, "NOTIFY not sent",
                          {{"zone", name},
                           {"serial", std::to_string(zone->serial)},
                           {"target", t.address + "/" + t.protocol},
                           {"error", e.what()}});
                continue;
            }
            auto& d = deliveries[{name, t.address + "/" + t.protocol}];
            // A newer serial replaces a pending one; an answer still on its way for the
            // old serial is collected, but no longer counts for this delivery.
            d.zone = *zone;
            d.target = t;
            d.tsig_key = std::move(key);
            d.tries = 0;
            d.due = now;
        }
        it = bursts.erase(it);
    }
}

void Notifier::Impl::drive_deliveries(Clock::time_point now) {
    auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(config.notify.timeout);
    for (auto it = deliveries.begin(); it != deliveries.end();) {
        auto& d = it->second;
        if (d.in_flight) {
            if (d.in_flight->wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
                ++it;
                continue;
            }
            auto answer = d.in_flight->get();
            d.in_flight.reset();
            if (d.tries == 0) { // replaced by a newer serial while in flight: send that now
                ++it;
                continue;
            }
            if (answer.ok()) {
                ++acked;
                it = deliveries.erase(it);
                continue;
            }
            ++failed;
            std::string why = answer.error.empty() ? dns::to_string(answer.rcode) : answer.error;
            bool last = d.tries > config.notify.retries;
            log().log(last ? LogLevel::Warn : LogLevel::Info,
                      last ? "NOTIFY given up" : "NOTIFY try failed",
                      {{"zone", d.zone.name},
                       {"serial", std::to_string(d.zone.serial)},
                       {"target", answer.target},
                       {"tries", std::to_string(d.tries)},
                       {"error", why}});
            if (last) {
                it = deliveries.erase(it);
                continue;
            }
            d.due = now + notify_retry_delay(config.notify, d.tries);
        }
        if (!d.in_flight && d.due <= now) {
            ++d.tries;
            d.in_flight = std::async(std::launch::async,
                                     [zone = d.zone, target = d.target, key = d.tsig_key, timeout] {
                                         return send_notify(zone, target, key, timeout);
                                     });
        }
        ++it;
    }
}

Clock::time_point Notifier::Impl::next_wakeup(Clock::time_point now,
                                              Clock::time_point next_poll) const {
    auto next = next_poll;
    for (const auto& [name, burst] : bursts)
        next = std::min(next, std::min(burst.last + options.coalesce,
                                       burst.first + options.coalesce * kMaxCoalescePeriods));
    for (const auto& [key, d] : deliveries)
        next = std::min(next, d.in_flight ? now + std::chrono::milliseconds(20) : d.due);
    return std::max(next, now);
}

void Notifier::Impl::run() {
    std::unique_ptr<store::Store> st;
    auto next_poll = Clock::now();
    for (;;) {
        auto now = Clock::now();
        bool poll_now = now >= next_poll;
        {
            std::lock_guard lock(mu);
            if (stopping) break;
            if (!poked.empty()) poll_now = true;
            poked.clear();
        }
        try {
            if (!st) st = std::make_unique<store::Store>(state_dir, config);
            if (poll_now) {
                poll_serials(*st, now);
                next_poll = now + options.poll;
            }
            start_deliveries(*st, now);
        } catch (const std::exception& e) {
            log().log(LogLevel::Error, "NOTIFY sender cannot read the state directory",
                      {{"error", e.what()}});
            st.reset();
            next_poll = now + options.poll;
        }
        drive_deliveries(now);
        std::unique_lock lock(mu);
        wake.wait_until(lock, next_wakeup(Clock::now(), next_poll),
                        [&] { return stopping || !poked.empty(); });
    }
    for (auto& [key, d] : deliveries)
        if (d.in_flight) d.in_flight->wait();
}

Notifier::Notifier(std::string state_dir, store::Config config, Options options)
    : impl_(std::make_unique<Impl>()) {
    impl_->state_dir = std::move(state_dir);
    impl_->config = std::move(config);
    impl_->options = options;
}

Notifier::~Notifier() {
    stop();
}

void Notifier::start() {
    if (impl_->thread.joinable()) return;
    impl_->stopping = false;
    impl_->thread = std::thread([this] { impl_->run(); });
}

void Notifier::stop() {
    {
        std::lock_guard lock(impl_->mu);
        impl_->stopping = true;
    }
    impl_->wake.notify_all();
    if (impl_->thread.joinable()) impl_->thread.join();
}

void Notifier::zone_changed(const std::string& zone) {
    {
        std::lock_guard lock(impl_->mu);
        impl_->poked.insert(zone);
    }
    impl_->wake.notify_all();
}

std::uint64_t Notifier::acknowledged() const {
    return impl_->acked;
}

std::uint64_t Notifier::failed_tries() const {
    return impl_->failed;
}

} // namespace dnsclay::engine
