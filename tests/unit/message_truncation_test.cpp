// UDP truncation (RFC 1035 §4.2.1, RFC 2181 §9): fill up to the limit with whole RRsets,
// set TC only when answer or authority data was dropped, keep the OPT record.
#include "lib/dns/error.hpp"
#include "lib/dns/message.hpp"
#include "tests/unit/message_helpers.hpp"

#include <catch2/catch.hpp>
#include <limits>

using namespace dnsclay::dns;
using dnsclay::test::query;
using dnsclay::test::rr;

namespace {

// 30 RRsets of two A records each, under different names.
std::vector<Record> many_rrsets() {
    std::vector<Record> out;
    for (int i = 0; i < 30; ++i) {
        std::string owner = "host" + std::to_string(i) + ".example.";
        out.push_back(rr(owner, RRType::A, "192.0.2." + std::to_string(i)));
        out.push_back(rr(owner, RRType::A, "198.51.100." + std::to_string(i)));
    }
    return out;
}

Message big_response(bool with_edns) {
    Message m = query("example.", RRType::ANY).make_response();
    m.answers = many_rrsets();
    if (with_edns) {
        m.edns.emplace();
        m.edns->add_extended_error(0, "kept");
    }
    return m;
}

} // namespace

TEST_CASE("a message that fits is not truncated", "[message][truncation]") {
    Message m = big_response(false);
    m.answers.resize(4);
    Bytes wire = m.to_wire(512);
    Message back = Message::parse(wire);
    CHECK_FALSE(back.tc);
    CHECK(back == m);
}

TEST_CASE("truncation to 512 keeps whole RRsets, sets TC and keeps the OPT",
          "[message][truncation]") {
    for (bool with_edns : {false, true}) {
        INFO("edns: " << with_edns);
        Message m = big_response(with_edns);
        m.authorities = {rr("example.", RRType::NS, "ns.example.")};
        Bytes wire = m.to_wire(512);
        CHECK(wire.size() <= 512);
        Message back = Message::parse(wire);
        CHECK(back.tc);
        CHECK(back.edns == m.edns);
        // A prefix of the answers made of whole RRsets; nothing after the cut.
        REQUIRE(back.answers.size() > 0);
        CHECK(back.answers.size() % 2 == 0);
        CHECK(std::equal(back.answers.begin(), back.answers.end(), m.answers.begin()));
        CHECK(back.authorities.empty());
        // Filled as far as possible: one more RRset would not have fit.
        Message more = back;
        more.tc = false;
        more.answers.push_back(m.answers[back.answers.size()]);
        more.answers.push_back(m.answers[back.answers.size() + 1]);
        CHECK(more.to_wire().size() > 512);
    }
}

TEST_CASE("an RRset that does not fit is dropped whole", "[message][truncation]") {
    Message m = query("example.", RRType::A).make_response();
    for (int i = 0; i < 40; ++i)
        m.answers.push_back(rr("example.", RRType::A, "192.0.2." + std::to_string(i)));
    Message back = Message::parse(m.to_wire(512));
    CHECK(back.tc);
    CHECK(back.answers.empty());
    CHECK(back.questions == m.questions);
}

TEST_CASE("dropped additional records do not set TC", "[message][truncation]") {
    Message m = query("example.", RRType::NS).make_response();
    m.answers = {rr("example.", RRType::NS, "ns1.example."),
                 rr("example.", RRType::NS, "ns2.example.")};
    m.additionals = many_rrsets();
    m.edns.emplace();
    Message back = Message::parse(m.to_wire(512));
    CHECK_FALSE(back.tc);
    CHECK(back.answers == m.answers);
    CHECK(back.additionals.size() < m.additionals.size());
    CHECK(back.additionals.size() % 2 == 0);
    CHECK(back.edns);
}

TEST_CASE("reserve keeps room for a TSIG added later", "[message][truncation]") {
    Message m = big_response(true);
    Bytes full = m.to_wire(512);
    Bytes reserved = m.to_wire(512, 100);
    CHECK(reserved.size() <= 412);
    CHECK(reserved.size() < full.size());
    CHECK(Message::parse(reserved).tc);
}

TEST_CASE("an OPT bigger than the limit still goes out, with TC", "[message][truncation]") {
    Message m = big_response(true);
    m.edns->add_extended_error(0, std::string(600, 'x'));
    Message back = Message::parse(m.to_wire(512));
    CHECK(back.tc);
    CHECK(back.answers.empty());
    CHECK(back.edns == m.edns);
}

TEST_CASE("section counts stop at 65535 records, the OPT included", "[message][truncation]") {
    Message m = query("example.", RRType::ANY).make_response();
    // Alternating types, so that every record is an RRset of its own.
    std::vector<Record> records;
    for (std::size_t i = 0; i < 65536; ++i)
        records.push_back(
            dnsclay::test::empty_rr("example.", i % 2 ? RRType::A : RRType::AAAA, RRClass::ANY));
    m.answers = records;
    Message back = Message::parse(m.to_wire(std::numeric_limits<std::size_t>::max()));
    CHECK(back.tc);
    CHECK(back.answers.size() == 65535);

    m.answers.clear();
    m.additionals = records;
    m.edns.emplace();
    back = Message::parse(m.to_wire(std::numeric_limits<std::size_t>::max()));
    CHECK_FALSE(back.tc);
    CHECK(back.additionals.size() == 65534);
    CHECK(back.edns);
}
