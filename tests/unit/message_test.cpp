// Message parse and build: header flags, every section, UPDATE's empty records, EDNS with
// Extended DNS Errors, TSIG placement, and malformed input.
#include "lib/dns/error.hpp"
#include "lib/dns/message.hpp"
#include "tests/unit/message_helpers.hpp"

#include <catch2/catch.hpp>

using namespace dnsclay::dns;
using dnsclay::test::empty_rr;
using dnsclay::test::query;
using dnsclay::test::rr;

namespace {

// A TSIG rdata (RFC 8945 §4.2) for hmac-sha256 with a 32-byte MAC of `fill` bytes.
Bytes tsig_rdata(std::uint8_t fill) {
    WireWriter w;
    w.name(Name::parse("hmac-sha256."), false);
    w.u48(1700000000);
    w.u16(300);
    w.u16(32);
    for (int i = 0; i < 32; ++i)
        w.u8(fill);
    w.u16(0x1234);
    w.u16(0);
    w.u16(0);
    return w.take();
}

Record tsig_record() {
    Record r;
    r.owner = Name::parse("key.example.");
    r.type = RRType::TSIG;
    r.klass = RRClass::ANY;
    r.ttl = 0;
    r.rdata = tsig_rdata(0xab);
    return r;
}

// A response using every section, EDNS with options and a TSIG: the richest valid message
// the malformed-input tests start from.
Message full_response() {
    Message m = query("www.example.", RRType::A, 0xbeef);
    m.qr = m.aa = m.ra = true;
    m.answers = {rr("www.example.", RRType::CNAME, "web.example."),
                 rr("web.example.", RRType::A, "192.0.2.1"),
                 rr("web.example.", RRType::A, "192.0.2.2")};
    m.authorities = {rr("example.", RRType::NS, "ns1.example."),
                     rr("example.", RRType::NS, "ns2.example.")};
    m.additionals = {rr("ns1.example.", RRType::A, "192.0.2.53"),
                     rr("ns2.example.", RRType::AAAA, "2001:db8::53"),
                     rr("example.", RRType::MX, "10 mail.example.")};
    m.edns.emplace();
    m.edns->udp_payload_size = 4096;
    m.edns->dnssec_ok = true;
    m.edns->options.push_back({static_cast<std::uint16_t>(EdnsOptionCode::NSID), {'n', 's'}});
    m.edns->add_extended_error(18, "not here");
    m.tsig = tsig_record();
    return m;
}

// An UPDATE with every RFC 2136 section and every kind of prerequisite and update.
Message update_with_every_section() {
    Message u;
    u.id = 77;
    u.opcode = Opcode::UPDATE;
    u.questions.push_back({Name::parse("example."), RRType::SOA, RRClass::IN});
    // RFC 2136 §2.4: yxdomain, nxdomain, yxrrset (value-independent), nxrrset, and a
    // value-dependent yxrrset.
    u.answers = {empty_rr("a.example.", RRType::ANY, RRClass::ANY),
                 empty_rr("b.example.", RRType::ANY, RRClass::NONE),
                 empty_rr("c.example.", RRType::MX, RRClass::ANY),
                 empty_rr("d.example.", RRType::SOA, RRClass::NONE),
                 rr("e.example.", RRType::A, "192.0.2.5", 0)};
    // RFC 2136 §2.5: add, delete all RRsets, delete an RRset, delete one RR.
    u.authorities = {rr("new.example.", RRType::A, "192.0.2.9", 3600),
                     empty_rr("old.example.", RRType::ANY, RRClass::ANY),
                     empty_rr("old2.example.", RRType::NS, RRClass::ANY),
                     rr("old3.example.", RRType::A, "192.0.2.3", 0, RRClass::NONE)};
    u.additionals = {rr("ns.example.", RRType::A, "192.0.2.53")};
    return u;
}

Message reparse(const Message& m) {
    return Message::parse(m.to_wire());
}

// A header followed by the given bytes, with the given counts.
Bytes with_header(std::uint16_t qd, std::uint16_t an, std::uint16_t ns, std::uint16_t ar,
                  const Bytes& body) {
    WireWriter w;
    w.u16(1);
    w.u16(0x8000);
    w.u16(qd);
    w.u16(an);
    w.u16(ns);
    w.u16(ar);
    w.bytes(body);
    return w.take();
}

void write_opt(WireWriter& w, const Name& owner, std::uint16_t payload, std::uint32_t ttl,
               const Bytes& rdata) {
    w.name(owner, false);
    w.u16(static_cast<std::uint16_t>(RRType::OPT));
    w.u16(payload);
    w.u32(ttl);
    w.u16(static_cast<std::uint16_t>(rdata.size()));
    w.bytes(rdata);
}

void write_raw_record(WireWriter& w, const Record& r) {
    w.name(r.owner, false);
    w.u16(static_cast<std::uint16_t>(r.type));
    w.u16(static_cast<std::uint16_t>(r.klass));
    w.u32(r.ttl);
    w.u16(static_cast<std::uint16_t>(r.rdata.size()));
    w.bytes(r.rdata);
}

} // namespace

