#pragma once
// What every subcommand needs: running its body with errors mapped to exit codes, opening
// the state directory, reading names and times as people write them, and printing JSON.
#include "cmd/cli.hpp"
#include "lib/dns/name.hpp"
#include "lib/store/store.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <stdexcept>
#include <string>
#include <string_view>

namespace dnsclay::cli {

// A failure with a chosen exit code; the message is printed as "dnsclay: MESSAGE".
class CliError : public std::runtime_error {
  public:
    CliError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
    int code() const { return code_; }

  private:
    int code_;
};

// What a failure means for the user: the exit code of the CLI contract (bad input 2, not
// found 3, conflict 4, provider 5, anything else 1) and the message.
struct Failure {
    int code = kExitError;
    std::string message;
};
// The Failure of the exception being handled; call it only inside a catch block.
Failure current_failure();
// Prints "dnsclay: MESSAGE" to stderr as one line.
void print_error(const std::string& message);

// Runs a subcommand. Exceptions become one line on stderr and the exit code of the CLI
// contract: bad input 2, not found 3, conflict 4, provider 5, anything else 1.
void run(int& exit_code, const std::function<void()>& body);

// Opens (creating if needed) the state directory of the global options, with its config.
std::unique_ptr<store::Store> open_store(const GlobalOptions& global);

// A zone name from the command line: absolute, lower case, trailing dot.
std::string zone_name(const std::string& text);
// A credential name from the command line: the TSIG key name as it goes on the wire, lower
// case, without its trailing dot ("gw-tsig" and "gw-tsig." are the same).
std::string credential_name(const std::string& text);
// An owner name relative to `zone` (or absolute with a trailing dot; "@" is the apex).
dns::Name owner_name(const std::string& text, const dns::Name& zone);

// The seconds of a duration flag ("90s", "15m", "1h"); `fallback` when the flag was not
// given. Throws CliError (usage) for a malformed value or one below `minimum`.
std::int64_t duration_flag(const std::string& flag, const std::string& value,
                           store::Seconds fallback, store::Seconds minimum);

// "2026-11-26T10:50:07Z".
std::string format_time(std::int64_t unix_seconds);
// RFC 3339 ("2026-11-26T10:50:07Z", "...+01:00"), a date ("2026-11-26", midnight UTC), or a
// duration meaning that long ago ("90m", "2d"). nullopt otherwise.
std::optional<std::int64_t> parse_time(std::string_view text, std::int64_t now);

// True if fd is a terminal.
bool is_terminal(int fd);
// Colors for terminals that want them (stdout a terminal and NO_COLOR unset).
bool use_color();
// Asks a yes/no question on the terminal; false unless the answer starts with y. Throws
// CliError (usage) if there is no terminal to ask on.
bool confirm(const std::string& question);

// Prints a line to stdout unless --quiet.
void say(const GlobalOptions& global, const std::string& line);

// Builds one JSON document and prints it on stdout.
class Json {
  public:
    Json& begin_object();
    Json& end_object();
    Json& begin_array();
    Json& end_array();
    Json& key(std::string_view k);
    Json& value(std::string_view v);
    Json& value(const char* v) { return value(std::string_view(v)); }
    Json& value(const std::string& v) { return value(std::string_view(v)); }
    Json& value(std::int64_t v);
    Json& value(std::uint32_t v) { return value(std::int64_t{v}); }
    Json& value(int v) { return value(std::int64_t{v}); }
    Json& value(bool v);
    Json& null();
    template <typename T> Json& value(const std::optional<T>& v) { return v ? value(*v) : null(); }
    template <typename T> Json& field(std::string_view k, const T& v) { return key(k).value(v); }
    // A time as RFC 3339 text, null if absent.
    Json& time(std::string_view k, std::optional<std::int64_t> t);
    void print();

  private:
    rapidjson::StringBuffer buf_;
    rapidjson::Writer<rapidjson::StringBuffer> w_{buf_};
};

} // namespace dnsclay::cli
