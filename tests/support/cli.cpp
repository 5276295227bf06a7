#include "tests/support/cli.hpp"

#include <catch2/catch.hpp>

namespace dnsclay::test {

RunResult Cli::operator()(const std::vector<std::string>& args, const std::string& input,
                          const std::map<std::string, std::string>& env) const {
    std::vector<std::string> argv = {DNSCLAY_BIN, "--state-dir", dir_.path()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, input, std::chrono::seconds(60), env);
}

rapidjson::Document Cli::json(const std::vector<std::string>& args,
                              const std::map<std::string, std::string>& env) const {
    std::vector<std::string> with = {"--json"};
    with.insert(with.end(), args.begin(), args.end());
    auto r = (*this)(with, "", env);
    INFO("stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    return parse_json(r.out);
}

rapidjson::Document parse_json(const std::string& text) {
    rapidjson::Document d;
    d.Parse(text.c_str(), text.size());
    INFO("output: " << text);
    REQUIRE_FALSE(d.HasParseError());
    return d;
}

} // namespace dnsclay::test
