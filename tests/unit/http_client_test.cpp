// lib/http against an in-process fake server: retries and backoff, Retry-After in both
// forms, no blind re-send of a POST, connection reuse, the shared per-account rate limiter
// and redaction of secrets in traces and errors. No test waits: the client sleeps on a
// fake clock and the tests check how often and how long it was asked to wait.
#include "lib/http/client.hpp"
#include "lib/http/rate.hpp"
#include "lib/http/redact.hpp"
#include "tests/support/fake_api.hpp"
#include "tests/support/fake_timing.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <curl/curl.h>
#include <set>

using namespace dnsclay;
using namespace std::chrono_literals;
using test::Fault;
using test::FaultKind;

namespace {

struct Fixture {
    test::FakeApi api;
    test::FakeTiming clock;

    Fixture() {
        api.route("GET", "/thing", [](const auto&, auto& res, const auto&) {
            test::FakeApi::send_json(res, 200, R"({"ok":true})");
        });
        api.route("POST", "/thing", [](const auto&, auto& res, const auto&) {
            test::FakeApi::send_json(res, 201, R"({"created":true})");
        });
    }

    http::ClientOptions options(int retries = 3) {
        http::ClientOptions o;
        o.timing = &clock.timing();
        o.retry.retries = retries;
        o.timeout = 5s;
        return o;
    }

    http::Response call(http::Client& c, const std::string& method,
                        const std::string& path = "/thing") {
        http::Request req;
        req.method = method;
        req.url = api.url() + path;
        return c.send(req);
    }
};

} // namespace

TEST_CASE("http: an idempotent request is retried after 5xx and resets, with growing delays",
          "[http]") {
    Fixture f;
    http::Client client(f.options());
    f.api.fail_next({FaultKind::Status500}, 1);
    f.api.fail_next({FaultKind::Reset}, 1);
    auto r = f.call(client, "GET");
    CHECK(r.status == 200);
    CHECK(r.attempts == 3);
    CHECK(f.api.request_count() == 3);
    auto sleeps = f.clock.sleeps();
    REQUIRE(sleeps.size() == 2);
    CHECK(sleeps[1] > sleeps[0]); // exponential
    CHECK(sleeps[0] == http::backoff_delay(http::RetryPolicy{}, 1, 0.5));

    SECTION("retries run out: the last answer is returned") {
        f.api.fail_next({FaultKind::Status500}, 10);
        f.api.clear_log();
        auto last = f.call(client, "GET");
        CHECK(last.status == 500);
        CHECK(f.api.request_count() == 4); // first try and 3 retries
    }
}

TEST_CASE("http: Retry-After in seconds and as an HTTP date is waited for, up to the cap",
          "[http]") {
    Fixture f;
    http::Client client(f.options());
    f.api.fail_next({FaultKind::RateLimited, "7"});
    CHECK(f.call(client, "GET").status == 200);
    CHECK(f.clock.sleeps() == std::vector<std::chrono::milliseconds>{7000ms});

    // 20 seconds after the fake wall clock's now, as an IMF-fixdate
    auto when = std::chrono::system_clock::to_time_t(f.clock.wall() + 20s);
    char date[64];
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", std::gmtime(&when));
    f.api.fail_next({FaultKind::RateLimited, date});
    CHECK(f.call(client, "GET").status == 200);
    CHECK(f.clock.sleeps().back() == 20000ms);

    // longer than max_retry_after: not waited for, the 429 is the answer
    f.api.clear_log();
    f.api.fail_next({FaultKind::RateLimited, "3600"});
    auto r = f.call(client, "GET");
    CHECK(r.status == 429);
    CHECK(f.api.request_count() == 1);
    CHECK(f.clock.sleeps().size() == 2);

    // a POST answered 429 was not acted on, so it is sent again
    f.api.clear_log();
    f.api.fail_next({FaultKind::RateLimited, "2"});
    CHECK(f.call(client, "POST").status == 201);
    CHECK(f.api.requests() == std::vector<std::string>{"POST /thing", "POST /thing"});
}

