#include "lib/dns/error.hpp"
#include "lib/dns/rdata.hpp"
#include "lib/dns/ttl.hpp"
#include "lib/dns/zonefile.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace dnsclay::dns;

namespace {

const Name kOrigin = Name::parse("example.test.");

std::vector<Record> read(std::string_view text) {
    return read_zone_file(text, kOrigin);
}

// The error reading `text` raises; fails the test if there is none.
TextError read_error(std::string_view text) {
    try {
        read(text);
    } catch (const TextError& e) {
        return e;
    }
    FAIL("no error for:\n" << text);
    return TextError("unreachable");
}

std::string text_of(const Record& r) {
    return r.to_string();
}

} // namespace

TEST_CASE("zone file: origin, $TTL, @, relative and absolute owners", "[zonefile]") {
    auto records = read("$TTL 300\n"
                        "@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
                        "www A 192.0.2.1\n"
                        "mail.other.test. 60 IN A 192.0.2.2\n"
                        "$ORIGIN sub\n"
                        "host A 192.0.2.3\n"
                        "@ NS ns1.example.test.\n");
    REQUIRE(records.size() == 5);
    CHECK(text_of(records[0]) == "example.test. 300 IN SOA ns1.example.test. "
                                 "hostmaster.example.test. 1 7200 3600 1209600 300");
    CHECK(text_of(records[1]) == "www.example.test. 300 IN A 192.0.2.1");
    CHECK(text_of(records[2]) == "mail.other.test. 60 IN A 192.0.2.2");
    // A relative $ORIGIN is relative to the origin before it.
    CHECK(text_of(records[3]) == "host.sub.example.test. 300 IN A 192.0.2.3");
    CHECK(text_of(records[4]) == "sub.example.test. 300 IN NS ns1.example.test.");
}

TEST_CASE("zone file: an omitted owner is the previous record's", "[zonefile]") {
    auto records = read("$TTL 300\n"
                        "www A 192.0.2.1\n"
                        "    A 192.0.2.2\n"
                        "\t  MX 10 mail\n"
                        "\n"
                        "; a comment line does not reset the owner\n"
                        "  TXT \"x\"\n"
                        "$ORIGIN other.test.\n"
                        " A 192.0.2.9\n");
    REQUIRE(records.size() == 5);
    for (const auto& r : records)
        CHECK(r.owner == Name::parse("www.example.test."));
    CHECK(text_of(records[2]) == "www.example.test. 300 IN MX 10 mail.example.test.");
}

TEST_CASE("zone file: TTL and class may be omitted and come in either order", "[zonefile]") {
    auto records = read("a 60 IN A 192.0.2.1\n"
                        "b IN 70 A 192.0.2.2\n"
                        "c 80 A 192.0.2.3\n"
                        "d IN A 192.0.2.4\n"
                        "e A 192.0.2.5\n"
                        "f 1h30m in a 192.0.2.6\n");
    REQUIRE(records.size() == 6);
    std::vector<std::uint32_t> ttls;
    for (const auto& r : records) {
        ttls.push_back(r.ttl);
        CHECK(r.klass == RRClass::IN);
        CHECK(r.type == RRType::A);
    }
    // Without $TTL an omitted TTL is the previous record's (RFC 1035 §5.1).
    CHECK(ttls == std::vector<std::uint32_t>{60, 70, 80, 80, 80, 5400});
}

TEST_CASE("zone file: $TTL is the default, not the previous record's TTL", "[zonefile]") {
    auto records = read("a 60 A 192.0.2.1\n"
                        "b A 192.0.2.2\n"
                        "$TTL 1D\n"
                        "c 60 A 192.0.2.3\n"
                        "d A 192.0.2.4\n"
                        "$TTL 2h\n"
                        "e A 192.0.2.5\n");
    REQUIRE(records.size() == 5);
    CHECK(records[1].ttl == 60);
    CHECK(records[2].ttl == 60);
    CHECK(records[3].ttl == 86400); // RFC 2308 §4: $TTL, not the 60 just before
    CHECK(records[4].ttl == 7200);
}

TEST_CASE("zone file: the class carries over and must not change", "[zonefile]") {
    auto records = read("$TTL 1\na CH A 192.0.2.1\nb A 192.0.2.2\n");
    REQUIRE(records.size() == 2);
    CHECK(records[1].klass == RRClass::CH);
    auto e = read_error("$TTL 1\na IN A 192.0.2.1\nb CH A 192.0.2.2\n");
    CHECK(e.line() == 3);
    CHECK(e.column() == 3);
    CHECK_THAT(e.what(), Catch::Contains("class CH differs"));
    // NONE and ANY are for updates and queries, never data.
    e = read_error("$TTL 1\na NONE A 192.0.2.1\n");
    CHECK(e.line() == 2);
    CHECK(e.column() == 3);
}

