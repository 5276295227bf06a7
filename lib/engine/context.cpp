#include "lib/engine/context.hpp"

#include "dnsclay/version.hpp"

#include <unistd.h>

namespace dnsclay::engine {
namespace {

std::string host_name() {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0) return "dnsclay";
    return buf;
}

// Creates the directory and migrates state.db before any other connection opens it.
const std::string& prepared(const std::string& dir, const store::Config& config) {
    store::Store migrate(dir, config);
    return dir;
}

} // namespace

Context::Context(std::string state_dir, const store::Config& config)
    : state_dir_(std::move(state_dir)), config_(config),
      catalog_(prepared(state_dir_, config) + "/state.db", config.database.busy_timeout) {
    version_text = std::string("dnsclay ") + kVersion;
    server_id = host_name();
    Notifier::Options notifier_options;
    notifier_options.log = &log_;
    notifier_ = std::make_unique<Notifier>(state_dir_, config, notifier_options);
    auto changed = [this](const std::string& zone) { notifier_->zone_changed(zone); };
    updates_ = std::make_unique<UpdateEngine>(state_dir_, config, changed);
    auto logged = [this](const SyncEvent& e) { log_sync_event(log_, e); };
    notify_receiver_ =
        std::make_unique<NotifyReceiver>(state_dir_, config, SyncReport{changed, logged});
}

Context::~Context() = default;

store::Config Context::config() const {
    std::lock_guard lock(config_mutex_);
    return config_;
}

void Context::set_config(const store::Config& config) {
    std::lock_guard lock(config_mutex_);
    config_ = config;
}

store::Store& Context::store() {
    // Keyed by directory: a test process may run several servers.
    thread_local std::map<std::string, std::unique_ptr<store::Store>> stores;
    auto& s = stores[state_dir_];
    if (!s) s = std::make_unique<store::Store>(state_dir_, config());
    return *s;
}

} // namespace dnsclay::engine
