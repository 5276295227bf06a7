#pragma once
// config.toml: the settings an operator edits by hand. Every setting has a default (the
// member initializers below, mirrored one for one in config.example.toml); a missing file
// means all defaults. Unknown sections or keys and bad values are errors that name the
// key and the line.
#include "lib/http/rate.hpp"
#include "lib/store/duration.hpp"

#include <map>

#include <stdexcept>
#include <string>
#include <vector>

namespace dnsclay::store {

class ConfigError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct Config {
    struct Server {
        std::vector<std::string> dns = {"127.0.0.1:8053", "[::1]:8053"};
        std::vector<std::string> dns_tls = {};
        std::string tls_key = "server.key"; // relative paths are below the state directory
        std::string tls_cert = "server.crt";
        Seconds tcp_idle_timeout = Seconds(30);
        long max_tcp_connections = 256;
        bool operator==(const Server&) const = default;
    } server;
    struct Log {
        std::string level = "info";  // trace, debug, info, warn, error
        std::string format = "text"; // text, json
        bool operator==(const Log&) const = default;
    } log;
    struct Metrics {
        std::string address = ""; // empty: no metrics endpoint
        bool operator==(const Metrics&) const = default;
    } metrics;
    struct Sync {
        Seconds interval = Seconds(24 * 3600);
        Seconds refresh_interval = Seconds(3600);
        Seconds provider_timeout = Seconds(60);
        // How long the cheap check waits for each of a zone's authoritative servers
        // (zone set --authoritative) to answer its SOA query.
        Seconds authoritative_timeout = Seconds(5);
        bool operator==(const Sync&) const = default;
    } sync;
    struct Notify {
        long retries = 5;
        Seconds retry_interval = Seconds(15); // doubles after each try
        Seconds timeout = Seconds(5);
        // How long `dnsclay sync` waits for the answers before it reports the targets
        // that did not acknowledge and exits (serve keeps retrying in the background).
        Seconds sync_wait = Seconds(5);
        bool operator==(const Notify&) const = default;
    } notify;
    struct Http {
        Seconds timeout = Seconds(30);
        Seconds connect_timeout = Seconds(10);
        long retries = 3;
        Seconds max_retry_after = Seconds(120);
        std::string proxy = ""; // empty: libcurl's usual environment variables
        std::string user_agent = "";
        std::string ca_file = ""; // empty: the system's CA store
        // Requests per account by provider name, replacing the operator's documented
        // limit the provider paces itself to ({requests 0}: no pacing).
        std::map<std::string, http::Rate> rate_limits = {};
        bool operator==(const Http&) const = default;
    } http;
    struct Database {
        Seconds busy_timeout = Seconds(30);
        bool operator==(const Database&) const = default;
    } database;

    bool operator==(const Config&) const = default;
};

// Parses config text; `source` names it in error messages.
Config parse_config(std::string_view text, const std::string& source);

// Reads the file at `path`. A missing file gives the defaults unless `must_exist`
// (an explicit --config must name a file that is there).
Config load_config(const std::string& path, bool must_exist);

// Why `v` is not a literal "ADDR:PORT" (IPv6 in brackets), or "" if it is one.
std::string address_error(const std::string& v);

// "section.key" of every setting, in declaration order (for docs and tests).
std::vector<std::string> config_keys();

} // namespace dnsclay::store
