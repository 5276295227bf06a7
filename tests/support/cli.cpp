#include "tests/support/cli.hpp"

#include <catch2/catch.hpp>
#include <ctime>
#include <fmt/core.h>

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

std::vector<std::string> history_rows(const Cli& cli, const std::string& name,
                                      const std::string& type, const std::string& zone) {
    auto d = cli.json({"history", zone, "--name", name, "--type", type});
    std::vector<std::string> out;
    for (const auto& h : d["history"].GetArray()) {
        std::string row = fmt::format("{}..", h["since_serial"].GetUint());
        if (!h["until_serial"].IsNull()) row += std::to_string(h["until_serial"].GetUint());
        for (const auto& r : h["records"].GetArray())
            row += std::string(" ") + r["data"].GetString();
        out.push_back(row);
    }
    return out;
}

std::uint32_t zone_serial(const Cli& cli, const std::string& zone) {
    return cli.json({"zone", "show", zone})["zone"]["serial"].GetUint();
}

std::int64_t unix_time(const std::string& text) {
    std::tm tm{};
    const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    INFO("time: " << text);
    REQUIRE(end);
    REQUIRE(*end == '\0');
    return static_cast<std::int64_t>(timegm(&tm));
}

} // namespace dnsclay::test