TEST_CASE("http: an answer the caller calls try-again-later (Route 53's Throttling, a 400) is "
          "retried with backoff, whatever the method",
          "[http]") {
    Fixture f;
    auto options = f.options();
    options.try_again_later = [](const http::Response& r) {
        return r.status == 400 && r.body.find("<Code>Throttling</Code>") != std::string::npos;
    };
    http::Client client(options);
    Fault throttled{FaultKind::Status};
    throttled.status = 400;
    throttled.body = "<ErrorResponse><Error><Code>Throttling</Code></Error></ErrorResponse>";
    f.api.fail_next(throttled, 2);
    CHECK(f.call(client, "POST").status == 201);
    CHECK(f.api.requests() ==
          std::vector<std::string>{"POST /thing", "POST /thing", "POST /thing"});
    auto sleeps = f.clock.sleeps();
    REQUIRE(sleeps.size() == 2);
    CHECK(sleeps[0] == http::backoff_delay(http::RetryPolicy{}, 1, 0.5));
    CHECK(sleeps[1] > sleeps[0]);

    // any other 400 is the answer, not retried
    f.api.clear_log();
    Fault invalid = throttled;
    invalid.body = "<ErrorResponse><Error><Code>InvalidInput</Code></Error></ErrorResponse>";
    f.api.fail_next(invalid);
    CHECK(f.call(client, "POST").status == 400);
    CHECK(f.api.request_count() == 1);

    // retries run out: the last answer is returned
    f.api.clear_log();
    f.api.fail_next(throttled, 10);
    CHECK(f.call(client, "GET").status == 400);
    CHECK(f.api.request_count() == 4);
}

TEST_CASE("http: parse_retry_after and parse_rate", "[http]") {
    auto now = std::chrono::system_clock::from_time_t(784111777); // Sun, 06 Nov 1994 08:49:37
    CHECK(http::parse_retry_after("120", now) == 120s);
    CHECK(http::parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now) == 10s);
    CHECK(http::parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now) == 0s);
    CHECK_FALSE(http::parse_retry_after("soon", now));
    CHECK_FALSE(http::parse_retry_after("", now));
    CHECK(http::parse_rate("1200/5m") == http::Rate{1200, 300s});
    CHECK(http::parse_rate("10/s") == http::Rate{10, 1s});
    CHECK(http::format_rate(http::Rate{2, 1s}) == "2/1s");
    for (const char* bad : {"", "10", "/s", "x/s", "10/", "10/0s", "10/fortnight", "-1/s"})
        CHECK_FALSE(http::parse_rate(bad));
}

TEST_CASE("http: a POST whose outcome is unknown is not sent again", "[http]") {
    Fixture f;
    http::Client client(f.options());
    f.api.route("PATCH", "/thing", [](const auto&, auto& res, const auto&) {
        test::FakeApi::send_json(res, 200, "{}");
    });
    auto sent_once = [&](FaultKind kind, const std::string& method) {
        f.api.clear_log();
        f.api.fail_next({kind});
        CHECK_THROWS_AS(f.call(client, method), http::OutcomeUnknown);
        CHECK(f.api.request_count() == 1);
    };
    sent_once(FaultKind::Status500, "POST");
    sent_once(FaultKind::Reset, "POST"); // the connection dropped after the request was sent
    sent_once(FaultKind::ResetAfter, "POST");
    sent_once(FaultKind::Status500, "PATCH");
    CHECK(f.clock.sleeps().empty());

    // a POST marked idempotent is retried
    f.api.clear_log();
    f.api.fail_next({FaultKind::Status500});
    http::Request req;
    req.method = "POST";
    req.url = f.api.url() + "/thing";
    req.idempotent = true;
    CHECK(client.send(req).status == 201);
    CHECK(f.api.request_count() == 2);
}

TEST_CASE("http: a request that never left is retried whatever its method", "[http]") {
    test::FakeTiming clock;
    http::ClientOptions o;
    o.timing = &clock.timing();
    o.retry.retries = 2;
    o.secrets = {"tok-SECRET-123"};
    http::Client client(o);
    http::Request req;
    req.method = "POST";
    req.url =
        "http://user:pw@127.0.0.1:" + std::to_string(test::free_port()) + "/x?token=tok-SECRET-123";
    try {
        client.send(req);
        FAIL("a closed port answered");
    } catch (const http::OutcomeUnknown&) {
        FAIL("a refused connection is not an unknown outcome");
    } catch (const http::HttpError& e) {
        std::string what = e.what();
        CHECK(what.find("3 tries") != std::string::npos);
        CHECK(what.find("tok-SECRET-123") == std::string::npos);
        CHECK(what.find("pw") == std::string::npos);
    }
    CHECK(clock.sleeps().size() == 2);
}

