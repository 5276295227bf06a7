#include "lib/store/private_path.hpp"

#include <fmt/core.h>
#include <sys/stat.h>

namespace dnsclay::store {

std::optional<std::string> shared_write_problem(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    if ((st.st_mode & (S_IWGRP | S_IWOTH)) == 0) return std::nullopt;
    return fmt::format("{} is writable by {} (mode {:04o}), so others could change its keys "
                       "and zones; refusing to use it (fix with: chmod go-w {})",
                       path, (st.st_mode & S_IWOTH) ? "everyone" : "its group", st.st_mode & 07777,
                       path);
}

} // namespace dnsclay::store
