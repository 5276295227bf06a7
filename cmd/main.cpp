// dnsclay: one binary, one subcommand per job. Global flags may come before or after the
// subcommand.
#include "cmd/cli.hpp"
#include "lib/http/redact.hpp"

#include <cstdio>
#include <exception>
#include <string_view>

int main(int argc, char** argv) {
    using namespace dnsclay::cli;
    CLI::App app{"dnsclay: change DNS records at any DNS operator through DNS UPDATE, AXFR/IXFR "
                 "and NOTIFY"};
    app.require_subcommand(1);
    app.fallthrough();
    GlobalOptions global;
    app.add_option("--state-dir", global.state_dir, "State directory")
        ->envname("DNSCLAY_STATE_DIR");
    app.add_option("--config", global.config,
                   "Path of config.toml (default: STATE_DIR/config.toml)");
    // Provider HTTP exchanges go to stderr from the moment the option is read, before the
    // subcommand runs (serve sends them through its logger instead).
    auto trace_http = [] {
        dnsclay::http::set_trace_sink(
            [](std::string_view text) { std::fwrite(text.data(), 1, text.size(), stderr); });
    };
    app.add_option("--log-level", global.log_level,
                   "trace, debug, info, warn or error (trace: debug plus --trace-http)")
        ->each([trace_http](const std::string& level) {
            if (level == "trace") trace_http();
        });
    app.add_flag("--trace-http", global.trace_http,
                 "Print every provider HTTP request and answer to stderr, secrets redacted")
        ->each([trace_http](const std::string&) { trace_http(); });
    app.add_flag("--json", global.json, "Machine-readable output: one JSON document on stdout");
    app.add_flag("--quiet", global.quiet, "Print only errors");

    int exit_code = kExitOk;
    register_version(app, global, exit_code);
    register_notify_test(app, global, exit_code);
    register_serve(app, global, exit_code);
    register_init(app, global, exit_code);
    register_provider(app, global, exit_code);
    register_zone(app, global, exit_code);
    register_cred(app, global, exit_code);
    register_records(app, global, exit_code);
    register_history(app, global, exit_code);
    register_sync(app, global, exit_code);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? kExitOk : kExitUsage;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dnsclay: %s\n", e.what());
        return kExitError;
    }
    return exit_code;
}
