#include "lib/dns/error.hpp"
#include "lib/dns/name.hpp"

#include <catch2/catch.hpp>

using dnsclay::dns::Name;
using dnsclay::dns::TextError;

TEST_CASE("names parse relative to an origin and print absolute", "[name]") {
    Name origin = Name::parse("example.test.");
    CHECK(Name::parse("www", origin).to_string() == "www.example.test.");
    CHECK(Name::parse("@", origin) == origin);
    CHECK(Name::parse("www.other.", origin).to_string() == "www.other.");
    CHECK(Name::parse(".").is_root());
    CHECK(Name::parse("a.b").to_string() == "a.b.");
    CHECK(Name::parse("www", origin).to_string_relative(origin) == "www");
    CHECK(origin.to_string_relative(origin) == "@");
}

TEST_CASE("name escapes round-trip", "[name]") {
    Name n = Name::parse(R"(a\.b.c\032d.\255\\.)");
    REQUIRE(n.label_count() == 3);
    CHECK(n.labels()[0] == "a.b");
    CHECK(n.labels()[1] == "c d");
    CHECK(n.labels()[2] == std::string("\xff\\"));
    CHECK(n.to_string() == R"(a\.b.c\032d.\255\\.)");
    CHECK(Name::parse(n.to_string()) == n);
}

TEST_CASE("bad names are refused", "[name]") {
    CHECK_THROWS_AS(Name::parse("a..b."), TextError);
    CHECK_THROWS_AS(Name::parse(""), TextError);
    CHECK_THROWS_AS(Name::parse(std::string(64, 'a') + "."), TextError);
    CHECK_NOTHROW(Name::parse(std::string(63, 'a') + "."));
    CHECK_THROWS_AS(Name::parse("a\\25"), TextError);
    CHECK_THROWS_AS(Name::parse("a\\256."), TextError);
    CHECK_THROWS_AS(Name::parse("a\\"), TextError);
    std::string long_name;
    for (int i = 0; i < 4; ++i)
        long_name += std::string(63, 'x') + ".";
    CHECK_THROWS_AS(Name::parse(long_name), TextError); // 4*64+1 = 257 bytes
}

TEST_CASE("names compare case-insensitively and order canonically", "[name]") {
    CHECK(Name::parse("WWW.Example.TEST.") == Name::parse("www.example.test."));
    CHECK(Name::parse("WWW.Example.TEST.").hash() == Name::parse("www.example.test.").hash());
    CHECK(Name::parse("WWW.Example.").canonical().to_string() == "www.example.");
    // RFC 4034 §6.1 example order.
    std::vector<std::string> order = {"example.",         "a.example.",      "yljkjljk.a.example.",
                                      "Z.a.example.",     "zABC.a.EXAMPLE.", "z.example.",
                                      "\\001.z.example.", "*.z.example.",    "\\200.z.example."};
    for (std::size_t i = 0; i + 1 < order.size(); ++i)
        CHECK(Name::parse(order[i]) < Name::parse(order[i + 1]));
}

TEST_CASE("subdomains, parents and children", "[name]") {
    Name zone = Name::parse("example.test.");
    CHECK(Name::parse("a.b.example.test.").is_subdomain_of(zone));
    CHECK(zone.is_subdomain_of(zone));
    CHECK_FALSE(Name::parse("badexample.test.").is_subdomain_of(zone));
    CHECK_FALSE(Name::parse("test.").is_subdomain_of(zone));
    CHECK(Name::parse("a.b.example.test.").parent(2) == zone);
    CHECK(zone.child("_acme-challenge").to_string() == "_acme-challenge.example.test.");
    CHECK(Name::parse("*.example.test.").is_wildcard());
}
