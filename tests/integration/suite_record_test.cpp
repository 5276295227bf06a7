// The start of the suite's secrets scan (tests/scan_secrets.sh, run last by ctest): a fresh
// record directory, and a canary secret recorded and then printed once by a command run()
// runs and once in a Daemon's log, where the scan must find it. Hidden: ctest runs it
// first, as the fixture's setup.
#include "tests/support/process.hpp"
#include "tests/support/suite_record.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fmt/core.h>
#include <random>

using namespace dnsclay::test;

TEST_CASE("suite: start recording secrets and outputs", "[.suite-record]") {
    const char* dir = std::getenv("DNSCLAY_TEST_RECORD_DIR");
    REQUIRE(dir);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto canary = fmt::format("canary-{:016x}", std::random_device{}() * 0x100000001ULL);
    record_secret(canary);
    CHECK(run({"echo", canary}).exit_code == 0);
    {
        TempDir tmp;
        Daemon printer({"sh", "-c", "echo " + canary + "; exec sleep 60"}, tmp / "printer.log");
        CHECK(wait_until([&] { return read_file(tmp / "printer.log").find(canary) == 0; }));
    } // the Daemon records its log as it ends
    write_file(std::string(dir) + "/canary", canary);
}
