// Cross-checks of the message code against real clients: what kdig and nsupdate send
// parses to what their command lines asked for, and the answers we build are understood
// by them.
#include "lib/dns/error.hpp"
#include "lib/dns/message.hpp"
#include "lib/dns/rdata.hpp"
#include "tests/support/dns_listener.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay::dns;
using namespace dnsclay::test;

namespace {

Record record(std::string_view owner, RRType type, std::string_view rdata, std::uint32_t ttl,
              RRClass klass = RRClass::IN) {
    Record r{Name::parse(owner), type, klass, ttl, {}};
    if (!rdata.empty()) r.rdata = rdata_from_text(type, rdata, Name());
    return r;
}

// Answers every query with one A record and an Extended DNS Error.
Bytes answer_with_ede(std::span<const std::uint8_t> wire, bool tcp) {
    Message q = Message::parse(wire);
    Message r = q.make_response();
    r.aa = true;
    r.answers.push_back(record(q.questions.at(0).name.to_string(), RRType::A, "192.0.2.7", 300));
    if (!r.edns) r.edns.emplace();
    r.edns->add_extended_error(static_cast<std::uint16_t>(EdeCode::PROHIBITED), "dnsclay says no");
    return r.to_wire(tcp ? 65535 : q.edns ? q.edns->udp_payload_size : 512);
}

std::vector<std::string> kdig(int port, std::vector<std::string> extra) {
    std::vector<std::string> argv = {"kdig",       "@127.0.0.1", "-p", std::to_string(port),
                                     "+timeout=2", "+retry=0"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
}

} // namespace

TEST_CASE("kdig's queries parse, and kdig prints our answer with its EDE", "[peer][kdig]") {
    REQUIRE(have_program("kdig"));
    int port = free_port();
    DnsListener listener(port, answer_with_ede);
    auto result = run(kdig(port, {"www.example.test", "A", "+dnssec", "+nsid", "+bufsize=1400"}));
    INFO(result.out << result.err);
    REQUIRE(result.exit_code == 0);
    auto requests = listener.requests();
    REQUIRE(requests.size() == 1);
    CHECK_FALSE(requests[0].tcp);
    Message q = Message::parse(requests[0].wire);
    REQUIRE(q.questions.size() == 1);
    CHECK(q.questions[0].name == Name::parse("www.example.test."));
    CHECK(q.questions[0].type == RRType::A);
    CHECK(q.questions[0].klass == RRClass::IN);
    CHECK(q.rd);
    CHECK_FALSE(q.qr);
    REQUIRE(q.edns);
    CHECK(q.edns->udp_payload_size == 1400);
    CHECK(q.edns->dnssec_ok);
    CHECK(q.edns->version == 0);
    REQUIRE(q.edns->options.size() == 1);
    CHECK(q.edns->options[0].code == static_cast<std::uint16_t>(EdnsOptionCode::NSID));
    CHECK(q.edns->options[0].data.empty());
    // kdig's rendering of the answer we built.
    CHECK(result.out.find("status: NOERROR") != std::string::npos);
    CHECK(result.out.find("Flags: qr aa rd;") != std::string::npos);
    CHECK(result.out.find("flags: do; UDP size: 1232 B") != std::string::npos);
    CHECK(result.out.find(";; EDE: 18 (Prohibited): 'dnsclay says no'") != std::string::npos);
    CHECK(result.out.find("www.example.test.   \t300\tIN\tA\t192.0.2.7") != std::string::npos);
}

TEST_CASE("kdig over TCP without EDNS options", "[peer][kdig]") {
    REQUIRE(have_program("kdig"));
    int port = free_port();
    DnsListener listener(port, answer_with_ede);
    auto result = run(kdig(port, {"+tcp", "example.test", "MX", "+nordflag"}));
    INFO(result.out << result.err);
    REQUIRE(result.exit_code == 0);
    auto requests = listener.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].tcp);
    Message q = Message::parse(requests[0].wire);
    CHECK(q.questions.at(0).type == RRType::MX);
    CHECK_FALSE(q.rd);
    CHECK_FALSE((q.edns && q.edns->dnssec_ok));
    CHECK(result.out.find("192.0.2.7") != std::string::npos);
}

