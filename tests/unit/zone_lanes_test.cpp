#include "lib/server/runtime.hpp"
#include "lib/server/zone_lanes.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <condition_variable>
#include <future>
#include <mutex>
#include <numeric>

using namespace dnsclay;
using namespace std::chrono_literals;

namespace {

constexpr std::uint8_t kUpdate = 5 << 3;

// A message with header flags `flags` and one question (or zone) `zone` of type `type`.
dns::Bytes message(std::uint8_t flags, const std::string& zone, std::uint8_t type = 6) {
    dns::Bytes wire{0x12, 0x34, flags, 0, 0, 1, 0, 0, 0, 0, 0, 0};
    auto name = dns::Name::parse(zone);
    wire.insert(wire.end(), name.wire().begin(), name.wire().end());
    wire.insert(wire.end(), {0, type, 0, 1});
    return wire;
}

} // namespace

TEST_CASE("zone lanes: a zone's jobs run in order, one at a time, and a stuck zone holds up "
          "no other",
          "[server]") {
    // Two threads, one job per zone at a time: the stuck zone's first job takes one thread;
    // its twenty waiting jobs must take none, or the other zone would find no thread.
    server::ZoneLanes lanes(2, 1);
    std::mutex mu;
    std::condition_variable cv;
    bool release = false;
    std::vector<int> order;
    int running = 0;
    int most_at_once = 0;
    std::promise<void> stuck;
    lanes.post("slow.test.", [&] {
        stuck.set_value();
        std::unique_lock lock(mu);
        // At most a minute, so that a failing test cannot hang.
        cv.wait_for(lock, 60s, [&] { return release; });
    });
    for (int i = 1; i <= 20; ++i)
        lanes.post("slow.test.", [&, i] {
            {
                std::lock_guard lock(mu);
                most_at_once = std::max(most_at_once, ++running);
                order.push_back(i);
            }
            std::this_thread::yield();
            std::lock_guard lock(mu);
            --running;
        });
    std::promise<void> other;
    lanes.post("other.test.", [&] { other.set_value(); });
    stuck.get_future().wait();
    bool other_ran = other.get_future().wait_for(60s) == std::future_status::ready;
    {
        std::lock_guard lock(mu);
        CHECK(order.empty());
        release = true;
    }
    cv.notify_all();
    CHECK(other_ran);

    lanes.join();
    std::vector<int> expected(20);
    std::iota(expected.begin(), expected.end(), 1);
    CHECK(order == expected);
    CHECK(most_at_once == 1);
}

TEST_CASE("zone lanes: a zone runs at most its share of jobs at once, the first ones first, and "
          "other zones get the remaining threads",
          "[server]") {
    // Four threads, three per zone: a stuck zone's ten jobs run three at a time; the fourth
    // thread is the other zone's.
    server::ZoneLanes lanes(4, 3);
    std::mutex mu;
    std::condition_variable cv;
    bool release = false;
    std::vector<int> started;
    int running = 0;
    int most_at_once = 0;
    for (int i = 1; i <= 10; ++i)
        lanes.post("slow.test.", [&, i] {
            std::unique_lock lock(mu);
            started.push_back(i);
            most_at_once = std::max(most_at_once, ++running);
            cv.notify_all();
            // At most a minute, so that a failing test cannot hang.
            cv.wait_for(lock, 60s, [&] { return release; });
            --running;
        });
    std::promise<void> other;
    lanes.post("other.test.", [&] { other.set_value(); });
    {
        std::unique_lock lock(mu);
        CHECK(cv.wait_for(lock, 60s, [&] { return running == 3; }));
    }
    CHECK(other.get_future().wait_for(60s) == std::future_status::ready);
    {
        std::lock_guard lock(mu);
        // The first three, in whatever order their threads reached the mutex.
        std::sort(started.begin(), started.end());
        CHECK(started == std::vector<int>{1, 2, 3});
        release = true;
    }
    cv.notify_all();
    lanes.join();
    // Jobs that start together may reach the mutex in either order: every one ran once.
    std::sort(started.begin(), started.end());
    std::vector<int> expected(10);
    std::iota(expected.begin(), expected.end(), 1);
    CHECK(started == expected);
    CHECK(most_at_once == 3);
}

TEST_CASE("zone lanes: an UPDATE's lane is its zone, whatever the letter case, and other "
          "messages have none",
          "[server]") {
    CHECK(server::update_lane(message(kUpdate, "Example.TEST.")) == "example.test.");
    CHECK(server::update_lane(message(kUpdate, "other.test.")) == "other.test.");
    CHECK_FALSE(server::update_lane(message(0, "example.test.")));              // a query
    CHECK_FALSE(server::update_lane(message(0x80 | kUpdate, "example.test."))); // a response
    auto truncated = message(kUpdate, "example.test.");
    truncated.resize(15);
    CHECK_FALSE(server::update_lane(truncated));
    CHECK_FALSE(server::update_lane(dns::Bytes{1, 2, 3}));
}

TEST_CASE("zone transfers run on workers of their own, and queries and UPDATEs do not",
          "[server]") {
    constexpr std::uint8_t kAxfr = 252, kIxfr = 251;
    CHECK(server::route_of(message(0, "example.test.", kAxfr)).transfer);
    CHECK(server::route_of(message(0, "example.test.", kIxfr)).transfer);
    CHECK_FALSE(server::route_of(message(0, "example.test.")).transfer);           // SOA
    CHECK_FALSE(server::route_of(message(0x80, "example.test.", kAxfr)).transfer); // a response
    auto update = server::route_of(message(kUpdate, "example.test."));
    CHECK_FALSE(update.transfer);
    CHECK(update.update_lane == "example.test.");
    auto cut = message(0, "example.test.", kAxfr);
    cut.resize(cut.size() - 3); // the question's type cut short
    CHECK_FALSE(server::route_of(cut).transfer);
    CHECK_FALSE(server::route_of(dns::Bytes{1, 2, 3}).transfer);
}
