#include "lib/dns/error.hpp"
#include "lib/dns/lexer.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace dnsclay::dns;

namespace {

std::vector<Entry> entries(std::string_view text) {
    Lexer lexer(text);
    std::vector<Entry> out;
    Entry e;
    while (lexer.next(e))
        out.push_back(e);
    return out;
}

std::vector<std::string> texts(const Entry& e) {
    std::vector<std::string> out;
    for (const auto& t : e.tokens)
        out.push_back(t.text);
    return out;
}

} // namespace

TEST_CASE("lexer splits lines into entries and tokens with positions", "[lexer]") {
    auto es = entries("www 300 IN A 192.0.2.1\n\n\tIN AAAA ::1\n");
    REQUIRE(es.size() == 2);
    CHECK(texts(es[0]) == std::vector<std::string>{"www", "300", "IN", "A", "192.0.2.1"});
    CHECK_FALSE(es[0].owner_omitted);
    CHECK(es[0].line == 1);
    CHECK(es[0].tokens[4].column == 14);
    CHECK(texts(es[1]) == std::vector<std::string>{"IN", "AAAA", "::1"});
    CHECK(es[1].owner_omitted);
    CHECK(es[1].line == 3);
    CHECK(es[1].tokens[0].line == 3);
    CHECK(es[1].tokens[0].column == 2);
}

TEST_CASE("lexer joins parentheses across lines and drops comments", "[lexer]") {
    auto es = entries("@ SOA ns admin ( ; serial next\n"
                      "   1 ; serial\n"
                      "   2 3 4 5 )\n"
                      "; a whole comment line\n"
                      "x A 192.0.2.1 ; trailing\n");
    REQUIRE(es.size() == 2);
    CHECK(texts(es[0]) ==
          std::vector<std::string>{"@", "SOA", "ns", "admin", "1", "2", "3", "4", "5"});
    CHECK(es[0].tokens[4].line == 2);
    CHECK(es[0].tokens[8].line == 3);
    CHECK(texts(es[1]) == std::vector<std::string>{"x", "A", "192.0.2.1"});
    CHECK(es[1].line == 5);
}

TEST_CASE("lexer keeps quoted strings with blanks and semicolons", "[lexer]") {
    auto toks = tokenize(R"x(TXT "a ; b (c)" plain "" "x\"y")x");
    REQUIRE(toks.size() == 5);
    CHECK(toks[1].text == "a ; b (c)");
    CHECK(toks[1].quoted);
    CHECK_FALSE(toks[2].quoted);
    CHECK(toks[3].text.empty());
    CHECK(toks[3].quoted);
    // Escapes stay as written for the rdata parser, and an escaped quote does not end it.
    CHECK(toks[4].text == R"(x\"y)");
}

TEST_CASE("lexer keeps escapes in unquoted tokens", "[lexer]") {
    auto toks = tokenize(R"(a\ b c\;d e\(f \065)");
    REQUIRE(toks.size() == 4);
    CHECK(toks[0].text == R"(a\ b)");
    CHECK(toks[1].text == R"(c\;d)");
    CHECK(toks[2].text == R"(e\(f)");
    CHECK(toks[3].text == R"(\065)");
}

TEST_CASE("lexer reports unterminated quotes and parentheses with their position", "[lexer]") {
    try {
        entries("ok A 192.0.2.1\nbad TXT \"open\n");
        FAIL("no error");
    } catch (const TextError& e) {
        CHECK(e.line() == 2);
        CHECK(e.column() == 9);
    }
    try {
        entries("a SOA ( 1 2\n 3\n");
        FAIL("no error");
    } catch (const TextError& e) {
        CHECK(e.line() == 1);
        CHECK(e.column() == 7);
    }
    try {
        entries("a A 1 )\n");
        FAIL("no error");
    } catch (const TextError& e) {
        CHECK(e.line() == 1);
        CHECK(e.column() == 7);
    }
}

TEST_CASE("lexer handles empty text, blank lines and CRLF", "[lexer]") {
    CHECK(entries("").empty());
    CHECK(entries("\n\n   \n; only a comment\n").empty());
    auto es = entries("a A 192.0.2.1\r\nb A 192.0.2.2\r\n");
    REQUIRE(es.size() == 2);
    CHECK(es[0].tokens.back().text == "192.0.2.1");
    CHECK(es[1].tokens[0].text == "b");
    CHECK_FALSE(es[1].owner_omitted);
}