TEST_CASE("kdig asking EDNS version 1 gets BADVERS", "[peer][kdig]") {
    REQUIRE(have_program("kdig"));
    int port = free_port();
    DnsListener listener(port, [](std::span<const std::uint8_t> wire, bool tcp) {
        Message q = Message::parse(wire);
        // RFC 6891 §6.1.3: a version we do not implement is answered with BADVERS.
        return q.make_response(q.edns && q.edns->version > 0 ? Rcode::BADVERS : Rcode::NOERROR)
            .to_wire(tcp ? 65535 : 512);
    });
    auto result = run(kdig(port, {"example.test", "+edns=1"}));
    INFO(result.out << result.err);
    Message q = Message::parse(listener.requests().at(0).wire);
    REQUIRE(q.edns);
    CHECK(q.edns->version == 1);
    CHECK(result.out.find("status: BADVERS") != std::string::npos);
}

TEST_CASE("a truncated UDP answer makes kdig retry over TCP and get it whole",
          "[peer][kdig][truncation]") {
    REQUIRE(have_program("kdig"));
    int port = free_port();
    DnsListener listener(port, [](std::span<const std::uint8_t> wire, bool tcp) {
        Message q = Message::parse(wire);
        Message r = q.make_response();
        for (int i = 0; i < 60; ++i)
            r.answers.push_back(record("host" + std::to_string(i) + ".example.test.", RRType::A,
                                       "192.0.2." + std::to_string(i), 60));
        return r.to_wire(tcp ? 65535 : q.edns ? q.edns->udp_payload_size : 512);
    });
    auto result = run(kdig(port, {"example.test", "A", "+noedns"}));
    INFO(result.out << result.err);
    REQUIRE(result.exit_code == 0);
    auto requests = listener.requests();
    REQUIRE(requests.size() == 2);
    CHECK_FALSE(requests[0].tcp);
    CHECK(requests[1].tcp);
    CHECK(result.out.find("ANSWER: 60;") != std::string::npos);
    CHECK(result.out.find("host59.example.test.") != std::string::npos);
}

namespace {

std::string nsupdate_script(int port, const std::string& updates) {
    return "server 127.0.0.1 " + std::to_string(port) + "\nzone example.test\n" + updates +
           "send\n";
}

// Answers every request with `rcode` and remembers nothing else: the listener keeps the
// requests.
DnsListener::Handler reply_with(Rcode rcode) {
    return [rcode](std::span<const std::uint8_t> wire, bool) {
        return Message::parse(wire).make_response(rcode).to_wire(512);
    };
}

} // namespace

