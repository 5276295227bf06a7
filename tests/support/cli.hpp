#pragma once
// Runs the real dnsclay binary against a private state directory, and reads its --json
// output.
#include "tests/support/process.hpp"

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

} // namespace dnsclay::test
