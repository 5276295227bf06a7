#include "lib/store/config.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <set>

using namespace dnsclay::store;

TEST_CASE("config.example.toml parses, sets every setting, and says the defaults", "[config]") {
    auto text = dnsclay::test::read_file(std::string(DNSCLAY_SOURCE_DIR) + "/config.example.toml");
    CHECK(parse_config(text, "config.example.toml") == Config{});
    // Every setting appears uncommented at the start of a line in its section.
    std::string section;
    std::set<std::string> seen;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        std::string line = text.substr(pos, end - pos);
        pos = end == std::string::npos ? text.size() : end + 1;
        if (line.starts_with("["))
            section = line.substr(1, line.find(']') - 1);
        else if (!line.empty() && line[0] != '#')
            seen.insert(section + "." + line.substr(0, line.find(' ')));
    }
    auto keys = config_keys();
    CHECK(seen == std::set<std::string>(keys.begin(), keys.end()));
}

TEST_CASE("config values override the defaults", "[config]") {
    auto c = parse_config("[sync]\ninterval = \"1h30m\"\n[server]\ndns = [\"[::1]:53\"]\n"
                          "[notify]\nretries = 0\n[log]\nformat = \"json\"\n",
                          "t.toml");
    CHECK(c.sync.interval == std::chrono::seconds(5400));
    CHECK(c.server.dns == std::vector<std::string>{"[::1]:53"});
    CHECK(c.notify.retries == 0);
    CHECK(c.log.format == "json");
    CHECK(c.http.timeout == std::chrono::seconds(30));
}

TEST_CASE("config errors name the file, line and key", "[config]") {
    auto message = [](const std::string& text) {
        try {
            parse_config(text, "c.toml");
        } catch (const ConfigError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(message("[log]\nlevel = \"info\"\nnope = 1\n") ==
          "c.toml:3: unknown setting \"nope\" in [log]");
    CHECK(message("\n[bogus]\n") == "c.toml:2: unknown section [bogus]");
    CHECK_THAT(message("[log]\n\nlevel = \"loud\"\n"),
               Catch::StartsWith("c.toml:3: log.level: \"loud\" is not one of trace, debug, info"));
    CHECK_THAT(message("[sync]\ninterval = 5\n"),
               Catch::StartsWith("c.toml:2: sync.interval: expected a duration"));
    CHECK_THAT(message("[sync]\ninterval = \"5s\"\n"),
               Catch::StartsWith("c.toml:2: sync.interval: must be at least 1m"));
    CHECK_THAT(message("[server]\ndns = [\"localhost:53\"]\n"),
               Catch::StartsWith("c.toml:2: server.dns: \"localhost:53\" is not ADDR:PORT"));
    CHECK_THAT(message("[server]\ndns = [\"127.0.0.1:65536\"]\n"),
               Catch::Contains("is not ADDR:PORT"));
    CHECK_THAT(message("[notify]\nretries = -1\n"), Catch::StartsWith("c.toml:2: notify.retries"));
    CHECK_THAT(message("[log\n"), Catch::StartsWith("c.toml:1: "));
}

TEST_CASE("a missing config file means defaults unless it was asked for", "[config]") {
    dnsclay::test::TempDir dir;
    CHECK(load_config(dir / "none.toml", false) == Config{});
    CHECK_THROWS_AS(load_config(dir / "none.toml", true), ConfigError);
}

TEST_CASE("durations", "[config]") {
    CHECK(parse_duration("90s") == std::chrono::seconds(90));
    CHECK(parse_duration("1d2h3m4s") == std::chrono::seconds(93784));
    for (const char* bad : {"", "s", "10", "10x", "-5s", "1.5h", "99999999999999s"})
        CHECK_FALSE(parse_duration(bad).has_value());
    for (long s : {0L, 59L, 3600L, 5400L, 86400L + 61})
        CHECK(parse_duration(format_duration(std::chrono::seconds(s))) == std::chrono::seconds(s));
    CHECK(format_duration(std::chrono::seconds(5400)) == "1h30m");
}