TEST_CASE("a query round-trips and has the RFC 1035 header layout", "[message]") {
    Message q = query("www.example.", RRType::AAAA, 0xabcd);
    Bytes wire = q.to_wire();
    // id, flags (RD only), QDCOUNT 1, other counts 0, then the question.
    Bytes header = {0xab, 0xcd, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0};
    REQUIRE(wire.size() == 12 + 13 + 4);
    CHECK(Bytes(wire.begin(), wire.begin() + 12) == header);
    CHECK(wire[12 + 13 + 1] == 28); // QTYPE AAAA
    CHECK(wire[12 + 13 + 3] == 1);  // QCLASS IN
    CHECK(Message::parse(wire) == q);
}

TEST_CASE("every header flag, the opcode and the rcode travel in their own bits", "[message]") {
    struct Case {
        bool Message::*flag;
        std::uint16_t bit;
    };
    const Case cases[] = {{&Message::qr, 0x8000}, {&Message::aa, 0x0400}, {&Message::tc, 0x0200},
                          {&Message::rd, 0x0100}, {&Message::ra, 0x0080}, {&Message::z, 0x0040},
                          {&Message::ad, 0x0020}, {&Message::cd, 0x0010}};
    for (const auto& c : cases) {
        Message m;
        m.*(c.flag) = true;
        Bytes wire = m.to_wire();
        CHECK((wire[2] << 8 | wire[3]) == c.bit);
        Message back = Message::parse(wire);
        CHECK(back.*(c.flag));
        CHECK(back == m);
    }
    Message m;
    m.opcode = Opcode::UPDATE;
    m.rcode = Rcode::NOTZONE;
    Bytes wire = m.to_wire();
    CHECK((wire[2] << 8 | wire[3]) == (5 << 11 | 10));
    CHECK(Message::parse(wire) == m);
    // An opcode without a name survives too.
    m.opcode = static_cast<Opcode>(15);
    CHECK(reparse(m).opcode == static_cast<Opcode>(15));
}

TEST_CASE("a response with every section round-trips, names compressed", "[message]") {
    Message m = full_response();
    m.tsig.reset();
    Bytes wire = m.to_wire();
    Message back = Message::parse(wire);
    CHECK(back == m);
    // The CNAME's owner is the question name: a pointer to offset 12.
    std::size_t after_question = 12 + 13 + 4;
    CHECK(wire[after_question] == 0xc0);
    CHECK(wire[after_question + 1] == 12);
    std::size_t uncompressed = 12 + 13 + 4;
    for (const auto* section : {&m.answers, &m.authorities, &m.additionals})
        for (const auto& r : *section)
            uncompressed += r.owner.wire_length() + 10 + r.rdata.size();
    CHECK(wire.size() < uncompressed);
    CHECK(back.edns->extended_errors() == std::vector<ExtendedError>{{18, "not here"}});
}

