// The fuzz seed corpus holds real messages captured from kdig, nsupdate and knotd: each
// must parse, and rebuild into bytes that parse to the same message.
#include "lib/dns/message.hpp"
#include "lib/dns/rdata.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

using namespace dnsclay::dns;

namespace {

Message captured(const std::string& name) {
    std::string bytes =
        dnsclay::test::read_file(DNSCLAY_SOURCE_DIR "/tests/fuzz/corpus/message/" + name);
    return Message::parse(Bytes(bytes.begin(), bytes.end()));
}

} // namespace

TEST_CASE("every captured message parses and rebuilds", "[message][corpus]") {
    std::size_t files = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator(DNSCLAY_SOURCE_DIR "/tests/fuzz/corpus/message")) {
        INFO(entry.path());
        Message m = captured(entry.path().filename().string());
        Message again = Message::parse(m.to_wire());
        again.tsig_offset = m.tsig_offset;
        CHECK(again == m);
        ++files;
    }
    CHECK(files >= 10);
}

TEST_CASE("captured knotd answers carry what was asked", "[message][corpus]") {
    Message badvers = captured("knot-badvers");
    CHECK(badvers.rcode == Rcode::BADVERS);
    REQUIRE(badvers.edns);
    CHECK(badvers.edns->version == 0);

    Message axfr = captured("knot-axfr-0");
    REQUIRE(axfr.answers.size() > 2);
    CHECK(axfr.answers.front().type == RRType::SOA);
    CHECK(axfr.answers.back() == axfr.answers.front());

    Message https = captured("knot-answer-https");
    REQUIRE(https.answers.size() == 1);
    CHECK(https.answers[0].rdata ==
          rdata_from_text(RRType::HTTPS, "1 . alpn=h2,h3 port=443 ipv4hint=192.0.2.80", Name()));

    Message nx = captured("knot-nxdomain-soa");
    CHECK(nx.rcode == Rcode::NXDOMAIN);
    CHECK(nx.aa);
    REQUIRE(nx.authorities.size() == 1);
    CHECK(nx.authorities[0].type == RRType::SOA);

    Message signed_update = captured("nsupdate-tsig");
    CHECK(signed_update.opcode == Opcode::UPDATE);
    REQUIRE(signed_update.tsig);
    CHECK(signed_update.tsig->owner == Name::parse("update-key."));
}
