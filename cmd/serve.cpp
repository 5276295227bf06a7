// `dnsclay serve`: the DNS gateway. `dnsclay tls-pin`: the pin of its DNS-over-TLS key.
//
// Signals: SIGTERM (and SIGINT) stop accepting, let requests in flight finish (an UPDATE
// being applied completes and is answered), and exit 0. SIGHUP reloads config.toml: log
// settings, limits, listen addresses and the metrics address (those not fixed by --dns,
// --dns-tls and --metrics flags).
#include "cmd/cli.hpp"
#include "lib/engine/context.hpp"
#include "lib/engine/metrics.hpp"
#include "lib/engine/sync_scheduler.hpp"
#include "lib/engine/tls_pin.hpp"
#include "lib/http/redact.hpp"
#include "lib/server/metrics_http.hpp"
#include "lib/server/server.hpp"
#include "lib/server/tls_context.hpp"
#include "lib/server/tls_identity.hpp"
#include "lib/store/store.hpp"

#include <csignal>
#include <fmt/core.h>
#include <pthread.h>
#include <thread>

namespace dnsclay::cli {
namespace {

struct ServeOptions {
    std::vector<std::string> dns;
    std::vector<std::string> dns_tls;
    std::string metrics;
    bool trace = false;
};

std::string state_path(const std::string& dir, const std::string& path) {
    return !path.empty() && path.front() == '/' ? path : dir + "/" + path;
}

store::Config load(const GlobalOptions& global, const std::string& dir) {
    bool explicit_config = !global.config.empty();
    return store::load_config(explicit_config ? global.config : dir + "/config.toml",
                              explicit_config);
}

server::TlsIdentity identity(const std::string& dir, const store::Config& config) {
    store::ensure_dir(dir);
    return server::load_or_create_identity(state_path(dir, config.server.tls_key),
                                           state_path(dir, config.server.tls_cert));
}

void apply_settings(const GlobalOptions& global, const store::Config& config, engine::Context& ctx,
                    server::Server& srv) {
    auto level = engine::log_level_from_string(global.log_level.empty() ? config.log.level
                                                                        : global.log_level);
    ctx.log().configure(level, config.log.format == "json");
    // Provider HTTP exchanges (secrets redacted) through the logger, so they interleave
    // with its lines; a reload can turn them on or off.
    if (global.trace_http || level == engine::LogLevel::Trace)
        http::set_trace_sink([&ctx](std::string_view text) { ctx.log().write(text); });
    else
        http::set_trace_sink(nullptr);
    server::Limits limits;
    limits.idle_timeout = config.server.tcp_idle_timeout;
    limits.max_connections = static_cast<std::size_t>(config.server.max_tcp_connections);
    srv.set_limits(limits);
}

void listen(const ServeOptions& opts, const store::Config& config, server::Server& srv) {
    // Flags replace the config's addresses; --dns-tls alone keeps plain DNS as configured.
    srv.listen(opts.dns.empty() ? config.server.dns : opts.dns,
               opts.dns_tls.empty() ? config.server.dns_tls : opts.dns_tls);
}

// The metrics endpoint, moved when a reload changes its address.
class Metrics {
  public:
    // Serves on `address` (none if empty) from now on; throws if it cannot bind, keeping the
    // endpoint it had.
    void listen(const std::string& address, engine::Context& ctx) {
        if (address == address_) return;
        std::unique_ptr<server::MetricsEndpoint> next;
        if (!address.empty())
            next = std::make_unique<server::MetricsEndpoint>(
                address, [&ctx] { return engine::metrics_text(ctx); });
        endpoint_ = std::move(next);
        address_ = address;
        if (address.empty())
            ctx.log().log(engine::LogLevel::Info, "metrics off");
        else
            ctx.log().log(engine::LogLevel::Info, "metrics", {{"on", address}});
    }