TEST_CASE("UPDATE messages carry empty class ANY/NONE records in every section",
          "[message][update]") {
    Message u = update_with_every_section();
    Bytes wire = u.to_wire();
    Message back = Message::parse(wire);
    CHECK(back == u);
    REQUIRE(back.answers.size() == 5);
    CHECK(back.answers[2].rdata.empty());
    CHECK(back.answers[2].klass == RRClass::ANY);
    CHECK(back.authorities[3].klass == RRClass::NONE);
    CHECK(back.authorities[3].rdata == u.authorities[3].rdata);
    // The empty records have RDLENGTH 0: after the header, the zone, and the first owner
    // ("a" and a pointer to "example.") come TYPE, CLASS, TTL, RDLENGTH 0, and at once the
    // next owner, "b".
    std::size_t rdlength_at = 12 + 13 + 4 + 8;
    CHECK(wire[rdlength_at] == 0);
    CHECK(wire[rdlength_at + 1] == 0);
    CHECK(wire[rdlength_at + 2] == 1);
    CHECK(wire[rdlength_at + 3] == 'b');
}

TEST_CASE("empty rdata is only accepted with class ANY or NONE", "[message][update]") {
    for (auto klass : {RRClass::ANY, RRClass::NONE, RRClass::IN}) {
        WireWriter body;
        body.name(Name::parse("x.example."), false);
        body.u16(static_cast<std::uint16_t>(RRType::MX));
        body.u16(static_cast<std::uint16_t>(klass));
        body.u32(0);
        body.u16(0);
        Bytes wire = with_header(0, 1, 0, 0, body.data());
        if (klass == RRClass::IN) {
            CHECK_THROWS_AS(Message::parse(wire), WireError);
        } else {
            Message m = Message::parse(wire);
            REQUIRE(m.answers.size() == 1);
            CHECK(m.answers[0].rdata.empty());
        }
    }
}

TEST_CASE("EDNS: version, DO, payload, flags and options round-trip", "[message][edns]") {
    Message m = query("example.", RRType::SOA);
    m.edns.emplace();
    m.edns->udp_payload_size = 1400;
    m.edns->version = 0;
    m.edns->dnssec_ok = true;
    m.edns->flags = 0x0001;
    m.edns->options.push_back(
        {static_cast<std::uint16_t>(EdnsOptionCode::COOKIE), {1, 2, 3, 4, 5, 6, 7, 8}});
    m.edns->options.push_back({65001, {}});
    Bytes wire = m.to_wire();
    // OPT: root owner, TYPE 41, CLASS 1400, TTL 0x00008001, RDLENGTH 12+4.
    Bytes opt_start = {0, 0, 41, 0x05, 0x78, 0, 0, 0x80, 0x01, 0, 16};
    std::size_t at = 12 + 9 + 4;
    CHECK(Bytes(wire.begin() + static_cast<std::ptrdiff_t>(at),
                wire.begin() + static_cast<std::ptrdiff_t>(at + opt_start.size())) == opt_start);
    CHECK(Message::parse(wire) == m);
}

TEST_CASE("EDNS payload sizes below 512 are read as 512", "[message][edns]") {
    WireWriter body;
    write_opt(body, Name(), 100, 0, {});
    Message m = Message::parse(with_header(0, 0, 0, 1, body.data()));
    REQUIRE(m.edns);
    CHECK(m.edns->udp_payload_size == 512);
}

