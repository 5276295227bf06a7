#include "lib/engine/log.hpp"

#include "lib/http/json_text.hpp"

#include <chrono>
#include <cstdio>
#include <fmt/chrono.h>
#include <fmt/core.h>
#include <stdexcept>

namespace dnsclay::engine {
namespace {

std::string_view level_name(LogLevel l) {
    switch (l) {
    case LogLevel::Trace:
        return "trace";
    case LogLevel::Debug:
        return "debug";
    case LogLevel::Info:
        return "info";
    case LogLevel::Warn:
        return "warn";
    case LogLevel::Error:
        return "error";
    }
    return "info";
}

// Text values are quoted when they would otherwise be ambiguous.
std::string text_value(std::string_view s) {
    bool plain = !s.empty() && s.find_first_of(" \"=\t\n") == std::string_view::npos;
    return plain ? std::string(s) : http::json_quote(s);
}

} // namespace

LogLevel log_level_from_string(std::string_view name) {
    for (auto l :
         {LogLevel::Trace, LogLevel::Debug, LogLevel::Info, LogLevel::Warn, LogLevel::Error})
        if (name == level_name(l)) return l;
    throw std::invalid_argument(fmt::format("unknown log level '{}'", name));
}

void Logger::configure(LogLevel level, bool json) {
    level_ = level;
    json_ = json;
}

void Logger::log(LogLevel level, std::string_view message, const LogFields& fields) {
    if (!enabled(level)) return;
    auto now = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
    std::string line;
    if (json_) {
        line = fmt::format("{{\"time\":\"{:%Y-%m-%dT%H:%M:%S}Z\",\"level\":\"{}\",\"msg\":{}", now,
                           level_name(level), http::json_quote(message));
        for (const auto& [k, v] : fields)
            line += fmt::format(",{}:{}", http::json_quote(k), http::json_quote(v));
        line += "}\n";
    } else {
        line = fmt::format("{:%Y-%m-%dT%H:%M:%S}Z {} {}", now, level_name(level), message);
        for (const auto& [k, v] : fields)
            line += fmt::format(" {}={}", k, text_value(v));
        line += "\n";
    }
    write(line);
}

void Logger::write(std::string_view text) {
    std::lock_guard lock(mutex_);
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

} // namespace dnsclay::engine