TEST_CASE("zone file: parentheses, comments and quoted strings", "[zonefile]") {
    auto records = read("$TTL 3600 ; default\n"
                        "@ IN SOA ns1.example.test. hostmaster.example.test. ( ; comment\n"
                        "      2024010101 ; serial\n"
                        "      7200       ; refresh\n"
                        "      3600 1209600\n"
                        "      300 )\n"
                        "txt TXT \"semi;colon\" \"with (paren) and space\" (\n"
                        "   \"third\" )\n"
                        "after A 192.0.2.1\n");
    REQUIRE(records.size() == 3);
    CHECK(text_of(records[0]) == "example.test. 3600 IN SOA ns1.example.test. "
                                 "hostmaster.example.test. 2024010101 7200 3600 1209600 300");
    CHECK(records[1].rdata == rdata_from_text(RRType::TXT,
                                              R"("semi;colon" "with (paren) and space" "third")",
                                              kOrigin));
    CHECK(records[2].owner == Name::parse("after.example.test."));
}

TEST_CASE("zone file: TTL units", "[zonefile]") {
    CHECK(parse_ttl("0") == 0);
    CHECK(parse_ttl("3600") == 3600);
    CHECK(parse_ttl("1h30m") == 5400);
    CHECK(parse_ttl("1H30M") == 5400);
    CHECK(parse_ttl("1w") == 604800);
    CHECK(parse_ttl("1w2d3h4m5s") == 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5);
    CHECK(parse_ttl("1h30") == 3630);
    CHECK(parse_ttl("2147483647") == kMaxTtl);
    CHECK_THROWS_AS(parse_ttl("2147483648"), TextError);
    CHECK_THROWS_AS(parse_ttl("99999999999999999999"), TextError);
    CHECK_THROWS_AS(parse_ttl("3551w"), TextError); // overflows through the unit
    CHECK_THROWS_AS(parse_ttl(""), TextError);
    CHECK_THROWS_AS(parse_ttl("h"), TextError);
    CHECK_THROWS_AS(parse_ttl("1hh"), TextError);
    try {
        parse_ttl("1h3x");
        FAIL("accepted 1h3x");
    } catch (const TextError& e) {
        CHECK(e.column() == 4);
    }
}

TEST_CASE("zone file: $INCLUDE and $GENERATE are refused with their position", "[zonefile]") {
    auto e = read_error("$TTL 60\na A 192.0.2.1\n$INCLUDE other.zone\n");
    CHECK(e.line() == 3);
    CHECK(e.column() == 1);
    CHECK_THAT(e.what(), Catch::StartsWith("line 3, column 1: $INCLUDE is not supported: "));
    e = read_error("$TTL 60\n\n$GENERATE 1-10 host$ A 192.0.2.$\n");
    CHECK(e.line() == 3);
    CHECK_THAT(e.what(), Catch::Contains("$GENERATE is not supported"));
    e = read_error("$include x\n");
    CHECK_THAT(e.what(), Catch::Contains("$INCLUDE is not supported"));
    e = read_error("$FOO bar\n");
    CHECK_THAT(e.what(), Catch::Contains("unknown directive \"$FOO\""));
}