TEST_CASE("Extended DNS Errors with and without text, malformed ones skipped", "[message][ede]") {
    Message m = query("example.", RRType::A).make_response(Rcode::REFUSED);
    REQUIRE(m.edns == std::nullopt);
    m.edns.emplace();
    m.edns->add_extended_error(static_cast<std::uint16_t>(EdeCode::PROHIBITED), "zone is closed");
    m.edns->add_extended_error(static_cast<std::uint16_t>(EdeCode::NOT_AUTHORITATIVE), "");
    // RFC 8914 §2: option code 15, length 2 + text, INFO-CODE, EXTRA-TEXT.
    const auto& opt = m.edns->options.at(0);
    CHECK(opt.code == 15);
    CHECK(opt.data.size() == 2 + 14);
    CHECK(opt.data[1] == 18);
    Message back = reparse(m);
    std::vector<ExtendedError> expected = {{18, "zone is closed"}, {20, ""}};
    CHECK(back.edns->extended_errors() == expected);

    // An EDE option of one byte cannot hold an INFO-CODE: skipped, the others still read.
    WireWriter rdata;
    rdata.u16(15);
    rdata.u16(1);
    rdata.u8(7);
    rdata.u16(15);
    rdata.u16(5);
    rdata.u16(24);
    rdata.bytes(std::string_view("bad"));
    WireWriter body;
    write_opt(body, Name(), 1232, 0, rdata.data());
    Message odd = Message::parse(with_header(0, 0, 0, 1, body.data()));
    REQUIRE(odd.edns->options.size() == 2);
    CHECK(odd.edns->extended_errors() == std::vector<ExtendedError>{{24, "bad"}});
}

TEST_CASE("an option running past the OPT rdata is refused", "[message][edns]") {
    WireWriter body;
    write_opt(body, Name(), 1232, 0, {0, 15, 0, 9, 0, 18});
    CHECK_THROWS_AS(Message::parse(with_header(0, 0, 0, 1, body.data())), WireError);
    WireWriter half;
    write_opt(half, Name(), 1232, 0, {0, 15, 0});
    CHECK_THROWS_AS(Message::parse(with_header(0, 0, 0, 1, half.data())), WireError);
}

TEST_CASE("extended rcodes: BADVERS split between header and OPT", "[message][edns]") {
    Message m = query("example.", RRType::A);
    m.edns.emplace();
    m.edns->version = 1;
    Message resp = m.make_response(Rcode::BADVERS);
    Bytes wire = resp.to_wire();
    CHECK((wire[3] & 0x0f) == 0); // 16 & 0xf
    // The OPT is the last record: TTL starts 6 bytes after its owner.
    std::size_t opt = wire.size() - 11;
    CHECK(wire[opt + 5] == 1); // extended rcode 16 >> 4
    Message back = Message::parse(wire);
    CHECK(back.rcode == Rcode::BADVERS);
    CHECK(to_string(back.rcode) == "BADVERS");
    // Without EDNS the code cannot be sent.
    resp.edns.reset();
    CHECK_THROWS_AS(resp.to_wire(), WireError);
}

TEST_CASE("OPT must be single, owned by the root and in the additional section",
          "[message][edns]") {
    WireWriter two;
    write_opt(two, Name(), 1232, 0, {});
    write_opt(two, Name(), 1232, 0, {});
    CHECK_THROWS_AS(Message::parse(with_header(0, 0, 0, 2, two.data())), WireError);
    WireWriter not_root;
    write_opt(not_root, Name::parse("example."), 1232, 0, {});
    CHECK_THROWS_AS(Message::parse(with_header(0, 0, 0, 1, not_root.data())), WireError);
    WireWriter one;
    write_opt(one, Name(), 1232, 0, {});
    CHECK_NOTHROW(Message::parse(with_header(0, 0, 0, 1, one.data())));
    CHECK_THROWS_AS(Message::parse(with_header(0, 1, 0, 0, one.data())), WireError);
    CHECK_THROWS_AS(Message::parse(with_header(0, 0, 1, 0, one.data())), WireError);
}