  private:
    std::string address_;
    std::unique_ptr<server::MetricsEndpoint> endpoint_;
};

int serve(const GlobalOptions& global, const ServeOptions& opts) {
    // Signals are taken by sigwait below, so every thread started from here blocks them.
    sigset_t signals;
    sigemptyset(&signals);
    for (int s : {SIGTERM, SIGINT, SIGHUP})
        sigaddset(&signals, s);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    std::string dir = store::resolve_state_dir(global.state_dir);
    auto config = load(global, dir);
    auto id = identity(dir, config);
    engine::Context ctx(dir, config);
    ctx.trace = opts.trace;
    server::Server srv(ctx, {});
    apply_settings(global, config, ctx, srv);
    srv.set_tls_context(server::make_tls_context(id));
    listen(opts, config, srv);
    srv.start();
    ctx.notifier().start();
    engine::SyncScheduler::Options sync_options;
    sync_options.on_change = [&ctx](const std::string& zone) { ctx.notifier().zone_changed(zone); };
    sync_options.on_event = [&ctx](const engine::SyncEvent& e) {
        engine::log_sync_event(ctx.log(), e);
    };
    engine::SyncScheduler scheduler(dir, config, sync_options);
    scheduler.start();
    Metrics metrics;
    metrics.listen(opts.metrics.empty() ? config.metrics.address : opts.metrics, ctx);

    ctx.log().log(engine::LogLevel::Info,
                  id.created ? "created a DNS-over-TLS key" : "loaded the DNS-over-TLS key",
                  {{"key", id.key_path}, {"pin", engine::pin_to_base64(id.pin)}});
    for (const auto& a : srv.addresses())
        ctx.log().log(engine::LogLevel::Info, "listening", {{"on", a}});
    ctx.log().log(engine::LogLevel::Info, "serving", {{"state_dir", dir}});

    for (;;) {
        int sig = 0;
        if (sigwait(&signals, &sig) != 0) continue;
        if (sig == SIGHUP) {
            try {
                config = load(global, dir);
                ctx.set_config(config);
                apply_settings(global, config, ctx, srv);
                listen(opts, config, srv);
                if (opts.metrics.empty()) metrics.listen(config.metrics.address, ctx);
                ctx.log().log(engine::LogLevel::Info, "reloaded the configuration");
            } catch (const std::exception& e) {
                ctx.log().log(engine::LogLevel::Error, "reload failed, keeping the settings",
                              {{"error", e.what()}});
            }
            continue;
        }
        ctx.log().log(engine::LogLevel::Info, "stopping: finishing requests in flight");
        srv.stop(std::chrono::seconds(30));
        scheduler.stop();
        ctx.notifier().stop();
        ctx.log().log(engine::LogLevel::Info, "stopped");
        http::set_trace_sink(nullptr); // it writes through ctx, which ends here
        return kExitOk;
    }
}

// Runs a command body, printing an exception as one line and turning it into exit code 1.
void guarded(int& exit_code, const std::function<int()>& body) {
    try {
        exit_code = body();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dnsclay: %s\n", e.what());
        exit_code = kExitError;
    }
}

} // namespace

void register_serve(CLI::App& app, const GlobalOptions& global, int& exit_code) {
    auto opts = std::make_shared<ServeOptions>();
    auto* cmd = app.add_subcommand(
        "serve", "Run the DNS gateway: UPDATE, AXFR/IXFR, SOA queries and NOTIFY over UDP, TCP "
                 "and DNS-over-TLS. SIGTERM stops it gracefully, SIGHUP reloads config.toml");
    cmd->add_option("--dns", opts->dns,
                    "Address to serve plain DNS on, UDP and TCP (ADDR:PORT, IPv6 as [ADDR]:PORT; "
                    "repeatable). Replaces server.dns of config.toml (default 127.0.0.1:8053 "
                    "and [::1]:8053)")
        ->type_name("ADDR:PORT");
    cmd->add_option("--dns-tls", opts->dns_tls,
                    "Address to serve DNS-over-TLS on (RFC 7858, ALPN dot; repeatable). "
                    "Replaces server.dns_tls of config.toml (default: none)")
        ->type_name("ADDR:PORT");
    cmd->add_option("--metrics", opts->metrics,
                    "Address of the Prometheus metrics endpoint, GET /metrics. Replaces "
                    "metrics.address of config.toml (default: none)")
        ->type_name("ADDR:PORT");
    cmd->add_flag("--trace", opts->trace,
                  "Print every request and answer to stderr, in dig-like text");
    cmd->callback(
        [&global, &exit_code, opts] { guarded(exit_code, [&] { return serve(global, *opts); }); });

    auto* pin = app.add_subcommand(
        "tls-pin", "Print the SPKI SHA-256 pin (base64) of the DNS-over-TLS key, for kdig "
                   "+tls-pin=PIN; creates server.key and server.crt in the state directory if "
                   "they are missing");
    pin->callback([&global, &exit_code] {
        guarded(exit_code, [&] {
            std::string dir = store::resolve_state_dir(global.state_dir);
            auto id = identity(dir, load(global, dir));
            std::string b64 = engine::pin_to_base64(id.pin);
            if (global.json)
                fmt::print("{{\"pin\":\"{}\",\"key\":\"{}\",\"certificate\":\"{}\"}}\n", b64,
                           id.key_path, id.cert_path);
            else
                fmt::print("{}\n", b64);
            return int{kExitOk};
        });
    });
}

} // namespace dnsclay::cli