TEST_CASE("zone file: malformed files name the line and column", "[zonefile]") {
    struct Case {
        const char* text;
        std::size_t line, column;
        const char* says;
    };
    const Case cases[] = {
        {"$TTL\n", 1, 1, "$TTL needs a TTL"},
        {"$TTL 1x\n", 1, 7, "unknown TTL unit"},
        {"$TTL 60 extra\n", 1, 9, "unexpected \"extra\""},
        {"$ORIGIN a..b.\n", 1, 11, "empty label"},
        {"$TTL 60\nwww\n", 2, 4, "expected a record type"},
        {"$TTL 60\nwww 60\n", 2, 7, "expected a record type"},
        {"$TTL 60\nwww 60 IN BOGUS 1\n", 2, 11, "expected a record type, got \"BOGUS\""},
        {"$TTL 60\nwww IN FOO 1\n", 2, 8, "expected a TTL, a record type"},
        {"$TTL 60\nwww 60 60 A 192.0.2.1\n", 2, 8, "got \"60\""},
        {"$TTL 60\nwww 99999999999 A 192.0.2.1\n", 2, 5, "maximum"},
        {"$TTL 60\nwww ANY A 192.0.2.1\n", 2, 5, "query type"},
        {"$TTL 60\nwww A 192.0.2.1\n  \n bad..owner A 192.0.2.1\n", 4, 2,
         "a record type, got \"bad..owner\""},
        {"$TTL 60\nbad..owner A 192.0.2.1\n", 2, 5, "empty label"},
        {"$TTL 60\n\"quoted\" A 192.0.2.1\n", 2, 1, "quoted string"},
        {"  A 192.0.2.1\n", 1, 1, "must name its owner"},
        {"www A 192.0.2.1\n", 1, 5, "no TTL"},
        {"$TTL 60\nwww A 192.0.2.1\nx TXT \"open\n", 3, 7, "not closed"},
        {"$TTL 60\nwww A 192.0.2.1\nx TXT ( \"a\"\n", 3, 7, "never closed"},
        {"$TTL 60\nx TXT \"a\" )\n", 2, 11, "closing parenthesis"},
        {"$TTL 60\n\nwww 60 IN A\n", 3, 11, ""},
        {"$TTL 60\n\nwww 60 IN A 192.0.2.300\n", 3, 13, ""},
        {"$TTL 60\nwww 60 IN MX 10 a..b\n", 2, 17, ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        auto e = read_error(c.text);
        CHECK(e.line() == c.line);
        CHECK(e.column() == c.column);
        CHECK_THAT(e.what(), Catch::StartsWith("line " + std::to_string(c.line) + ", column " +
                                               std::to_string(c.column) + ": "));
        CHECK_THAT(e.what(), Catch::Contains(c.says));
    }
}

TEST_CASE("zone file: the reader streams one record at a time", "[zonefile]") {
    std::string text = "$TTL 60\n";
    for (int i = 0; i < 1000; ++i)
        text += "h" + std::to_string(i) + " A 192.0.2." + std::to_string(i % 256) + "\n";
    text += "$ORIGIN other.test.\nlast A 192.0.2.1\n";
    ZoneFileReader reader(text, kOrigin);
    Record r;
    int count = 0;
    while (reader.next(r)) {
        if (count == 0) CHECK(r.owner == Name::parse("h0.example.test."));
        if (count == 999) CHECK(r.rdata == Bytes{192, 0, 2, 999 % 256});
        ++count;
    }
    CHECK(count == 1001);
    CHECK(r.owner == Name::parse("last.other.test."));
    CHECK(reader.origin() == Name::parse("other.test."));
    CHECK_FALSE(reader.next(r));
}

TEST_CASE("zone file writer: $ORIGIN, $TTL, SOA first, relative owners", "[zonefile]") {
    auto records = read("$TTL 300\n"
                        "www 60 A 192.0.2.1\n"
                        "@ 900 SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
                        "@ NS ns1\n"
                        "out.of.zone. 60 A 192.0.2.2\n"
                        "\\@\\$odd\\;name\\032x 60 TXT \"a b\"\n");
    std::string text = write_zone_file(records, kOrigin);
    INFO(text);
    CHECK(text.starts_with("$ORIGIN example.test.\n$TTL 900\n@ "));
    auto soa_line = text.find("SOA ns1.example.test.");
    CHECK(soa_line < text.find("www "));
    CHECK(text.find("\nwww ") != std::string::npos);
    CHECK(text.find("\nout.of.zone. ") != std::string::npos);
    CHECK(text.find("\n\\@\\$odd\\;name\\032x ") != std::string::npos);

    auto again = read_zone_file(text, kOrigin);
    REQUIRE(again.size() == records.size());
    CHECK(again[0] == records[1]); // the SOA moved first; the rest keep their order
    CHECK(again[1] == records[0]);
    CHECK(std::equal(again.begin() + 2, again.end(), records.begin() + 2));
}

TEST_CASE("zone file writer: output reads back the same in another origin", "[zonefile]") {
    auto records = read("$TTL 300\n"
                        "@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
                        "a.b.c CNAME www\n"
                        "* 5 MX 0 .\n"
                        "long TXT \"" +
                        std::string(255, 'x') + "\" \"" + std::string(100, 'y') +
                        "\"\n"
                        "gen TYPE65534 \\# 3 abcdef\n"
                        "empty TYPE65533 \\# 0\n");
    for (const Name& origin : {kOrigin, Name(), Name::parse("test.")}) {
        std::string text = write_zone_file(records, origin);
        INFO(text);
        // A different initial origin must not change the result: $ORIGIN decides.
        CHECK(read_zone_file(text, Name::parse("elsewhere.")) == records);
    }
}

TEST_CASE("zone file: CRLF line ends, lower-case directives, blank-led TTL", "[zonefile]") {
    auto records = read("$origin example.test.\r\n$ttl 2m\r\n"
                        "a A 192.0.2.1 ; note\r\n"
                        "  30 IN TXT \"x\"\r\n"
                        "  IN 40 TXT \"y\"\r\n");
    REQUIRE(records.size() == 3);
    CHECK(records[0].ttl == 120);
    CHECK(text_of(records[1]) == "a.example.test. 30 IN TXT \"x\"");
    CHECK(text_of(records[2]) == "a.example.test. 40 IN TXT \"y\"");
}