TEST_CASE("TSIG must be the last record, and its offset is recorded", "[message][tsig]") {
    Message m = full_response();
    Bytes wire = m.to_wire();
    Message back = Message::parse(wire);
    REQUIRE(back.tsig);
    CHECK(*back.tsig == *m.tsig);
    // The TSIG is the last record, written uncompressed: it starts at the offset recorded.
    std::size_t tsig_size = m.tsig->owner.wire_length() + 10 + m.tsig->rdata.size();
    CHECK(back.tsig_offset == wire.size() - tsig_size);
    CHECK(Name::from_wire(std::span(wire).subspan(back.tsig_offset, m.tsig->owner.wire_length())) ==
          m.tsig->owner);
    CHECK(back.additionals == m.additionals);

    WireWriter first;
    write_raw_record(first, *m.tsig);
    write_raw_record(first, rr("a.example.", RRType::A, "192.0.2.1"));
    CHECK_THROWS_AS(Message::parse(with_header(0, 0, 0, 2, first.data())), WireError);
    WireWriter alone;
    write_raw_record(alone, *m.tsig);
    CHECK_NOTHROW(Message::parse(with_header(0, 0, 0, 1, alone.data())));
    CHECK_THROWS_AS(Message::parse(with_header(0, 1, 0, 0, alone.data())), WireError);
    CHECK_THROWS_AS(Message::parse(with_header(0, 0, 1, 0, alone.data())), WireError);
}

TEST_CASE("every truncation of a valid message is refused", "[message][malformed]") {
    for (const Message& m : {full_response(), update_with_every_section()}) {
        Bytes wire = m.to_wire();
        REQUIRE_NOTHROW(Message::parse(wire));
        for (std::size_t len = 0; len < wire.size(); ++len) {
            INFO("prefix of " << len << " bytes");
            CHECK_THROWS_AS(Message::parse(std::span(wire).first(len)), WireError);
        }
        Bytes longer = wire;
        longer.push_back(0);
        CHECK_THROWS_AS(Message::parse(longer), WireError);
    }
}

TEST_CASE("every single-byte corruption is refused or parses to a message that rebuilds",
          "[message][malformed]") {
    Bytes wire = full_response().to_wire();
    std::size_t parsed = 0, refused = 0;
    for (std::size_t pos = 0; pos < wire.size(); ++pos) {
        for (unsigned v = 0; v < 256; ++v) {
            if (wire[pos] == v) continue;
            Bytes bad = wire;
            bad[pos] = static_cast<std::uint8_t>(v);
            try {
                Message m = Message::parse(bad);
                ++parsed;
                // What parses must rebuild into something that parses again.
                Message again = Message::parse(m.to_wire());
                CHECK(again.questions == m.questions);
                CHECK(again.answers.size() == m.answers.size());
            } catch (const WireError&) {
                ++refused;
            }
        }
    }
    // Both outcomes happen: flipping a TTL byte is harmless, a length byte is not.
    CHECK(parsed > 0);
    CHECK(refused > 0);
}

TEST_CASE("counts larger than the data are refused", "[message][malformed]") {
    Bytes wire = full_response().to_wire();
    for (std::size_t count_at : {4, 6, 8, 10}) {
        Bytes bad = wire;
        bad[count_at] = 0xff;
        CHECK_THROWS_AS(Message::parse(bad), WireError);
    }
    // A question count with no question at all.
    CHECK_THROWS_AS(Message::parse(with_header(1, 0, 0, 0, {})), WireError);
    // A header cut short.
    CHECK_THROWS_AS(Message::parse(Bytes{0, 1, 0, 0, 0}), WireError);
}

TEST_CASE("compression pointer loops inside a message are refused", "[message][malformed]") {
    // The question name points at itself (offset 12).
    CHECK_THROWS_AS(Message::parse(with_header(1, 0, 0, 0, {0xc0, 12, 0, 1, 0, 1})), WireError);
    // The question name points forward into the answer, whose owner points back.
    Bytes body = {0xc0, 18, 0, 1, 0, 1, 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0};
    CHECK_THROWS_AS(Message::parse(with_header(1, 1, 0, 0, body)), WireError);
    // A pointer into the header, whose bytes here form a label pointing at the name again.
    Bytes into_header = with_header(1, 0, 0, 0, {0xc0, 4, 0, 1, 0, 1});
    into_header[4] = 0xc0;
    into_header[5] = 12;
    CHECK_THROWS_AS(Message::parse(into_header), WireError);
}

