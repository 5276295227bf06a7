#include "lib/store/config.hpp"
#include "lib/store/private_path.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fmt/core.h>
#include <fstream>
#include <functional>
#include <sstream>
#include <toml++/toml.h>

namespace dnsclay::store {
namespace {

// Returns an error text, or "" if the value is acceptable.
using Check = std::function<std::string(const std::string&)>;

std::string no_check(const std::string&) {
    return "";
}

} // namespace

// "127.0.0.1:53" or "[::1]:53": listeners bind literal addresses, never resolved names.
std::string address_error(const std::string& v) {
    const std::string bad = fmt::format("\"{}\" is not ADDR:PORT (e.g. 127.0.0.1:53, [::1]:53)", v);
    auto colon = v.rfind(':');
    if (colon == std::string::npos) return bad;
    std::string host = v.substr(0, colon), port = v.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != port.npos ||
        std::stoul(port) > 65535)
        return bad;
    unsigned char buf[16];
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        return inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), buf) == 1 ? "" : bad;
    return inet_pton(AF_INET, host.c_str(), buf) == 1 ? "" : bad;
}

namespace {

std::string check_listen(const std::string& v) {
    return address_error(v);
}

std::string check_optional_listen(const std::string& v) {
    return v.empty() ? "" : address_error(v);
}

Check one_of(std::vector<std::string> allowed) {
    return [allowed](const std::string& v) -> std::string {
        for (const auto& a : allowed)
            if (v == a) return "";
        std::string list;
        for (const auto& a : allowed)
            list += (list.empty() ? "" : ", ") + a;
        return fmt::format("\"{}\" is not one of {}", v, list);
    };
}

struct Setting {
    std::string section;
    std::string key;
    // Stores the node's value in the config or returns why it cannot.
    std::function<std::string(Config&, const toml::node&)> apply;
};

template <typename Get> Setting string_setting(std::string s, std::string k, Get get, Check check) {
    return {s, k, [get, check](Config& c, const toml::node& n) -> std::string {
                auto v = n.value_exact<std::string>();
                if (!v) return "expected a string";
                if (auto err = check(*v); !err.empty()) return err;
                get(c) = *v;
                return "";
            }};
}

template <typename Get> Setting list_setting(std::string s, std::string k, Get get, Check check) {
    return {s, k, [get, check](Config& c, const toml::node& n) -> std::string {
                const auto* arr = n.as_array();
                if (!arr) return "expected an array of strings";
                std::vector<std::string> out;
                for (const auto& el : *arr) {
                    auto v = el.value_exact<std::string>();
                    if (!v) return "expected an array of strings";
                    if (auto err = check(*v); !err.empty()) return err;
                    out.push_back(*v);
                }
                get(c) = std::move(out);
                return "";
            }};
}

template <typename Get>
Setting duration_setting(std::string s, std::string k, Get get, Seconds min) {
    return {s, k, [get, min](Config& c, const toml::node& n) -> std::string {
                auto v = n.value_exact<std::string>();
                auto d = v ? parse_duration(*v) : std::nullopt;
                if (!d) return "expected a duration such as \"90s\", \"15m\", \"1h\" or \"24h\"";
                if (*d < min) return fmt::format("must be at least {}", format_duration(min));
                get(c) = *d;
                return "";
            }};
}

template <typename Get>
Setting int_setting(std::string s, std::string k, Get get, long lo, long hi) {
    return {s, k, [get, lo, hi](Config& c, const toml::node& n) -> std::string {
                auto v = n.value_exact<std::int64_t>();
                if (!v || *v < lo || *v > hi)
                    return fmt::format("expected an integer from {} to {}", lo, hi);
                get(c) = static_cast<long>(*v);
                return "";
            }};
}

// A table of provider name = "REQUESTS/DURATION".
template <typename Get> Setting rate_table_setting(std::string s, std::string k, Get get) {
    return {s, k, [get](Config& c, const toml::node& n) -> std::string {
                const auto* table = n.as_table();
                if (!table) return "expected a table such as { cloudflare = \"1200/5m\" }";
                std::map<std::string, http::Rate> out;
                for (const auto& [name, value] : *table) {
                    auto text = value.template value_exact<std::string>();
                    auto rate = text ? http::parse_rate(*text) : std::nullopt;
                    if (!rate)
                        return fmt::format("{}: expected a rate such as \"1200/5m\" or \"10/s\" "
                                           "(\"0/s\": no limit)",
                                           name.str());
                    out[std::string(name.str())] = *rate;
                }
                get(c) = std::move(out);
                return "";
            }};
}

#define DNSCLAY_FIELD(path)                                                                        \
    [](Config & c) -> auto& {                                                                      \
        return c.path;                                                                             \
    }

const std::vector<Setting>& settings() {
    static const std::vector<Setting> all = {
        list_setting("server", "dns", DNSCLAY_FIELD(server.dns), check_listen),
        list_setting("server", "dns_tls", DNSCLAY_FIELD(server.dns_tls), check_listen),
        string_setting("server", "tls_key", DNSCLAY_FIELD(server.tls_key), no_check),
        string_setting("server", "tls_cert", DNSCLAY_FIELD(server.tls_cert), no_check),
        duration_setting("server", "tcp_idle_timeout", DNSCLAY_FIELD(server.tcp_idle_timeout),
                         Seconds(1)),
        int_setting("server", "max_tcp_connections", DNSCLAY_FIELD(server.max_tcp_connections), 1,
                    1'000'000),
        string_setting("log", "level", DNSCLAY_FIELD(log.level),
                       one_of({"trace", "debug", "info", "warn", "error"})),
        string_setting("log", "format", DNSCLAY_FIELD(log.format), one_of({"text", "json"})),
        string_setting("metrics", "address", DNSCLAY_FIELD(metrics.address), check_optional_listen),
        duration_setting("sync", "interval", DNSCLAY_FIELD(sync.interval), Seconds(60)),
        duration_setting("sync", "refresh_interval", DNSCLAY_FIELD(sync.refresh_interval),
                         Seconds(10)),
        duration_setting("sync", "provider_timeout", DNSCLAY_FIELD(sync.provider_timeout),
                         Seconds(1)),
        duration_setting("sync", "authoritative_timeout", DNSCLAY_FIELD(sync.authoritative_timeout),
                         Seconds(1)),
        int_setting("notify", "retries", DNSCLAY_FIELD(notify.retries), 0, 100),
        duration_setting("notify", "retry_interval", DNSCLAY_FIELD(notify.retry_interval),
                         Seconds(1)),
        duration_setting("notify", "timeout", DNSCLAY_FIELD(notify.timeout), Seconds(1)),
        duration_setting("notify", "sync_wait", DNSCLAY_FIELD(notify.sync_wait), Seconds(1)),
        duration_setting("http", "timeout", DNSCLAY_FIELD(http.timeout), Seconds(1)),
        duration_setting("http", "connect_timeout", DNSCLAY_FIELD(http.connect_timeout),
                         Seconds(1)),
        int_setting("http", "retries", DNSCLAY_FIELD(http.retries), 0, 100),
        duration_setting("http", "max_retry_after", DNSCLAY_FIELD(http.max_retry_after),
                         Seconds(0)),
        string_setting("http", "proxy", DNSCLAY_FIELD(http.proxy), no_check),
        string_setting("http", "user_agent", DNSCLAY_FIELD(http.user_agent), no_check),
        string_setting("http", "ca_file", DNSCLAY_FIELD(http.ca_file), no_check),
        rate_table_setting("http", "rate_limits", DNSCLAY_FIELD(http.rate_limits)),
        duration_setting("database", "busy_timeout", DNSCLAY_FIELD(database.busy_timeout),
                         Seconds(1)),
    };
    return all;
}

#undef DNSCLAY_FIELD

std::string where(const std::string& source, const toml::source_region& r) {
    return fmt::format("{}:{}", source, r.begin.line);
}

} // namespace

