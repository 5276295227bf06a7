// `dnsclay version`: our version and those of the libraries linked in, for bug reports.
#include "cmd/cli.hpp"

#include "dnsclay/version.hpp"

#include <curl/curl.h>
#include <fmt/core.h>
#include <openssl/crypto.h>
#include <sqlite3.h>
#include <toml++/toml.h>

namespace dnsclay::cli {

void register_version(CLI::App& app, const GlobalOptions& global, int& exit_code) {
    auto* cmd = app.add_subcommand("version", "Print the version of dnsclay and its libraries");
    cmd->callback([&global, &exit_code] {
        const auto* curl = curl_version_info(CURLVERSION_NOW);
        std::string toml = fmt::format("{}.{}.{}", TOML_LIB_MAJOR, TOML_LIB_MINOR, TOML_LIB_PATCH);
        std::string fmtv = fmt::format("{}.{}.{}", FMT_VERSION / 10000, FMT_VERSION / 100 % 100,
                                       FMT_VERSION % 100);
        if (global.json) {
            fmt::print(
                "{{\"version\":\"{}\",\"libraries\":{{\"openssl\":\"{}\",\"sqlite\":\"{}\","
                "\"curl\":\"{}\",\"tomlplusplus\":\"{}\",\"cli11\":\"{}\",\"fmt\":\"{}\"}}}}\n",
                kVersion, OpenSSL_version(OPENSSL_VERSION_STRING), sqlite3_libversion(),
                curl->version, toml, CLI11_VERSION, fmtv);
        } else {
            fmt::print("dnsclay {}\n", kVersion);
            fmt::print(
                "  OpenSSL {}\n  SQLite {}\n  libcurl {}\n  toml++ {}\n  CLI11 {}\n  fmt {}\n",
                OpenSSL_version(OPENSSL_VERSION_STRING), sqlite3_libversion(), curl->version, toml,
                CLI11_VERSION, fmtv);
        }
        exit_code = kExitOk;
    });
}

} // namespace dnsclay::cli
