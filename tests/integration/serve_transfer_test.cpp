// AXFR and IXFR from dnsclay serve with kdig: TSIG with every HMAC, multi-message
// transfers signed throughout, and the refusals for missing, unknown, wrong and
// ungranted keys with their rcode, TSIG error and Extended DNS Error.
#include "lib/dns/message.hpp"
#include "tests/integration/serve_fixture.hpp"
#include "tests/support/dns_client.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace dnsclay::test;

namespace {

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::size_t count(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto pos = text.find(part); pos != std::string::npos; pos = text.find(part, pos + 1))
        ++n;
    return n;
}

// The records of kdig's transfer output, one per line, without comments and TSIG records.
std::vector<std::string> records(const std::string& out) {
    std::vector<std::string> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] != ';' && !has(line, "\tTSIG\t")) lines.push_back(line);
    return lines;
}

// The EDE text of a single-message answer to `query` over TCP.
std::string tcp_ede(const ServeFixture& f, const dnsclay::dns::Message& query) {
    auto answers = tcp_exchange("127.0.0.1", f.port(), query.to_wire());
    auto a = dnsclay::dns::Message::parse(answers.at(0));
    if (!a.edns || a.edns->extended_errors().empty()) return "";
    return a.edns->extended_errors()[0].text;
}

dnsclay::dns::Message axfr_query(const std::string& zone) {
    dnsclay::dns::Message q;
    q.id = 77;
    q.questions.push_back(
        {dnsclay::dns::Name::parse(zone), dnsclay::dns::RRType::AXFR, dnsclay::dns::RRClass::IN});
    q.edns.emplace();
    return q;
}

TsigCred key(const std::string& name, const std::string& alg = "hmac-sha256") {
    TsigCred c;
    c.name = name;
    c.algorithm = alg;
    c.secret = random_secret();
    c.zones = {"example.test."};
    return c;
}

void two_zones(ServeFixture& f) {
    f.add_zone("example.test.");
    f.add_records("example.test.", {"www.example.test. 300 A 192.0.2.1",
                                    "mail.example.test. 300 MX 10 mx.example.test."});
    f.add_zone("other.test.");
}

} // namespace

TEST_CASE("AXFR with TSIG, with each of the six HMAC algorithms", "[serve][tsig]") {
    ServeFixture f;
    two_zones(f);
    std::vector<TsigCred> keys;
    for (auto alg :
         {"hmac-md5", "hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512"}) {
        keys.push_back(key(std::string("k-") + alg, alg));
        f.add_tsig(keys.back());
    }
    f.start();
    for (const auto& k : keys) {
        INFO(k.algorithm);
        auto r = f.kdig({"-y", k.spec(), "example.test.", "AXFR"});
        CHECK(r.exit_code == 0);
        auto rr = records(r.out);
        REQUIRE(rr.size() == 4);
        CHECK(has(rr.front(), "\tSOA\t"));
        CHECK(has(rr.back(), "\tSOA\t"));
        CHECK(has(r.out, "192.0.2.1"));
        CHECK_FALSE(has(r.out, "WARNING"));
    }
}

TEST_CASE("a large AXFR is streamed in many messages, each TSIG-signed", "[serve][tsig]") {
    ServeFixture f;
    f.add_zone("example.test.");
    std::vector<std::string> lines;
    for (int i = 0; i < 3000; ++i)
        lines.push_back("host" + std::to_string(i) + ".example.test. 300 TXT \"" +
                        std::string(40, 'x') + std::to_string(i) + "\"");
    f.add_records("example.test.", lines);
    auto k = key("xfr");
    f.add_tsig(k);
    f.start();
    auto r = f.kdig({"-y", k.spec(), "example.test.", "AXFR"});
    REQUIRE(r.exit_code == 0);
    CHECK(records(r.out).size() == 3002);
    CHECK_FALSE(has(r.out, "WARNING"));
    // kdig reports the number of messages it received and verified.
    CHECK_FALSE(has(r.out, "Received 1 messages"));
}

TEST_CASE("transfers without a granted credential are refused with the reason", "[serve][tsig]") {
    ServeFixture f;
    two_zones(f);
    auto mine = key("mine");
    auto other = key("other-zone-key");
    other.zones = {"other.test."};
    f.add_tsig(mine);
    f.add_tsig(other);
    f.start();

    // kdig reports a refused transfer by its rcode only; the EDE is read with a plain client.
    auto none = f.kdig({"example.test.", "AXFR"});
    CHECK(has(none.out + none.err, "REFUSED"));
    CHECK(tcp_ede(f, axfr_query("example.test.")).starts_with("authentication required"));

    auto foreign = f.kdig({"-y", other.spec(), "example.test.", "AXFR"});
    CHECK(has(foreign.out + foreign.err, "REFUSED"));
    CHECK_FALSE(has(foreign.out, "192.0.2.1"));

    // Unknown key: NOTAUTH with TSIG error BADKEY (RFC 8945 §5.2.2), and the EDE says so.
    auto unknown = key("nobody");
    auto badkey = f.kdig({"+edns", "-y", unknown.spec(), "example.test.", "SOA"});
    CHECK(has(badkey.out, "status: BADKEY"));
    CHECK(has(badkey.out, "TSIG\thmac-sha256. "));
    CHECK(has(badkey.out, " BADKEY "));
    CHECK(has(badkey.out, "EDE: 0 (Other): 'TSIG key nobody.: "));

    // Right name, wrong secret: NOTAUTH with BADSIG.
    auto wrong = mine;
    wrong.secret = random_secret();
    auto badsig = f.kdig({"+edns", "-y", wrong.spec(), "example.test.", "SOA"});
    CHECK(has(badsig.out, "status: BADSIG"));
    CHECK(has(badsig.out, "(BADSIG)'"));

    // A read-only key may transfer.
    auto ro = key("reader");
    ro.read_only = true;
    f.add_tsig(ro);
    auto read = f.kdig({"-y", ro.spec(), "example.test.", "AXFR"});
    CHECK(records(read.out).size() == 4);
}

TEST_CASE("IXFR sends the differences, a single SOA when current, AXFR when too old",
          "[serve][ixfr]") {
    ServeFixture f;
    f.add_zone("example.test.");
    f.add_records("example.test.", {"www.example.test. 300 A 192.0.2.1"}); // serial 2
    auto k = key("xfr");
    f.add_tsig(k);
    f.start();
    f.add_records("example.test.", {"new.example.test. 300 A 192.0.2.7"}); // serial 3
    REQUIRE(f.serial("example.test.") == 3);

    auto diff = f.kdig({"-y", k.spec(), "example.test.", "IXFR=2"});
    CHECK(diff.exit_code == 0);
    auto rr = records(diff.out);
    // SOA 3, SOA 2, (nothing deleted), SOA 3, the addition, SOA 3.
    REQUIRE(rr.size() == 5);
    CHECK(has(rr[0], " 3 "));
    CHECK(has(rr[1], " 2 "));
    CHECK(has(rr[2], " 3 "));
    CHECK(has(rr[3], "new.example.test."));
    CHECK(has(rr[4], " 3 "));

    auto current = f.kdig({"-y", k.spec(), "example.test.", "IXFR=3"});
    CHECK(records(current.out).size() == 1);

    // Serial 1 is older than the history kept: the whole zone, AXFR-style.
    auto old = f.kdig({"-y", k.spec(), "example.test.", "IXFR=1"});
    auto all = records(old.out);
    REQUIRE(all.size() == 4);
    CHECK(count(old.out, "\tSOA\t") == 2);
}
