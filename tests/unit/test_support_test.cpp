// The test support itself, where a mistake in it would hide failures of the tests.
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <csignal>

using namespace dnsclay;

TEST_CASE("test support: a command that runs out of time is killed and says where it waited",
          "[support]") {
    auto r = test::run({"sleep", "30"}, "", std::chrono::seconds(1));
    CHECK(r.exit_code == 128 + SIGKILL);
    CHECK_THAT(r.err, Catch::Contains("killed after 1 s"));
    CHECK_THAT(r.err, Catch::Contains("sleeping"));
}
