// Our rdata text against the real implementations on this machine: BIND and Knot must
// accept a zone holding every example as we print it, and what BIND and ldns print for
// those records must read back, through our parser, to the same wire bytes.
#include "lib/dns/lexer.hpp"
#include "lib/dns/rdata.hpp"
#include "tests/support/process.hpp"
#include "tests/support/rdata_examples.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <sstream>
#include <tuple>

using namespace dnsclay::dns;
using dnsclay::test::have_program;
using dnsclay::test::rdata_examples;
using dnsclay::test::run;
using dnsclay::test::TempDir;
using dnsclay::test::write_file;

namespace {

using RecordKey = std::tuple<std::string, RRType, Bytes>; // lower-case owner, type, rdata

const std::string kHead = "$ORIGIN example.\n"
                          "@ 3600 IN SOA ns.example. admin.example. 1 3600 900 604800 3600\n"
                          "@ 3600 IN NS ns.example.\n"
                          "ns 3600 IN A 192.0.2.53\n";

// The examples as zone lines (owner rN.example., NSEC3 at a hashed owner) and as keys.
std::string example_zone(std::set<RecordKey>& keys) {
    std::string zone = kHead;
    int n = 0;
    for (const auto& ex : rdata_examples()) {
        if (ex.type == RRType::SOA) continue; // one per zone
        Bytes wire = rdata_from_text(ex.type, ex.text, Name());
        std::string owner = ex.type == RRType::NSEC3 ? "2t7b4g4vsa5smi47k61mv5bv1a22bojr.example."
                                                     : "r" + std::to_string(++n) + ".example.";
        zone +=
            owner + " 3600 IN " + to_string(ex.type) + " " + rdata_to_text(ex.type, wire) + "\n";
        keys.emplace(owner, ex.type, wire);
    }
    return zone;
}

// Reads a peer's zone output with our lexer and rdata parser; the SOA, apex NS and glue A
// of kHead are left out.
std::set<RecordKey> read_back(const std::string& text) {
    std::set<RecordKey> out;
    Lexer lexer(text);
    Entry e;
    while (lexer.next(e)) {
        REQUIRE(e.tokens.size() >= 4);
        std::string owner = Name::parse(e.tokens[0].text).canonical().to_string();
        auto type = rrtype_from_string(e.tokens[3].text);
        REQUIRE(type);
        if (owner == "example." || owner == "ns.example.") continue;
        INFO(owner << " " << e.tokens[3].text);
        std::span<const Token> rdata(e.tokens.begin() + 4, e.tokens.end());
        out.emplace(owner, *type, rdata_from_tokens(*type, rdata, Name()));
    }
    return out;
}

} // namespace

TEST_CASE("BIND, Knot and ldns accept our rdata text and theirs reads back the same",
          "[rdata][peers]") {
    for (const char* tool :
         {"named-checkzone", "named-compilezone", "kzonecheck", "ldns-read-zone"})
        if (!have_program(tool)) FAIL(std::string(tool) + " is not installed");
    TempDir dir;
    std::set<RecordKey> ours;
    write_file(dir / "example.zone", example_zone(ours));

    auto bind_check = run({"named-checkzone", "-i", "none", "example", dir / "example.zone"});
    INFO(bind_check.out << bind_check.err);
    CHECK(bind_check.exit_code == 0);
    auto knot_check = run({"kzonecheck", "-o", "example.", dir / "example.zone"});
    INFO(knot_check.out << knot_check.err);
    CHECK(knot_check.exit_code == 0);

    auto bind = run({"named-compilezone", "-i", "none", "-s", "full", "-o", "-", "example",
                     dir / "example.zone"});
    REQUIRE(bind.exit_code == 0);
    CHECK(read_back(bind.out) == ours);
    auto ldns = run({"ldns-read-zone", dir / "example.zone"});
    REQUIRE(ldns.exit_code == 0);
    CHECK(read_back(ldns.out) == ours);
}
