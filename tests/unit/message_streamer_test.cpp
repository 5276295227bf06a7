// MessageStreamer: AXFR-style answers split over messages that each repeat the header and
// question, carry the OPT, and are filled up to the limit.
#include "lib/dns/error.hpp"
#include "lib/dns/message.hpp"
#include "tests/unit/message_helpers.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay::dns;
using dnsclay::test::query;
using dnsclay::test::rr;

namespace {

// Varied records, so sizes and compression differ from one to the next.
Record zone_record(int i) {
    std::string owner = "h" + std::to_string(i) + ".sub" + std::to_string(i % 7) + ".example.";
    switch (i % 4) {
    case 0:
        return rr(owner, RRType::A, "192.0.2." + std::to_string(i % 256));
    case 1:
        return rr(owner, RRType::AAAA, "2001:db8::" + std::to_string(i % 9999));
    case 2:
        return rr(owner, RRType::MX,
                  std::to_string(i % 100) + " mx" + std::to_string(i) + ".example.");
    default:
        return rr(owner, RRType::TXT, "text number " + std::to_string(i));
    }
}

Message axfr_template(bool with_edns) {
    Message t = query("example.", RRType::AXFR, 999).make_response();
    t.aa = true;
    if (with_edns) t.edns.emplace();
    return t;
}

} // namespace

TEST_CASE("10,000 records stream into full 64 KiB messages and parse back", "[message][streamer]") {
    constexpr std::size_t kMax = 65535, kReserve = 200;
    Message t = axfr_template(true);
    std::vector<Bytes> messages;
    MessageStreamer streamer(t, kMax, kReserve,
                             [&](Bytes&& m) { messages.push_back(std::move(m)); });
    std::vector<Record> records;
    for (int i = 0; i < 10000; ++i) {
        records.push_back(zone_record(i));
        streamer.add(records.back());
    }
    streamer.finish();
    CHECK(streamer.messages_emitted() == messages.size());
    // About 40 bytes a record: several messages, and not one per record.
    CHECK(messages.size() > 3);
    CHECK(messages.size() < 20);

    std::vector<Message> parsed;
    std::vector<Record> back;
    for (const auto& wire : messages) {
        CHECK(wire.size() <= kMax - kReserve);
        Message m = Message::parse(wire);
        CHECK(m.id == 999);
        CHECK(m.qr);
        CHECK(m.aa);
        CHECK(m.questions == t.questions);
        CHECK(m.edns == t.edns);
        back.insert(back.end(), m.answers.begin(), m.answers.end());
        parsed.push_back(std::move(m));
    }
    CHECK(back == records);
    // Each message but the last is full: its next record would have crossed the limit.
    for (std::size_t i = 0; i + 1 < parsed.size(); ++i) {
        Message more = parsed[i];
        more.answers.push_back(parsed[i + 1].answers.front());
        CHECK(more.to_wire().size() > kMax - kReserve);
    }
}

TEST_CASE("the streamer puts a record bigger than the limit alone in a message",
          "[message][streamer]") {
    std::vector<Bytes> messages;
    MessageStreamer streamer(axfr_template(false), 100, 0,
                             [&](Bytes&& m) { messages.push_back(std::move(m)); });
    Record big = rr("big.example.", RRType::TXT, std::string(200, 'b'));
    Record small = rr("s.example.", RRType::A, "192.0.2.1");
    streamer.add(small);
    streamer.add(big);
    streamer.add(big);
    streamer.add(small);
    streamer.finish();
    REQUIRE(messages.size() == 4);
    CHECK(Message::parse(messages[0]).answers == std::vector<Record>{small});
    CHECK(Message::parse(messages[1]).answers == std::vector<Record>{big});
    CHECK(Message::parse(messages[2]).answers == std::vector<Record>{big});
    CHECK(Message::parse(messages[3]).answers == std::vector<Record>{small});
}

TEST_CASE("finishing an empty stream emits one message with the question", "[message][streamer]") {
    std::vector<Bytes> messages;
    Message t = axfr_template(true);
    MessageStreamer streamer(t, 65535, 0, [&](Bytes&& m) { messages.push_back(std::move(m)); });
    streamer.finish();
    REQUIRE(messages.size() == 1);
    Message m = Message::parse(messages[0]);
    CHECK(m.questions == t.questions);
    CHECK(m.answers.empty());
    CHECK(m.edns);
}
