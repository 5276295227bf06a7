#include "tests/support/process.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay::test;

TEST_CASE("dnsclay version names itself and the libraries it links", "[cli]") {
    auto r = run({DNSCLAY_BIN, "version"});
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.rfind("dnsclay 0.", 0) == 0);
    for (const char* lib : {"OpenSSL 3.", "SQLite 3.", "libcurl ", "toml++ ", "CLI11 ", "fmt "})
        CHECK(r.out.find(lib) != std::string::npos);

    auto j = run({DNSCLAY_BIN, "--json", "version"});
    REQUIRE(j.exit_code == 0);
    CHECK(j.out.find("\"openssl\":\"3.") != std::string::npos);
}

TEST_CASE("an unknown subcommand is a usage error", "[cli]") {
    auto r = run({DNSCLAY_BIN, "no-such-command"});
    CHECK(r.exit_code == 2);
}
