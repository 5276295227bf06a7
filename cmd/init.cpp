// `dnsclay init`: create the state directory and state.db (any command that needs them
// does so too; init makes it explicit and reports where they are).
#include "cmd/common.hpp"
#include "lib/store/schema.hpp"

#include <fmt/core.h>
#include <sys/stat.h>

namespace dnsclay::cli {

void register_init(CLI::App& app, const GlobalOptions& global, int& exit_code) {
    auto* cmd = app.add_subcommand(
        "init", "Create the state directory (mode 0700) and state.db (mode 0600) if missing");
    cmd->callback([&global, &exit_code] {
        run(exit_code, [&] {
            std::string dir = store::resolve_state_dir(global.state_dir);
            struct stat st {};
            bool existed = ::stat((dir + "/state.db").c_str(), &st) == 0;
            auto s = open_store(global);
            if (global.json) {
                Json j;
                j.begin_object()
                    .field("state_dir", s->dir())
                    .field("database", s->dir() + "/state.db")
                    .field("schema_version", store::schema_version())
                    .field("created", !existed)
                    .end_object()
                    .print();
                return;
            }
            say(global, fmt::format("{} state directory {} (schema version {})",
                                    existed ? "Using existing" : "Created", s->dir(),
                                    store::schema_version()));
        });
    });
}

} // namespace dnsclay::cli
