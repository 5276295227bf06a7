#pragma once
// What every request handler shares: the state directory, the catalog of zones and
// credentials, one SQLite connection per worker thread, the UPDATE engine, the NOTIFY
// sender and receiver, and the log.
#include "lib/engine/catalog.hpp"
#include "lib/engine/log.hpp"
#include "lib/engine/metrics.hpp"
#include "lib/engine/notify.hpp"
#include "lib/engine/update.hpp"
#include "lib/store/config.hpp"
#include "lib/store/store.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace dnsclay::engine {

class Context {
  public:
    // Opens (and migrates) state.db in `state_dir`.
    Context(std::string state_dir, const store::Config& config);
    ~Context();
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

    const std::string& state_dir() const { return state_dir_; }
    // The config as of the last (re)load.
    store::Config config() const;
    void set_config(const store::Config& config);

    Catalog& catalog() { return catalog_; }
    // This thread's connection to state.db (SQLite connections are not shared between
    // threads), opened on first use.
    store::Store& store();
    UpdateEngine& updates() { return *updates_; }
    NotifyReceiver& notify_receiver() { return *notify_receiver_; }
    // Sends NOTIFY after every change of a zone, by any process; serve starts it.
    Notifier& notifier() { return *notifier_; }
    Logger& log() { return log_; }
    Metrics& metrics() { return metrics_; }

    bool trace = false;       // print requests and answers (dnsclay serve --trace)
    std::string version_text; // the CHAOS version.bind answer
    std::string server_id;    // the CHAOS id.server answer (the host name)

  private:
    std::string state_dir_;
    mutable std::mutex config_mutex_;
    store::Config config_;
    Catalog catalog_;
    // Before the parts whose threads log to it: it is destroyed after they have stopped.
    Logger log_;
    std::unique_ptr<Notifier> notifier_;
    std::unique_ptr<UpdateEngine> updates_;
    std::unique_ptr<NotifyReceiver> notify_receiver_;
    Metrics metrics_;
};

} // namespace dnsclay::engine