Config parse_config(std::string_view text, const std::string& source) {
    toml::table root;
    try {
        root = toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        throw ConfigError(fmt::format("{}:{}: {}", source, e.source().begin.line, e.description()));
    }
    Config config;
    for (const auto& [section_key, section_node] : root) {
        std::string section(section_key.str());
        const auto* table = section_node.as_table();
        bool known_section = false;
        for (const auto& s : settings())
            known_section |= s.section == section;
        if (!known_section || !table)
            throw ConfigError(fmt::format("{}: unknown section [{}]",
                                          where(source, section_key.source()), section));
        for (const auto& [key, node] : *table) {
            const Setting* setting = nullptr;
            for (const auto& s : settings())
                if (s.section == section && s.key == key.str()) setting = &s;
            if (!setting)
                throw ConfigError(fmt::format("{}: unknown setting \"{}\" in [{}]",
                                              where(source, key.source()), key.str(), section));
            if (auto err = setting->apply(config, node); !err.empty())
                throw ConfigError(fmt::format("{}: {}.{}: {}", where(source, node.source()),
                                              section, key.str(), err));
        }
    }
    return config;
}

Config load_config(const std::string& path, bool must_exist) {
    if (auto problem = shared_write_problem(path)) throw ConfigError(*problem);
    std::ifstream in(path);
    if (!in) {
        if (!must_exist && errno == ENOENT) return Config{};
        throw ConfigError(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
    }
    std::stringstream ss;
    ss << in.rdbuf();
    return parse_config(ss.str(), path);
}

std::vector<std::string> config_keys() {
    std::vector<std::string> keys;
    for (const auto& s : settings())
        keys.push_back(s.section + "." + s.key);
    return keys;
}

} // namespace dnsclay::store
