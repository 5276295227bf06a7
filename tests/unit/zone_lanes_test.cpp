#include "lib/server/runtime.hpp"
#include "lib/server/zone_lanes.hpp"

#include <catch2/catch.hpp>
#include <condition_variable>
#include <future>
#include <mutex>
#include <numeric>

using namespace dnsclay;
using namespace std::chrono_literals;

TEST_CASE("zone lanes: a zone's jobs run in order, one at a time, and a stuck zone holds up "
          "no other",
          "[server]") {
    // Two threads: the stuck zone's first job takes one; its twenty waiting jobs must take
    // none, or the other zone would find no thread.
    server::ZoneLanes lanes(2);
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

TEST_CASE("zone lanes: an UPDATE's lane is its zone, whatever the letter case; other "
          "messages have none",
          "[server]") {
    auto message = [](std::uint8_t flags, const std::string& zone) {
        dns::Bytes wire{0x12, 0x34, flags, 0, 0, 1, 0, 0, 0, 0, 0, 0};
        auto name = dns::Name::parse(zone);
        wire.insert(wire.end(), name.wire().begin(), name.wire().end());
        wire.insert(wire.end(), {0, 6, 0, 1});
        return wire;
    };
    constexpr std::uint8_t kUpdate = 5 << 3;
    CHECK(server::update_lane(message(kUpdate, "Example.TEST.")) == "example.test.");
    CHECK(server::update_lane(message(kUpdate, "other.test.")) == "other.test.");
    CHECK_FALSE(server::update_lane(message(0, "example.test.")));              // a query
    CHECK_FALSE(server::update_lane(message(0x80 | kUpdate, "example.test."))); // a response
    auto truncated = message(kUpdate, "example.test.");
    truncated.resize(15);
    CHECK_FALSE(server::update_lane(truncated));
    CHECK_FALSE(server::update_lane(dns::Bytes{1, 2, 3}));
}
