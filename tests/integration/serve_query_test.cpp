// dnsclay serve answering queries from real clients (kdig): SOA at the apex with our
// serial, negative answers below it as zone discovery needs them, REFUSED outside our
// zones, CHAOS identity, EDNS rules and UDP truncation.
#include "tests/integration/serve_fixture.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay::test;

namespace {

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

void example_zone(ServeFixture& f) {
    f.add_zone("example.test.");
    f.add_records("example.test.", {
                                       "example.test. 3600 NS ns1.example.test.",
                                       "ns1.example.test. 3600 A 192.0.2.53",
                                       "www.example.test. 300 A 192.0.2.1",
                                       "a.b.example.test. 300 A 192.0.2.2",
                                       "*.wild.example.test. 300 TXT \"wild\"",
                                       "alias.example.test. 300 CNAME www.example.test.",
                                   });
}

} // namespace

TEST_CASE("serve answers SOA at the apex with our serial, over UDP and TCP", "[serve]") {
    ServeFixture f;
    example_zone(f);
    f.start();
    for (std::string transport : {"+notcp", "+tcp"}) {
        auto r = f.kdig({transport, "example.test.", "SOA"});
        REQUIRE(r.exit_code == 0);
        CHECK(has(r.out, "status: NOERROR"));
        CHECK(has(r.out, "Flags: qr aa"));
        CHECK(has(r.out, "SOA\tns1.example.test. hostmaster.example.test. 2 "));
    }
    // The answer follows changes made by other processes without a restart.
    f.add_records("example.test.", {"new.example.test. 60 TXT \"x\""});
    auto r = f.kdig({"example.test.", "SOA"});
    CHECK(has(r.out, "hostmaster.example.test. 3 "));
}

TEST_CASE("serve gives RFC 2308 negative answers below the apex (zone discovery)", "[serve]") {
    ServeFixture f;
    example_zone(f);
    f.start();
    // certbot's and lego's discovery: SOA queries walking up the name, RD off.
    auto deep = f.kdig({"+nord", "_acme-challenge.www.example.test.", "SOA"});
    CHECK(has(deep.out, "status: NXDOMAIN"));
    CHECK(has(deep.out, "Flags: qr aa;"));
    CHECK(has(deep.out, "AUTHORITY SECTION:\nexample.test."));
    auto www = f.kdig({"+nord", "www.example.test.", "SOA"});
    CHECK(has(www.out, "status: NOERROR"));
    CHECK(has(www.out, "ANSWER: 0"));
    CHECK(has(www.out, "AUTHORITY SECTION:\nexample.test."));
    // The negative TTL is min(SOA TTL, MINIMUM) (RFC 2308 §5): 300 with the defaults.
    CHECK(has(www.out, "example.test.       \t300\tIN\tSOA"));
    // An empty non-terminal exists (RFC 8020): NODATA, not NXDOMAIN.
    auto ent = f.kdig({"b.example.test.", "A"});
    CHECK(has(ent.out, "status: NOERROR"));
    CHECK(has(ent.out, "ANSWER: 0"));
    // Data, wildcards and CNAMEs from the local copy.
    auto a = f.kdig({"www.example.test.", "A"});
    CHECK(has(a.out, "192.0.2.1"));
    auto wild = f.kdig({"x.y.wild.example.test.", "TXT"});
    CHECK(has(wild.out, "ANSWER SECTION:\nx.y.wild.example.test."));
    CHECK(has(wild.out, "TXT\t\"wild\""));
    auto alias = f.kdig({"alias.example.test.", "A"});
    CHECK(has(alias.out, "CNAME\twww.example.test."));
}

TEST_CASE("serve refuses names outside its zones with an Extended DNS Error", "[serve]") {
    ServeFixture f;
    example_zone(f);
    f.start();
    auto r = f.kdig({"+edns", "example.org.", "SOA"});
    CHECK(has(r.out, "status: REFUSED"));
    CHECK_FALSE(has(r.out, "Flags: qr aa"));
    CHECK(has(r.out, "EDE: 20 (Not Authoritative): 'example.org. is not in a zone served here'"));
    // No EDNS in the request: no OPT in the answer.
    auto plain = f.kdig({"example.org.", "SOA"});
    CHECK(has(plain.out, "status: REFUSED"));
    CHECK_FALSE(has(plain.out, "EDE"));
}

TEST_CASE("serve answers version.bind and id.server in class CH", "[serve]") {
    ServeFixture f;
    f.start();
    auto v = f.kdig({"version.bind.", "CH", "TXT"});
    CHECK(has(v.out, "CH\tTXT\t\"dnsclay 0."));
    auto id = f.kdig({"id.server.", "CH", "TXT"});
    CHECK(has(id.out, "status: NOERROR"));
    auto other = f.kdig({"+edns", "example.test.", "CH", "SOA"});
    CHECK(has(other.out, "status: REFUSED"));
    CHECK(has(other.out, "EDE: 21"));
    auto hs = f.kdig({"+edns", "example.test.", "HS", "SOA"});
    CHECK(has(hs.out, "status: REFUSED"));
}

TEST_CASE("serve answers EDNS versions other than 0 with BADVERS", "[serve]") {
    ServeFixture f;
    example_zone(f);
    f.start();
    auto r = f.kdig({"+edns=1", "+noidn", "example.test.", "SOA"});
    CHECK(has(r.out, "status: BADVERS"));
    CHECK(has(r.out, "EDNS version 1 is not supported"));
}

TEST_CASE("serve truncates UDP answers to the client's EDNS size and sets TC", "[serve]") {
    ServeFixture f;
    f.add_zone("example.test.");
    std::vector<std::string> lines;
    for (int i = 0; i < 20; ++i)
        lines.push_back("big.example.test. 300 TXT \"" +
                        std::string(100, static_cast<char>('a' + i)) + "\"");
    f.add_records("example.test.", lines);
    f.start();
    auto small = f.kdig({"+bufsize=1232", "+ignore", "big.example.test.", "TXT"});
    CHECK(has(small.out, "Flags: qr aa tc"));
    auto tcp = f.kdig({"+tcp", "big.example.test.", "TXT"});
    CHECK(has(tcp.out, "ANSWER: 20"));
    auto large = f.kdig({"+bufsize=4096", "+ignore", "big.example.test.", "TXT"});
    CHECK_FALSE(has(large.out, " tc"));
    CHECK(has(large.out, "ANSWER: 20"));
}

TEST_CASE("serve stops on SIGTERM with exit status 0", "[serve]") {
    ServeFixture f;
    f.start();
    f.stop();
    CHECK(has(f.log(), "stopped"));
}
