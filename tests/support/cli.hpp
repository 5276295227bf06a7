#pragma once
// Runs the real dnsclay binary against a private state directory, and reads its --json
// output.
#include "tests/support/process.hpp"

#include <cstdint>
#include <initializer_list>
#include <map>
#include <rapidjson/document.h>
#include <string>
#include <vector>

namespace dnsclay::test {

class Cli {
  public:
    Cli() = default;
    const std::string& state_dir() const { return dir_.path(); }
    std::string path(const std::string& name) const { return dir_ / name; }

    // dnsclay --state-dir DIR ARGS..., with `input` on stdin and extra environment.
    RunResult operator()(const std::vector<std::string>& args, const std::string& input = "",
                         const std::map<std::string, std::string>& env = {}) const;
    // The same with --json; fails the test unless it exits 0 with one JSON document.
    rapidjson::Document json(const std::vector<std::string>& args,
                             const std::map<std::string, std::string>& env = {}) const;

  private:
    TempDir dir_;
};

// Parses a JSON document, failing the test if it is not one.
rapidjson::Document parse_json(const std::string& text);

// The `history --json` versions of one rrset, each as "SINCE..UNTIL DATA DATA" (UNTIL empty
// while current), oldest first.
std::vector<std::string> history_rows(const Cli& cli, const std::string& name,
                                      const std::string& type,
                                      const std::string& zone = "example.test");
// The zone's serial, as `zone show` says.
std::uint32_t zone_serial(const Cli& cli, const std::string& zone = "example.test");
// A time as `--json` prints it ("2026-11-26T10:50:07Z"), in Unix seconds.
std::int64_t unix_time(const std::string& text);

} // namespace dnsclay::test
