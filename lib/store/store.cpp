#include "lib/store/store.hpp"

#include "lib/store/private_path.hpp"
#include "lib/store/schema.hpp"

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dnsclay::store {

std::string resolve_state_dir(const std::string& flag) {
    if (!flag.empty()) return flag;
    if (const char* env = std::getenv("DNSCLAY_STATE_DIR"); env && *env) return env;
    if (geteuid() == 0) return "/var/lib/dnsclay";
    if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg)
        return std::string(xdg) + "/dnsclay";
    const char* home = std::getenv("HOME");
    if (!home || !*home)
        throw StoreError("cannot find a state directory: HOME is not set; use --state-dir");
    return std::string(home) + "/.local/state/dnsclay";
}

void ensure_dir(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        if (!S_ISDIR(st.st_mode)) throw StoreError(fmt::format("{} is not a directory", path));
        return;
    }
    // Parents are ordinary directories (like mkdir -p); only the state directory itself
    // holds secrets and gets 0700.
    if (auto slash = path.find_last_of('/'); slash != std::string::npos && slash > 0) {
        std::string parent = path.substr(0, slash);
        if (::stat(parent.c_str(), &st) != 0) {
            ensure_dir(parent);
            ::chmod(parent.c_str(), 0755);
        }
    }
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST)
        throw StoreError(fmt::format("cannot create {}: {}", path, std::strerror(errno)));
}

std::int64_t now_unix() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Store::Store(const std::string& dir, const Config& config) : dir_(dir), config_(config) {
    ensure_dir(dir_);
    for (const auto& path : {dir_, dir_ + "/state.db"})
        if (auto problem = shared_write_problem(path)) throw StoreError(*problem);
    db_ = std::make_unique<Db>(dir_ + "/state.db", config_.database.busy_timeout);
    migrate(*db_);
}

} // namespace dnsclay::store
