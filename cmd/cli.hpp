#pragma once
// Shared pieces of the command-line front end: the global options every subcommand sees,
// the exit codes of the CLI contract, and one registration function per subcommand group.
#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace dnsclay::cli {

// Exit codes (DESIGN.md, CLI contract).
enum ExitCode : int {
    kExitOk = 0,
    kExitError = 1,
    kExitUsage = 2,
    kExitNotFound = 3,
    kExitConflict = 4,
    kExitProvider = 5,
};

struct GlobalOptions {
    std::string state_dir;
    std::string config;
    std::string log_level;
    bool trace_http = false;
    bool json = false;
    bool quiet = false;
};

// Each group adds its subcommands to `app`. A subcommand's callback stores its exit code
// in `exit_code`.
void register_version(CLI::App& app, const GlobalOptions& global, int& exit_code);
void register_notify_test(CLI::App& app, const GlobalOptions& global, int& exit_code);
void register_serve(CLI::App& app, const GlobalOptions& global, int& exit_code);
void register_init(CLI::App& app, const GlobalOptions& global, int& exit_code);
void register_provider(CLI::App& app, const GlobalOptions& global, int& exit_code);
void register_zone(CLI::App& app, const GlobalOptions& global, int& exit_code);
void register_cred(CLI::App& app, const GlobalOptions& global, int& exit_code);
void register_records(CLI::App& app, const GlobalOptions& global, int& exit_code);
void register_history(CLI::App& app, const GlobalOptions& global, int& exit_code);
void register_sync(CLI::App& app, const GlobalOptions& global, int& exit_code);

} // namespace dnsclay::cli
