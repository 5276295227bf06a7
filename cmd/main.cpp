// dnsclay: one binary, one subcommand per job. Global flags may come before or after the
// subcommand.
#include "cmd/cli.hpp"

#include <cstdio>
#include <exception>

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
    app.add_option("--log-level", global.log_level, "debug, info, warn or error");
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
