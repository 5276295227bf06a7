#include "cmd/common.hpp"

#include "lib/dns/error.hpp"
#include "lib/store/accounts.hpp"
#include "lib/store/duration.hpp"
#include "lib/zone/errors.hpp"
#include "providers/provider.hpp"

#include <cstdio>
#include <ctime>
#include <fcntl.h>
#include <fmt/core.h>
#include <iostream>
#include <unistd.h>

namespace dnsclay::cli {

Failure current_failure() {
    try {
        throw;
    } catch (const CliError& e) {
        return {e.code(), e.what()};
    } catch (const zone::InvalidInput& e) {
        return {kExitUsage, e.what()};
    } catch (const dns::TextError& e) {
        return {kExitUsage, e.what()};
    } catch (const zone::NotFound& e) {
        return {kExitNotFound, e.what()};
    } catch (const zone::Conflict& e) {
        return {kExitConflict, e.what()};
    } catch (const providers::ProviderError& e) {
        return {kExitProvider, e.what()};
    } catch (const store::ResolveError& e) {
        return {kExitError,
                std::string(e.what()) + " (fix the reference or the field with zone remove/add)"};
    } catch (const std::exception& e) {
        return {kExitError, e.what()};
    }
}

void print_error(const std::string& message) {
    std::string one = message;
    for (auto& c : one)
        if (c == '\n' || c == '\r') c = ' ';
    std::fprintf(stderr, "dnsclay: %s\n", one.c_str());
}

void run(int& exit_code, const std::function<void()>& body) {
    try {
        body();
        exit_code = kExitOk;
    } catch (const std::exception&) {
        auto failure = current_failure();
        exit_code = failure.code;
        print_error(failure.message);
    }
}

std::unique_ptr<store::Store> open_store(const GlobalOptions& global) {
    std::string dir = store::resolve_state_dir(global.state_dir);
    bool explicit_config = !global.config.empty();
    auto config =
        store::load_config(explicit_config ? global.config : dir + "/config.toml", explicit_config);
    return std::make_unique<store::Store>(dir, config);
}

std::string zone_name(const std::string& text) {
    if (text.empty()) throw CliError(kExitUsage, "a zone name cannot be empty");
    auto name = dns::Name::parse(text.back() == '.' ? text : text + ".");
    if (name.is_root()) throw CliError(kExitUsage, "the root zone cannot be managed");
    return name.canonical().to_string();
}

std::string credential_name(const std::string& text) {
    if (text.empty()) throw CliError(kExitUsage, "a credential name cannot be empty");
    auto name = dns::Name::parse(text.back() == '.' ? text : text + ".");
    if (name.is_root()) throw CliError(kExitUsage, "a credential name cannot be the root");
    auto s = name.canonical().to_string();
    s.pop_back();
    return s;
}

dns::Name owner_name(const std::string& text, const dns::Name& zone) {
    if (text.empty())
        throw CliError(kExitUsage, "a record name cannot be empty (use @ for the apex)");
    auto name = dns::Name::parse(text, zone);
    if (!name.is_subdomain_of(zone))
        throw CliError(kExitUsage,
                       fmt::format("{} is not in zone {}", name.to_string(), zone.to_string()));
    return name;
}

std::int64_t duration_flag(const std::string& flag, const std::string& value,
                           store::Seconds fallback, store::Seconds minimum) {
    if (value.empty()) return fallback.count();
    auto d = store::parse_duration(value);
    if (!d)
        throw CliError(kExitUsage, fmt::format("{} \"{}\" is not a duration such as 90s, 15m, 1h "
                                               "or 24h",
                                               flag, value));
    if (*d < minimum)
        throw CliError(kExitUsage, fmt::format("{} must be at least {}", flag,
                                               store::format_duration(minimum)));
    return d->count();
}

std::string format_time(std::int64_t t) {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::optional<std::int64_t> parse_time(std::string_view text, std::int64_t now) {
    if (auto d = store::parse_duration(text)) return now - d->count();
    std::string s(text);
    std::tm tm{};
    const char* rest = strptime(s.c_str(), "%Y-%m-%d", &tm);
    if (!rest) return std::nullopt;
    std::int64_t offset = 0;
    if (*rest == 'T' || *rest == 't' || *rest == ' ') {
        rest = strptime(rest + 1, "%H:%M:%S", &tm);
        if (!rest) return std::nullopt;
        if (*rest == 'Z' || *rest == 'z') {
            ++rest;
        } else if (*rest == '+' || *rest == '-') {
            int h = 0, m = 0, n = 0;
            if (std::sscanf(rest + 1, "%2d:%2d%n", &h, &m, &n) != 2 || n != 5) return std::nullopt;
            offset = (*rest == '+' ? 1 : -1) * (h * 3600 + m * 60);
            rest += 6;
        } else {
            return std::nullopt;
        }
    }
    if (*rest != '\0') return std::nullopt;
    return static_cast<std::int64_t>(timegm(&tm)) - offset;
}

bool is_terminal(int fd) {
    return isatty(fd) == 1;
}

bool use_color() {
    return is_terminal(STDOUT_FILENO) && !std::getenv("NO_COLOR");
}

bool confirm(const std::string& question) {
    // Ask on the terminal itself, since stdin may be the zone file (--file -); but only
    // when stderr is that terminal, so a script never hangs on a question it cannot see.
    int fd = is_terminal(STDERR_FILENO) ? ::open("/dev/tty", O_RDWR | O_CLOEXEC) : -1;
    if (fd < 0)
        throw CliError(kExitUsage,
                       "no terminal to ask for confirmation on; pass --yes to go ahead");
    std::string prompt = question + " [y/N] ";
    if (::write(fd, prompt.data(), prompt.size()) < 0) {
        ::close(fd);
        throw CliError(kExitError, "cannot write to the terminal");
    }
    char c = 0;
    bool yes = ::read(fd, &c, 1) == 1 && (c == 'y' || c == 'Y');
    while (c != '\n' && ::read(fd, &c, 1) == 1) {
    }
    ::close(fd);
    return yes;
}

void say(const GlobalOptions& global, const std::string& line) {
    if (!global.quiet) fmt::print("{}\n", line);
}

Json& Json::begin_object() {
    w_.StartObject();
    return *this;
}
Json& Json::end_object() {
    w_.EndObject();
    return *this;
}
Json& Json::begin_array() {
    w_.StartArray();
    return *this;
}
Json& Json::end_array() {
    w_.EndArray();
    return *this;
}
Json& Json::key(std::string_view k) {
    w_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()), true);
    return *this;
}
Json& Json::value(std::string_view v) {
    w_.String(v.data(), static_cast<rapidjson::SizeType>(v.size()), true);
    return *this;
}
Json& Json::value(std::int64_t v) {
    w_.Int64(v);
    return *this;
}
Json& Json::value(bool v) {
    w_.Bool(v);
    return *this;
}
Json& Json::null() {
    w_.Null();
    return *this;
}
Json& Json::time(std::string_view k, std::optional<std::int64_t> t) {
    key(k);
    return t ? value(format_time(*t)) : null();
}
void Json::print() {
    std::fwrite(buf_.GetString(), 1, buf_.GetSize(), stdout);
    std::fputc('\n', stdout);
}

} // namespace dnsclay::cli