TEST_CASE("nsupdate's prerequisites and updates parse into the RFC 2136 sections",
          "[peer][nsupdate][update]") {
    REQUIRE(have_program("nsupdate"));
    int port = free_port();
    DnsListener listener(port, reply_with(Rcode::NOERROR));
    auto result =
        run({"nsupdate", "-t", "3"},
            nsupdate_script(port, "prereq nxdomain new.example.test\n"
                                  "prereq yxdomain example.test\n"
                                  "prereq nxrrset www.example.test A\n"
                                  "prereq yxrrset mail.example.test MX\n"
                                  "update add new.example.test 3600 A 192.0.2.9\n"
                                  "update add new.example.test 3600 MX 10 mx.example.test.\n"
                                  "update delete old.example.test A\n"
                                  "update delete gone.example.test\n"
                                  "update delete www.example.test A 192.0.2.1\n"));
    INFO(result.out << result.err);
    CHECK(result.exit_code == 0);
    auto requests = listener.requests();
    REQUIRE(requests.size() == 1);
    Message u = Message::parse(requests[0].wire);
    INFO(u.to_string());
    CHECK(u.opcode == Opcode::UPDATE);
    CHECK_FALSE(u.qr);
    REQUIRE(u.questions.size() == 1);
    CHECK(u.questions[0] == Question{Name::parse("example.test."), RRType::SOA, RRClass::IN});
    // RFC 2136 §2.4.4, §2.4.3, §2.4.2, §2.4.1: class NONE/ANY, TTL 0, no rdata.
    std::vector<Record> prereqs = {
        record("new.example.test.", RRType::ANY, "", 0, RRClass::NONE),
        record("example.test.", RRType::ANY, "", 0, RRClass::ANY),
        record("www.example.test.", RRType::A, "", 0, RRClass::NONE),
        record("mail.example.test.", RRType::MX, "", 0, RRClass::ANY),
    };
    CHECK(u.answers == prereqs);
    // RFC 2136 §2.5.1 add, §2.5.2 delete an RRset, §2.5.3 delete all RRsets, §2.5.4 delete
    // one RR (class NONE, TTL 0, with the rdata).
    std::vector<Record> updates = {
        record("new.example.test.", RRType::A, "192.0.2.9", 3600),
        record("new.example.test.", RRType::MX, "10 mx.example.test.", 3600),
        record("old.example.test.", RRType::A, "", 0, RRClass::ANY),
        record("gone.example.test.", RRType::ANY, "", 0, RRClass::ANY),
        record("www.example.test.", RRType::A, "192.0.2.1", 0, RRClass::NONE),
    };
    CHECK(u.authorities == updates);
    CHECK(u.additionals.empty());
    CHECK_FALSE(u.tsig);
}

TEST_CASE("nsupdate exits with the rcode we answer", "[peer][nsupdate]") {
    REQUIRE(have_program("nsupdate"));
    for (auto rcode : {Rcode::REFUSED, Rcode::NXRRSET, Rcode::NOTAUTH}) {
        int port = free_port();
        DnsListener listener(port, reply_with(rcode));
        auto result = run({"nsupdate", "-t", "3"},
                          nsupdate_script(port, "update add a.example.test 60 A 192.0.2.1\n"));
        INFO(result.out << result.err);
        CHECK(listener.requests().size() == 1);
        CHECK(result.exit_code == 2);
        CHECK(result.err.find("update failed: " + to_string(rcode)) != std::string::npos);
    }
}

TEST_CASE("a TSIG-signed nsupdate request has its TSIG last, at the recorded offset",
          "[peer][nsupdate][tsig]") {
    REQUIRE(have_program("nsupdate"));
    int port = free_port();
    // The unsigned answer makes nsupdate give up at once (signing answers is tsig.cpp's job).
    DnsListener listener(port, reply_with(Rcode::NOERROR));
    auto result =
        run({"nsupdate", "-t", "3", "-y", "hmac-sha256:update-key:c2VjcmV0c2VjcmV0c2VjcmV0"},
            nsupdate_script(port, "update add a.example.test 60 A 192.0.2.1\n"));
    INFO(result.out << result.err);
    CHECK(result.exit_code != 0);
    auto requests = listener.requests();
    REQUIRE(!requests.empty());
    Message u = Message::parse(requests[0].wire);
    REQUIRE(u.tsig);
    CHECK(u.tsig->owner == Name::parse("update-key."));
    CHECK(u.tsig->klass == RRClass::ANY);
    CHECK(u.tsig->ttl == 0);
    CHECK(u.tsig_offset + u.tsig->owner.wire_length() + 10 + u.tsig->rdata.size() ==
          requests[0].wire.size());
    // The algorithm name opens the TSIG rdata.
    WireReader alg(u.tsig->rdata);
    CHECK(alg.name() == Name::parse("hmac-sha256."));
    CHECK(u.authorities ==
          std::vector<Record>{record("a.example.test.", RRType::A, "192.0.2.1", 60)});
}