TEST_CASE("http: one client reuses its connection", "[http]") {
    Fixture f;
    http::Client client(f.options());
    for (int i = 0; i < 3; ++i)
        CHECK(f.call(client, "GET").status == 200);
    auto ports = f.api.client_ports();
    REQUIRE(ports.size() == 3);
    CHECK(std::set<int>(ports.begin(), ports.end()).size() == 1);
}

TEST_CASE("http: clients of one account share a rate limiter, and other accounts do not",
          "[http]") {
    Fixture f;
    // 2 per second: a bucket of 2, then one request every 500 ms
    http::Rate rate{2, 1s};
    auto a = http::shared_limiter("test-provider|account-a", rate, f.clock.timing());
    auto a_again = http::shared_limiter("test-provider|account-a", rate, f.clock.timing());
    auto b = http::shared_limiter("test-provider|account-b", rate, f.clock.timing());
    CHECK(a == a_again);
    CHECK(a != b);
    CHECK_FALSE(http::shared_limiter("test-provider|unlimited", {0, 1s}, f.clock.timing()));

    auto options_a = f.options();
    options_a.limiter = a;
    auto options_b = f.options();
    options_b.limiter = b;
    http::Client zone1(options_a), zone2(options_a), other(options_b);
    for (int i = 0; i < 3; ++i) {
        f.call(zone1, "GET");
        f.call(zone2, "GET");
    }
    CHECK(f.clock.waits() == 4); // 6 requests on one account: the bucket's 2, then 4 paced
    for (auto d : f.clock.sleeps())
        CHECK((d == 0ms || d == 500ms));
    f.call(other, "GET");
    f.call(other, "GET");
    CHECK(f.clock.waits() == 4); // the other account's bucket was full
    CHECK(f.api.request_count() == 8);
}

TEST_CASE("http: traces and errors carry no secrets", "[http]") {
    Fixture f;
    f.api.route("POST", "/login", [](const auto&, auto& res, const auto&) {
        test::FakeApi::send_json(res, 200, R"({"access_token":"issued-token-value","ok":1})");
    });
    std::vector<std::string> traced;
    http::set_trace_sink([&](std::string_view t) { traced.emplace_back(t); });
    auto o = f.options();
    o.secrets = {"hunter2-account-secret"};
    http::Client client(o);
    http::Request req;
    req.method = "POST";
    req.url = f.api.url() + "/login?api_key=query-secret-value&page=2";
    req.headers = {{"Authorization", "Bearer header-secret-value"},
                   {"X-Auth-Key", "other-header-secret"},
                   {"Content-Type", "application/json"}};
    req.body = R"({"apikey":"body-secret-value","secretapikey":"more secret","name":"www",)"
               R"("note":"hunter2-account-secret"})";
    CHECK(client.send(req).status == 200);
    http::set_trace_sink(nullptr);

    std::string all;
    for (const auto& t : traced)
        all += t;
    for (const char* secret :
         {"header-secret-value", "other-header-secret", "query-secret-value", "body-secret-value",
          "more secret", "hunter2-account-secret", "issued-token-value"})
        CHECK(all.find(secret) == std::string::npos);
    CHECK(all.find("> POST") != std::string::npos);
    CHECK(all.find("page=2") != std::string::npos);
    CHECK(all.find("\"name\":\"www\"") != std::string::npos);
    CHECK(all.find("< 200") != std::string::npos);
    CHECK(all.find(std::string(http::kRedacted)) != std::string::npos);

    CHECK(http::redact_query("https://u:p@h/x?token=abc&a=1#f") ==
          "https://<redacted>@h/x?token=<redacted>&a=1#f");
    CHECK(http::redact_body("apikey=abc&domain=x") == "apikey=<redacted>&domain=x");
}