TEST_CASE("rdata must match its RDLENGTH", "[message][malformed]") {
    // An NS name longer than the RDLENGTH says, and an A record of 5 bytes.
    WireWriter ns;
    ns.name(Name::parse("example."), false);
    ns.u16(static_cast<std::uint16_t>(RRType::NS));
    ns.u16(1);
    ns.u32(0);
    ns.u16(3);
    ns.name(Name::parse("ns.example."), false);
    CHECK_THROWS_AS(Message::parse(with_header(0, 1, 0, 0, ns.data())), WireError);
    WireWriter a;
    a.name(Name::parse("example."), false);
    a.u16(static_cast<std::uint16_t>(RRType::A));
    a.u16(1);
    a.u32(0);
    a.u16(5);
    a.bytes(Bytes{1, 2, 3, 4, 5});
    CHECK_THROWS_AS(Message::parse(with_header(0, 1, 0, 0, a.data())), WireError);
}

TEST_CASE("make_response copies id, opcode, question, RD and DO", "[message]") {
    Message q = query("example.", RRType::MX, 4242);
    q.cd = true;
    q.edns.emplace();
    q.edns->dnssec_ok = true;
    q.edns->udp_payload_size = 4096;
    q.edns->options.push_back({static_cast<std::uint16_t>(EdnsOptionCode::NSID), {}});
    Message r = q.make_response(Rcode::NXDOMAIN);
    CHECK(r.id == 4242);
    CHECK(r.qr);
    CHECK(r.rd);
    CHECK(r.opcode == Opcode::QUERY);
    CHECK(r.rcode == Rcode::NXDOMAIN);
    CHECK(r.questions == q.questions);
    REQUIRE(r.edns);
    CHECK(r.edns->dnssec_ok);
    CHECK(r.edns->options.empty());
    q.edns.reset();
    CHECK_FALSE(q.make_response().edns);
}

TEST_CASE("to_string prints like dig", "[message][text]") {
    Message m = full_response();
    m.rcode = Rcode::NXDOMAIN;
    std::string text = m.to_string();
    INFO(text);
    CHECK(text.find(";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 48879\n") == 0);
    CHECK(text.find(";; flags: qr aa rd ra; QUERY: 1, ANSWER: 3, AUTHORITY: 2, ADDITIONAL: 5\n") !=
          std::string::npos);
    CHECK(text.find("; EDNS: version: 0, flags: do; udp: 4096\n") != std::string::npos);
    CHECK(text.find("; NSID: 6e73 (\"ns\")\n") != std::string::npos);
    CHECK(text.find("; EDE: 18 (Prohibited): (not here)\n") != std::string::npos);
    CHECK(text.find(";; QUESTION SECTION:\n;www.example.\t\tIN\tA\n") != std::string::npos);
    CHECK(text.find(";; ANSWER SECTION:\nwww.example.\t300\tIN\tCNAME\tweb.example.\n") !=
          std::string::npos);
    CHECK(text.find(";; TSIG PSEUDOSECTION:\nkey.example.\t0\tANY\tTSIG\t") != std::string::npos);

    Message u;
    u.opcode = Opcode::UPDATE;
    u.questions.push_back({Name::parse("example."), RRType::SOA, RRClass::IN});
    u.answers.push_back(empty_rr("a.example.", RRType::ANY, RRClass::NONE));
    std::string utext = u.to_string();
    CHECK(utext.find("ZONE: 1, PREREQ: 1, UPDATE: 0, ADDITIONAL: 0") != std::string::npos);
    CHECK(utext.find(";; PREREQUISITE SECTION:\na.example.\t0\tNONE\tANY\n") != std::string::npos);
}
