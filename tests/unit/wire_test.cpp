#include "lib/dns/error.hpp"
#include "lib/dns/wire.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay::dns;

TEST_CASE("names are compressed on write and expanded on read", "[wire]") {
    WireWriter w;
    w.u16(0x1234);
    w.name(Name::parse("www.example.test."), true);
    w.name(Name::parse("mail.EXAMPLE.test."), true);
    w.name(Name::parse("example.test."), true);
    // Second name: "mail" label then a pointer to "example.test." at offset 6.
    CHECK(w.size() == 2 + 18 + (5 + 2) + 2);
    WireReader r(w.data());
    CHECK(r.u16() == 0x1234);
    CHECK(r.name().to_string() == "www.example.test.");
    CHECK(r.name().to_string() == "mail.example.test.");
    CHECK(r.name().to_string() == "example.test.");
    CHECK(r.remaining() == 0);
}

TEST_CASE("truncate forgets compression targets beyond the cut", "[wire]") {
    WireWriter w;
    w.name(Name::parse("a.test."), true);
    std::size_t mark = w.size();
    w.name(Name::parse("b.example."), true);
    w.truncate(mark);
    w.name(Name::parse("c.example."), true);
    WireReader r(w.data());
    CHECK(r.name().to_string() == "a.test.");
    CHECK(r.name().to_string() == "c.example.");
}

TEST_CASE("malformed compressed names are refused", "[wire]") {
    // A pointer to itself.
    Bytes loop = {0xc0, 0x00};
    CHECK_THROWS_AS(WireReader(loop).name(), WireError);
    // Two pointers pointing at each other.
    Bytes loop2 = {0x01, 'a', 0xc0, 0x04, 0xc0, 0x00};
    CHECK_THROWS_AS(WireReader(loop2, 4).name(), WireError);
    // A forward pointer.
    Bytes forward = {0xc0, 0x02, 0x00};
    CHECK_THROWS_AS(WireReader(forward).name(), WireError);
    // Reserved label types.
    Bytes ext = {0x41, 0x00};
    CHECK_THROWS_AS(WireReader(ext).name(), WireError);
    // A label running past the end, and a pointer cut in half.
    Bytes past = {0x05, 'a', 'b'};
    CHECK_THROWS_AS(WireReader(past).name(), WireError);
    Bytes half = {0x00, 0xc0};
    CHECK_THROWS_AS(WireReader(half, 1).name(), WireError);
    // Longer than 255 bytes through pointers: 5 labels of 63 chained by pointers.
    Bytes chain;
    std::size_t prev = 0;
    for (int i = 0; i < 5; ++i) {
        std::size_t start = chain.size();
        chain.push_back(63);
        chain.insert(chain.end(), 63, 'x');
        if (i == 0) {
            chain.push_back(0);
        } else {
            chain.push_back(static_cast<std::uint8_t>(0xc0 | prev >> 8));
            chain.push_back(static_cast<std::uint8_t>(prev));
        }
        prev = start;
    }
    CHECK_THROWS_AS(WireReader(chain, prev).name(), WireError);
}

TEST_CASE("integer reads are bounds-checked", "[wire]") {
    Bytes b = {1, 2, 3};
    WireReader r(b);
    CHECK(r.u16() == 0x0102);
    CHECK_THROWS_AS(r.u16(), WireError);
    CHECK(r.u8() == 3);
    CHECK_THROWS_AS(r.u8(), WireError);
}
