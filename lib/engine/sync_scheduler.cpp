#include "lib/engine/sync_scheduler.hpp"

#include "lib/store/zones.hpp"
#include "providers/registry.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace dnsclay::engine {

struct SyncScheduler::Impl {
    std::string state_dir;
    store::Config config;
    Options options;
    std::unique_ptr<store::Store> store;
    std::atomic<bool> cancel{false};
    std::mutex mutex;
    std::condition_variable cv;
    bool woken = false;
    std::thread thread;

    std::int64_t now() const { return options.now ? options.now() : store::now_unix(); }

    store::Store& db() {
        if (!store) store = std::make_unique<store::Store>(state_dir, config);
        return *store;
    }

    SyncOptions sync_options() {
        SyncOptions o;
        o.actor = "serve:sync";
        o.now = options.now;
        o.cancel = &cancel;
        return o;
    }

    void loop() {
        for (;;) {
            auto next = run_due_impl(now());
            std::unique_lock lock(mutex);
            if (cancel) return;
            auto wait = options.poll;
            if (next) {
                auto until = std::chrono::seconds(std::max<std::int64_t>(*next - now(), 1));
                wait = std::min<std::chrono::milliseconds>(wait, until);
            }
            cv.wait_for(lock, wait, [&] { return woken || cancel.load(); });
            if (cancel) return;
            woken = false;
        }
    }

    std::optional<std::int64_t> run_due_impl(std::int64_t now_s) {
        struct Due {
            std::string zone;
            bool sync;
        };
        std::vector<Due> due;
        std::optional<std::int64_t> next;
        auto consider = [&](std::optional<std::int64_t> t) {
            if (t) next = next ? std::min(*next, *t) : *t;
        };
        auto& st = db();
        {
            store::Transaction read(st.db(), store::Transaction::Kind::Read);
            for (const auto& z : store::list_zones(st.db())) {
                const auto* info = providers::find_provider(z.provider);
                if (info && info->capabilities.records_in_state_db) continue;
                auto state = store::load_sync_state(st.db(), z.id);
                // A zone never synced (added with --no-initial-sync, or whose first sync
                // failed before any time was written) is due at once.
                std::int64_t sync_at = state.next_sync.value_or(now_s);
                if (sync_at <= now_s)
                    due.push_back({z.name, true});
                else if (z.refresh_interval > 0 && state.next_refresh &&
                         *state.next_refresh <= now_s)
                    due.push_back({z.name, false});
            }
        }
        for (const auto& d : due) {
            if (cancel) break;
            if (d.sync)
                run_reported(
                    d.zone, SyncEvent::Kind::Sync,
                    [&] { return std::optional(sync_zone(st, d.zone, sync_options())); }, options);
            else
                run_reported(
                    d.zone, SyncEvent::Kind::Check,
                    [&] { return check_zone(st, d.zone, sync_options()); }, options);
        }
        store::Transaction read(st.db(), store::Transaction::Kind::Read);
        for (const auto& z : store::list_zones(st.db())) {
            const auto* info = providers::find_provider(z.provider);
            if (info && info->capabilities.records_in_state_db) continue;
            auto state = store::load_sync_state(st.db(), z.id);
            consider(state.next_sync.value_or(now_s));
            if (z.refresh_interval > 0) consider(state.next_refresh);
        }
        return next;
    }
};

SyncScheduler::SyncScheduler(std::string state_dir, store::Config config, Options options)
    : impl_(std::make_unique<Impl>()) {
    impl_->state_dir = std::move(state_dir);
    impl_->config = std::move(config);
    impl_->options = std::move(options);
}

SyncScheduler::~SyncScheduler() {
    stop();
}

void SyncScheduler::start() {
    if (impl_->thread.joinable()) return;
    impl_->cancel = false;
    impl_->thread = std::thread([this] { impl_->loop(); });
}

void SyncScheduler::stop() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->cancel = true;
    }
    impl_->cv.notify_all();
    if (impl_->thread.joinable()) impl_->thread.join();
}

void SyncScheduler::wake() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->woken = true;
    }
    impl_->cv.notify_all();
}

std::optional<std::int64_t> SyncScheduler::run_due(std::int64_t now) {
    return impl_->run_due_impl(now);
}

} // namespace dnsclay::engine
