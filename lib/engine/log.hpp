#pragma once
// Structured logs on stderr: one line per event, as "key=value" text or as a JSON object,
// at a level chosen in config.toml (and changed on reload).
#include <atomic>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dnsclay::engine {

// Trace: Debug plus the HTTP exchanges with providers (secrets redacted).
enum class LogLevel { Trace, Debug, Info, Warn, Error };

// Throws std::invalid_argument for a name other than trace, debug, info, warn, error.
LogLevel log_level_from_string(std::string_view name);

using LogFields = std::vector<std::pair<std::string_view, std::string>>;

class Logger {
  public:
    void configure(LogLevel level, bool json);
    bool enabled(LogLevel level) const { return level >= level_.load(); }
    void log(LogLevel level, std::string_view message, const LogFields& fields = {});
    // Writes text as it is (the --trace output).
    void write(std::string_view text);

  private:
    std::atomic<LogLevel> level_ = LogLevel::Info;
    std::atomic<bool> json_ = false;
    std::mutex mutex_;
};

} // namespace dnsclay::engine
