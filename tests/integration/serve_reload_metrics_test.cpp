// `dnsclay serve` reloads config.toml on SIGHUP (log level and format, the metrics address)
// and serves Prometheus text on its metrics endpoint, with request counters that count.
#include "tests/integration/serve_fixture.hpp"
#include "tests/support/http_get.hpp"

#include <catch2/catch.hpp>
#include <csignal>
#include <fmt/core.h>
#include <sstream>

using namespace dnsclay::test;
using namespace std::chrono_literals;

namespace {

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The sum of the samples of `metric` whose labels contain every one of `labels`.
double sum_of(const std::string& exposition, const std::string& metric,
              const std::vector<std::string>& labels) {
    double total = 0;
    std::istringstream in(exposition);
    for (std::string line; std::getline(in, line);) {
        if (!line.starts_with(metric + "{")) continue;
        bool match = true;
        for (const auto& l : labels)
            match = match && has(line, l);
        if (match) total += std::stod(line.substr(line.rfind(' ') + 1));
    }
    return total;
}

std::string config(int metrics_port, const std::string& level, const std::string& format) {
    return fmt::format("[log]\nlevel = \"{}\"\nformat = \"{}\"\n\n[metrics]\naddress = "
                       "\"127.0.0.1:{}\"\n",
                       level, format, metrics_port);
}

// The metrics text, failing the test unless the endpoint answers 200 with Prometheus text.
std::string scrape(int port) {
    auto res = http_get("127.0.0.1", port, "/metrics");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->content_type.starts_with("text/plain; version=0.0.4"));
    return res->body;
}

} // namespace

TEST_CASE("metrics: Prometheus text whose request counters follow the queries",
          "[serve][metrics]") {
    ServeFixture f;
    f.add_zone("example.test.");
    int metrics_port = free_port();
    write_file(f.state_dir() + "/config.toml", config(metrics_port, "info", "text"));
    f.start();

    auto text = scrape(metrics_port);
    CHECK(has(text, "# TYPE dnsclay_dns_requests_total counter\n"));
    CHECK(has(text, "# TYPE dnsclay_dns_request_duration_seconds histogram\n"));
    CHECK(has(text, "dnsclay_zone_serial{zone=\"example.test.\"} 1\n"));
    const std::vector<std::string> udp_queries = {"kind=\"query\"", "transport=\"udp\"",
                                                  "rcode=\"NOERROR\""};
    auto before = sum_of(text, "dnsclay_dns_requests_total", udp_queries);
    for (int i = 0; i < 3; ++i)
        REQUIRE(f.kdig({"+short", "SOA", "example.test."}).exit_code == 0);
    REQUIRE(f.kdig({"+tcp", "+short", "SOA", "example.test."}).exit_code == 0);
    // A request is counted once its answer has gone out, so the scrape may come first.
    CHECK(wait_until([&] {
        return sum_of(scrape(metrics_port), "dnsclay_dns_requests_total", udp_queries) ==
               before + 3;
    }));
    text = scrape(metrics_port);
    CHECK(sum_of(text, "dnsclay_dns_requests_total", {"kind=\"query\"", "transport=\"tcp\""}) == 1);
    CHECK(sum_of(text, "dnsclay_dns_request_duration_seconds_count", {"kind=\"query\""}) ==
          before + 4);
    CHECK(http_get("127.0.0.1", metrics_port, "/nothing-here")->status == 404);
}

TEST_CASE("SIGHUP reloads config.toml: log level and format, metrics address",
          "[serve][metrics][reload]") {
    ServeFixture f;
    f.add_zone("example.test.");
    int first_port = free_port();
    int second_port = 0;
    do {
        second_port = free_port();
    } while (second_port == first_port);
    write_file(f.state_dir() + "/config.toml", config(first_port, "info", "text"));
    f.start();

    // At info level a plain query is not logged.
    REQUIRE(f.kdig({"+short", "SOA", "example.test."}).exit_code == 0);
    auto counted = [&](int port, double n) {
        return wait_until([&] {
            auto res = http_get("127.0.0.1", port, "/metrics");
            return res && sum_of(res->body, "dnsclay_dns_requests_total", {"kind=\"query\""}) == n;
        });
    };
    REQUIRE(counted(first_port, 1));
    CHECK_FALSE(has(f.log(), "kind=query"));

    write_file(f.state_dir() + "/config.toml", config(second_port, "debug", "json"));
    REQUIRE(::kill(f.pid(), SIGHUP) == 0);
    REQUIRE(wait_until([&] { return has(f.log(), "\"msg\":\"reloaded the configuration\""); }));
    REQUIRE(f.kdig({"+short", "SOA", "example.test."}).exit_code == 0);
    CHECK(wait_until([&] { return has(f.log(), "\"kind\":\"query\""); }));
    // The endpoint moved, and the counters went with it.
    CHECK(counted(second_port, 2));
    CHECK_FALSE(http_get("127.0.0.1", first_port, "/metrics"));

    // A config that does not parse is reported and changes nothing.
    write_file(f.state_dir() + "/config.toml", "[log]\nlevel = \"loud\"\n");
    REQUIRE(::kill(f.pid(), SIGHUP) == 0);
    CHECK(wait_until([&] { return has(f.log(), "reload failed, keeping the settings"); }));
    CHECK(f.running());
    REQUIRE(f.kdig({"+short", "SOA", "example.test."}).exit_code == 0);
    CHECK(counted(second_port, 3));
}
