// RDATA text <-> wire for every supported type, against the examples of
// tests/support/rdata_examples.cpp, and malformed input of every kind.
#include "lib/dns/error.hpp"
#include "lib/dns/rdata.hpp"
#include "tests/support/rdata_examples.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace dnsclay::dns;

namespace {

Bytes from_hex(std::string_view hex) {
    Bytes out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(
            static_cast<std::uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
    return out;
}

std::string to_hex(const Bytes& b) {
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (auto c : b) {
        s.push_back(digits[c >> 4]);
        s.push_back(digits[c & 15]);
    }
    return s;
}

Bytes parse(RRType type, std::string_view text, const Name& origin = Name()) {
    return rdata_from_text(type, text, origin);
}

// Types that BIND, Knot or ldns do not all know, so they stay out of the shared examples
// (RFC 1183, 1706, 1712, 2163, 2535, 4025, 8777, 9606 and the registrations of NINFO,
// RKEY, TALINK, AVC, WALLET, TA, DLV).
const std::vector<dnsclay::test::RdataExample> kLessCommon = {
    {RRType::IPSECKEY, R"(10 0 0 .)", "0a0000", R"(10 0 0 .)"},
    {RRType::AMTRELAY, R"(10 0 1 203.0.113.15)", "0a01cb00710f", R"(10 0 1 203.0.113.15)"},
    {RRType::AMTRELAY, R"(10 0 2 2001:db8::15)", "0a0220010db8000000000000000000000015",
     R"(10 0 2 2001:db8::15)"},
    {RRType::AMTRELAY, R"(128 1 3 amtrelays.example.com.)",
     "808309616d7472656c617973076578616d706c6503636f6d00", R"(128 1 3 amtrelays.example.com.)"},
    {RRType::AMTRELAY, R"(10 0 0 .)", "0a00", R"(10 0 0 .)"},
    {RRType::ISDN, R"("150 862 028 003217" "004")",
     "1231353020383632203032382030303332313703303034", R"("150 862 028 003217" "004")"},
    {RRType::ISDN, R"("150 862 028 003217")", "12313530203836322030323820303033323137",
     R"("150 862 028 003217")"},
    {RRType::NSAP, R"(0x47.0005.80.005a00.0000.0001.e133.ffffff000162.00)",
     "47000580005a0000000001e133ffffff00016200", R"(0x47000580005A0000000001E133FFFFFF00016200)"},
    {RRType::X25, R"("311061700956")", "0c333131303631373030393536", R"("311061700956")"},
    {RRType::GPOS, R"("-32.6882" "116.8652" "10.0")",
     "082d33322e36383832083131362e383635320431302e30", R"("-32.6882" "116.8652" "10.0")"},
    {RRType::MB, R"(mb.example.)", "026d62076578616d706c6500", R"(mb.example.)"},
    {RRType::MG, R"(mg.example.)", "026d67076578616d706c6500", R"(mg.example.)"},
    {RRType::MR, R"(mr.example.)", "026d72076578616d706c6500", R"(mr.example.)"},
    {RRType::MD, R"(md.example.)", "026d64076578616d706c6500", R"(md.example.)"},
    {RRType::MF, R"(mf.example.)", "026d66076578616d706c6500", R"(mf.example.)"},
    {RRType::PX, R"(10 map822.example. mapx400.example.)",
     "000a066d6170383232076578616d706c6500076d617078343030076578616d706c6500",
     R"(10 map822.example. mapx400.example.)"},
    {RRType::SIG, R"(A 8 2 3600 20240101000000 20230101000000 1 example. AQID)",
     "0001080200000e106592008063b0cd000001076578616d706c6500010203",
     R"(A 8 2 3600 20240101000000 20230101000000 1 example. AQID)"},
    {RRType::NINFO, R"("hello" "world")", "0568656c6c6f05776f726c64", R"("hello" "world")"},
    {RRType::RKEY, R"(0 3 8 AQID)", "00000308010203", R"(0 3 8 AQID)"},
    {RRType::TALINK, R"(prev.example. next.example.)",
     "0470726576076578616d706c6500046e657874076578616d706c6500", R"(prev.example. next.example.)"},
    {RRType::AVC, R"("app-name:WEBEX|app-class:VIDEO|business=yes")",
     "2b6170702d6e616d653a57454245587c6170702d636c6173733a564944454f7c627573696e6573733d796573",
     R"("app-name:WEBEX|app-class:VIDEO|business=yes")"},
    {RRType::RESINFO, R"(qnamemin exterr=15,16,17 "infourl=https://resolver.example.com/guide")",
     "08716e616d656d696e0f6578746572723d31352c31362c31372a696e666f75726c3d68747470733a2f2f7265736f6"
     "c7665722e6578616d706c652e636f6d2f6775696465",
     R"("qnamemin" "exterr=15,16,17" "infourl=https://resolver.example.com/guide")"},
    {RRType::WALLET, R"("BTC" "bc1qexample")", "034254430b626331716578616d706c65",
     R"("BTC" "bc1qexample")"},
    {RRType::TA, R"(1 8 2 00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF)",
     "0001080200112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
     R"(1 8 2 00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF)"},
    {RRType::DLV, R"(1 8 2 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff)",
     "0001080200112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
     R"(1 8 2 00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF)"},
};

void check_example(const dnsclay::test::RdataExample& ex) {
    INFO(to_string(ex.type) << " " << ex.text);
    Bytes wire = parse(ex.type, ex.text);
    CHECK(to_hex(wire) == ex.wire);
    CHECK(rdata_to_text(ex.type, wire) == ex.canonical);
    CHECK(to_hex(parse(ex.type, ex.canonical)) == ex.wire);
    CHECK_NOTHROW(rdata_check(ex.type, wire));
    // The same bytes through a message reader.
    WireReader reader(wire);
    CHECK(rdata_from_wire(ex.type, reader, static_cast<std::uint16_t>(wire.size())) == wire);
    CHECK(reader.remaining() == 0);
    // The RFC 3597 generic form is accepted for known types too.
    std::string generic = "\\# " + std::to_string(wire.size()) + " " + ex.wire;
    CHECK(parse(ex.type, generic) == wire);
}

std::vector<dnsclay::test::RdataExample> all_examples() {
    auto all = dnsclay::test::rdata_examples();
    all.insert(all.end(), kLessCommon.begin(), kLessCommon.end());
    return all;
}

} // namespace

TEST_CASE("rdata text gives the RFC wire bytes and prints canonical text", "[rdata]") {
    for (const auto& ex : all_examples())
        check_example(ex);
}

TEST_CASE("every truncation of valid rdata is refused or round-trips", "[rdata]") {
    for (const auto& ex : all_examples()) {
        Bytes wire = from_hex(ex.wire);
        for (std::size_t n = 0; n < wire.size(); ++n) {
            Bytes cut(wire.begin(), wire.begin() + static_cast<std::ptrdiff_t>(n));
            INFO(to_string(ex.type) << " cut to " << n << " bytes");
            try {
                rdata_check(ex.type, cut);
            } catch (const WireError&) {
                continue;
            }
            CHECK(parse(ex.type, rdata_to_text(ex.type, cut)) == cut);
        }
        // One byte too many is never valid: every type's last field is fixed or runs to the end
        // in a way a stray zero byte breaks, except for opaque trailing data.
        Bytes longer = wire;
        longer.push_back(0);
        try {
            rdata_check(ex.type, longer);
            CHECK(parse(ex.type, rdata_to_text(ex.type, longer)) == longer);
        } catch (const WireError&) {
        }
    }
}

TEST_CASE("fixed-size rdata of the wrong length is refused", "[rdata]") {
    CHECK_THROWS_AS(rdata_check(RRType::A, from_hex("c00002")), WireError);
    CHECK_THROWS_AS(rdata_check(RRType::A, from_hex("c000020101")), WireError);
    CHECK_THROWS_AS(rdata_check(RRType::AAAA, Bytes(15)), WireError);
    CHECK_THROWS_AS(rdata_check(RRType::AAAA, Bytes(17)), WireError);
    CHECK_THROWS_AS(rdata_check(RRType::MX, from_hex("000a")), WireError);
    CHECK_THROWS_AS(rdata_check(RRType::MX, from_hex("000a0000")), WireError);
    CHECK_THROWS_AS(rdata_check(RRType::TXT, Bytes{}), WireError);
    CHECK_THROWS_AS(rdata_check(RRType::TXT, from_hex("0561")), WireError);
    CHECK_THROWS_AS(rdata_check(RRType::LOC, Bytes(15)), WireError);
    CHECK_THROWS_AS(rdata_check(RRType::SOA, from_hex("0000")), WireError);
    CHECK_THROWS_AS(rdata_check(RRType::EUI48, Bytes(5)), WireError);
}

TEST_CASE("malformed wire rdata gives WireError", "[rdata]") {
    const std::vector<std::pair<RRType, std::string>> bad = {
        {RRType::NS, "c00c"},                       // compression pointer in stored rdata
        {RRType::NS, "40" + std::string(128, 'a')}, // label type 0x40
        {RRType::NS, "03616263"},                   // name without its end
        {RRType::NSEC, "00"
                       "0000"}, // bitmap window of length 0
        {RRType::NSEC, "00"
                       "000100"}, // window ending in a zero octet
        {RRType::NSEC, "00"
                       "0101400001"
                       "40"}, // windows out of order
        {RRType::NSEC, "00"
                       "0021" +
                           std::string(66, '1')}, // window longer than 32
        {RRType::NSEC3, "01000000"
                        "00"
                        "00"}, // empty next hashed owner
        {RRType::CAA, "00"
                      "00"}, // empty tag
        {RRType::CAA, "00"
                      "02692d"
                      "78"}, // tag "i-"
        {RRType::LOC, "01121613"
                      "80000000800000000098968000"}, // version 1
        {RRType::LOC, "00a21613"
                      "800000008000000000989680"},         // mantissa 10
        {RRType::LOC, "00071613800000008000000000989680"}, // zero size written as 0e7
        {RRType::LOC, "00121613"
                      "ffffffff8000000000989680"}, // latitude beyond 90
        {RRType::APL, "0003"
                      "0801"
                      "ff"}, // unknown family
        {RRType::APL, "0001"
                      "2101"
                      "ff"}, // prefix 33 for IPv4
        {RRType::APL, "0001"
                      "0802"
                      "ff00"}, // trailing zero octet
        {RRType::APL, "0001"
                      "0805"
                      "0102030405"}, // IPv4 address of 5 bytes
        {RRType::SVCB, "0001"
                       "00"
                       "0003000200"}, // port value too short
        {RRType::SVCB, "0001"
                       "00"
                       "0003000200350001000302683200"}, // keys out of order
        {RRType::SVCB, "0001"
                       "00"
                       "000300020035"
                       "000300020035"}, // duplicated key
        {RRType::SVCB, "0001"
                       "00"
                       "000000020001"}, // mandatory alpn, but no alpn
        {RRType::SVCB, "0001"
                       "00"
                       "000000020000"}, // mandatory lists itself
        {RRType::SVCB, "0001"
                       "00"
                       "0002000161"}, // no-default-alpn with a value
        {RRType::SVCB, "0001"
                       "00"
                       "000100030568"}, // alpn id runs past its value
        {RRType::SVCB, "0001"
                       "00"
                       "00040003c00002"}, // ipv4hint of 3 bytes
        {RRType::SVCB, "0001"
                       "00"
                       "ffff0000"}, // reserved key 65535
        {RRType::SVCB, "0001"
                       "00"
                       "0003"},             // truncated SvcParam
        {RRType::IPSECKEY, "0a0502"},       // gateway type 5
        {RRType::IPSECKEY, "0a0102c00002"}, // IPv4 gateway cut short
        {RRType::IPSECKEY, "0a0302036162"}, // gateway name cut short
        {RRType::IPSECKEY, "0a0302c000"},   // compressed gateway name
        {RRType::AMTRELAY, "0a04c0000201"}, // relay type 4
        {RRType::AMTRELAY, "0a82c0000201"}, // IPv6 relay of 4 bytes
        {RRType::NSAP, ""},                 // empty NSAP
        {RRType::ISDN, "0161016201"},       // three strings, the last cut
    };
    for (const auto& [type, hex] : bad) {
        INFO(to_string(type) << " " << hex);
        Bytes b = from_hex(hex);
        CHECK_THROWS_AS(rdata_check(type, b), WireError);
        WireReader reader(b);
        CHECK_THROWS_AS(rdata_from_wire(type, reader, static_cast<std::uint16_t>(b.size())),
                        WireError);
        // Still printable, in the generic form, which the type's parser then refuses.
        CHECK(rdata_to_text(type, b).rfind("\\# ", 0) == 0);
        CHECK_THROWS_AS(parse(type, rdata_to_text(type, b)), TextError);
    }
}

TEST_CASE("malformed rdata text gives TextError", "[rdata]") {
    const std::vector<std::pair<RRType, std::string>> bad = {
        {RRType::A, ""},
        {RRType::A, "192.0.2"},
        {RRType::A, "192.0.2.256"},
        {RRType::A, "192.0.2.1 192.0.2.2"},
        {RRType::A, "::1"},
        {RRType::AAAA, "2001:db8::g"},
        {RRType::AAAA, "192.0.2.1"},
        {RRType::MX, "10"},
        {RRType::MX, "65536 mx.example."},
        {RRType::MX, "-1 mx.example."},
        {RRType::MX, "ten mx.example."},
        {RRType::MX, "10 mx..example."},
        {RRType::MX, "10 mx.example. extra"},
        {RRType::NS, "a\\"},
        {RRType::SOA, "ns. admin. 1 2 3 4"},
        {RRType::SOA, "ns. admin. 1 2 3 4 5x"},
        {RRType::SOA, "ns. admin. 4294967296 2 3 4 5"},
        {RRType::SOA, "ns. admin. 1 h 3 4 5"},
        {RRType::TXT, ""},
        {RRType::TXT, "\"abc\\\""},
        {RRType::TXT, "abc\\2"},
        {RRType::TXT, "abc\\256"},
        {RRType::HINFO, "\"only one\""},
        {RRType::HINFO, "\"" + std::string(256, 'x') + "\" x"},
        {RRType::SRV, "0 5 mx.example."},
        {RRType::NAPTR, "100 10 \"\" \"\" \"\""},
        {RRType::CAA, "0 issue"},
        {RRType::CAA, "0 is-sue \"x\""},
        {RRType::CAA, "256 issue \"x\""},
        {RRType::URI, "10 1"},
        {RRType::TLSA, "0 0 1 abc"},
        {RRType::TLSA, "0 0 1 zz"},
        {RRType::TLSA, "0 0 1"},
        {RRType::SSHFP, "2 1 1234567g"},
        {RRType::DS, "60485 5 1"},
        {RRType::DS, "60485 NOSUCHALG 1 00"},
        {RRType::DNSKEY, "256 3 5 AQP=SKmy"},
        {RRType::DNSKEY, "256 3 5 AQPSKmy"},
        {RRType::DNSKEY, "256 3 5 AQPSKmy!"},
        {RRType::DNSKEY, "256 3 5"},
        {RRType::RRSIG, "A 5 3 86400 20030230173103 20030220173103 2642 example.com. AAAA"},
        {RRType::RRSIG, "A 5 3 86400 2003032217310 20030220173103 2642 example.com. AAAA"},
        {RRType::RRSIG, "NOSUCHTYPE 5 3 86400 1 2 2642 example.com. AAAA"},
        {RRType::RRSIG, "A 5 3 86400 1 2 2642 example.com."},
        {RRType::NSEC, "next.example. A NOSUCHTYPE"},
        {RRType::NSEC3, "1 1 12 aabbccdd 2t7b4g4vsa5smi47k61mv5bv1a22boj! A"},
        {RRType::NSEC3, "1 1 12 aabbccd 2t7b4g4vsa5smi47k61mv5bv1a22bojr A"},
        {RRType::NSEC3, "1 1 12 - 2t7b4g4vsa5smi47k61mv5bv1a22boj A"},
        {RRType::NSEC3PARAM, "1 0 12"},
        {RRType::NSEC3PARAM, "1 0 12 -- "},
        {RRType::ZONEMD, "2018031900 1 1"},
        {RRType::CERT, "NOTATYPE 0 0 AAAA"},
        {RRType::EUI48, "00-00-5e-00-53"},
        {RRType::EUI48, "00-00-5e-00-53-2a-00"},
        {RRType::EUI48, "00-00-5e-00-53-2"},
        {RRType::EUI64, "00-00-5e-ef-10-00-00-+a"},
        {RRType::NID, "10 0014:4fff:ff20"},
        {RRType::NID, "10 0014:4fff:ff20:ee641"},
        {RRType::LOC, "42 21 54 N 71 06 18 W"},
        {RRType::LOC, "91 N 71 W 0m"},
        {RRType::LOC, "42 60 N 71 W 0m"},
        {RRType::LOC, "42 21 60 N 71 W 0m"},
        {RRType::LOC, "42 21 54 X 71 06 18 W 0m"},
        {RRType::LOC, "42 N 181 E 0m"},
        {RRType::LOC, "42 N 71 E -100000.01m"},
        {RRType::LOC, "42 N 71 E 0m 1m 1m 1m 1m"},
        {RRType::LOC, "42 N 71 E 0m 90000001m"},
        {RRType::LOC, "42 N 71 E 0.001m"},
        {RRType::APL, "1:192.168.32.0"},
        {RRType::APL, "1:192.168.32.0/33"},
        {RRType::APL, "3:192.168.32.0/8"},
        {RRType::APL, "2:192.168.32.0/8"},
        {RRType::CSYNC, "66 3 A BOGUS"},
        {RRType::IPSECKEY, "10 4 2 192.0.2.1 AQID"},
        {RRType::IPSECKEY, "10 0 2 192.0.2.1 AQID"},
        {RRType::IPSECKEY, "10 1 2 2001:db8::1 AQID"},
        {RRType::IPSECKEY, "10 3 2 a..b. AQID"},
        {RRType::IPSECKEY, "10 1 2"},
        {RRType::AMTRELAY, "10 2 1 192.0.2.1"},
        {RRType::AMTRELAY, "10 0 4 192.0.2.1"},
        {RRType::AMTRELAY, "10 0 2 192.0.2.1"},
        {RRType::NSAP, "47.0005.80"},
        {RRType::NSAP, "0x"},
        {RRType::NSAP, "0x4"},
        {RRType::ISDN, "a b c"},
        {RRType::GPOS, "1 2"},
        {static_cast<RRType>(65534), "abcdef"},
        {static_cast<RRType>(65534), "\\# 3 abcd"},
        {static_cast<RRType>(65534), "\\# 2 abcdef"},
        {static_cast<RRType>(65534), "\\# x abcdef"},
        {static_cast<RRType>(65534), "\\# 3 abcdeg"},
        {static_cast<RRType>(65534), "\\# 65536"},
        {RRType::A, "\\# 3 c00002"},
        {RRType::MX, "\\# 4 000a0000"},
        // RFC 9460 Appendix D.3 failure cases, and more.
        {RRType::SVCB, "1 foo.example.com. key123=abc key123=def"},
        {RRType::SVCB, "1 foo.example.com. mandatory"},
        {RRType::SVCB, "1 foo.example.com. alpn"},
        {RRType::SVCB, "1 foo.example.com. port"},
        {RRType::SVCB, "1 foo.example.com. ipv4hint"},
        {RRType::SVCB, "1 foo.example.com. ipv6hint"},
        {RRType::SVCB, "1 foo.example.com. no-default-alpn=abc"},
        {RRType::SVCB, "1 foo.example.com. mandatory=key123"},
        {RRType::SVCB, "1 foo.example.com. mandatory=mandatory"},
        {RRType::SVCB, "1 foo.example.com. mandatory=key123,key123 key123=abc"},
        {RRType::HTTPS, "1 foo.example.com. ipv6hint=2001:db8::1,"},
        {RRType::HTTPS, "1 foo.example.com. ipv4hint=192.0.2.1.2"},
        {RRType::HTTPS, "1 foo.example.com. ipv6hint=192.0.2.1"},
        {RRType::HTTPS, "1 foo.example.com. port=65536"},
        {RRType::HTTPS, "1 foo.example.com. alpn=h2,,h3"},
        {RRType::HTTPS, "1 foo.example.com. ech=!!!!"},
        {RRType::HTTPS, "1 foo.example.com. key65535=x"},
        {RRType::HTTPS, "1 foo.example.com. key0123=x"},
        {RRType::HTTPS, "1 foo.example.com. nosuchkey=x"},
        {RRType::HTTPS, "1 foo.example.com. \"alpn=h2\""},
        {RRType::HTTPS, "1"},
    };
    for (const auto& [type, text] : bad) {
        INFO(to_string(type) << " " << text);
        CHECK_THROWS_AS(parse(type, text), TextError);
    }
}

TEST_CASE("text errors give the position of the bad token", "[rdata]") {
    try {
        parse(RRType::MX, "10\n   bad..name.");
        FAIL("no error");
    } catch (const TextError& e) {
        CHECK(e.line() == 2);
        CHECK(e.column() == 4);
        CHECK(std::string(e.what()).find("MX") != std::string::npos);
    }
}

TEST_CASE("relative names in rdata get the origin", "[rdata]") {
    Name origin = Name::parse("example.com.");
    CHECK(rdata_to_text(RRType::MX, parse(RRType::MX, "10 mail", origin)) ==
          "10 mail.example.com.");
    CHECK(rdata_to_text(RRType::CNAME, parse(RRType::CNAME, "@", origin)) == "example.com.");
    CHECK(rdata_to_text(RRType::SOA, parse(RRType::SOA, "ns hostmaster 1 2 3 4 5", origin)) ==
          "ns.example.com. hostmaster.example.com. 1 2 3 4 5");
}

TEST_CASE("TXT strings over 255 bytes are split into character-strings", "[rdata]") {
    std::string long_text(300, 'a');
    Bytes wire = parse(RRType::TXT, "\"" + long_text + "\" b");
    REQUIRE(wire.size() == 1 + 255 + 1 + 45 + 2);
    CHECK(wire[0] == 255);
    CHECK(wire[256] == 45);
    CHECK(wire[302] == 1);
    CHECK(rdata_to_text(RRType::TXT, wire) ==
          "\"" + std::string(255, 'a') + "\" \"" + std::string(45, 'a') + "\" \"b\"");
    // Exactly 255 stays one string; 510 becomes two full ones.
    CHECK(parse(RRType::TXT, std::string(255, 'x')).size() == 256);
    CHECK(parse(RRType::TXT, std::string(510, 'x')).size() == 512);
    // A quoted string keeps blanks and semicolons.
    CHECK(rdata_to_text(RRType::TXT, parse(RRType::TXT, "\"a ; b\"")) == "\"a ; b\"");
}

TEST_CASE("unknown types use the RFC 3597 generic form", "[rdata]") {
    auto type = static_cast<RRType>(65534);
    Bytes wire = parse(type, "\\# 3 abcdef");
    CHECK(wire == Bytes{0xab, 0xcd, 0xef});
    CHECK(rdata_to_text(type, wire) == "\\# 3 ABCDEF");
    CHECK(parse(type, "\\# 4 ( ab cd\n ef 01 )") == Bytes{0xab, 0xcd, 0xef, 0x01});
    CHECK(parse(type, "\\# 0").empty());
    CHECK(rdata_to_text(type, {}) == "\\# 0");
    // Types known only by number or with no text format of their own.
    CHECK(rdata_to_text(RRType::NULL_, Bytes{1, 2}) == "\\# 2 0102");
    CHECK(parse(RRType::WKS, "\\# 2 0102") == Bytes{1, 2});
    CHECK_THROWS_AS(parse(RRType::WKS, "192.0.2.1 6 smtp"), TextError);
    // A quoted "\#" in TXT is a string, not the generic form.
    CHECK(parse(RRType::TXT, "\"\\\\#\" 0") == Bytes{2, '\\', '#', 1, '0'});
    // Empty keys and digests have only the generic form.
    CHECK(rdata_to_text(RRType::DS, from_hex("00010801")) == "\\# 4 00010801");
    CHECK(rdata_to_text(RRType::OPENPGPKEY, {}) == "\\# 0");
}

TEST_CASE("type and class mnemonics both ways", "[rdata][types]") {
    CHECK(rrtype_from_string("a") == RRType::A);
    CHECK(rrtype_from_string("Nsec3Param") == RRType::NSEC3PARAM);
    CHECK(rrtype_from_string("TYPE1") == RRType::A);
    CHECK(rrtype_from_string("type65534") == static_cast<RRType>(65534));
    CHECK(rrtype_from_string("TYPE65535") == static_cast<RRType>(65535));
    CHECK_FALSE(rrtype_from_string("TYPE65536"));
    CHECK_FALSE(rrtype_from_string("TYPE"));
    CHECK_FALSE(rrtype_from_string("TYPE-1"));
    CHECK_FALSE(rrtype_from_string("TYPE1x"));
    CHECK_FALSE(rrtype_from_string("NOSUCH"));
    CHECK(to_string(RRType::HTTPS) == "HTTPS");
    CHECK(to_string(RRType::NSAP_PTR) == "NSAP-PTR");
    CHECK(to_string(static_cast<RRType>(65534)) == "TYPE65534");
    CHECK(rrclass_from_string("in") == RRClass::IN);
    CHECK(rrclass_from_string("CLASS255") == RRClass::ANY);
    CHECK(rrclass_from_string("class3") == RRClass::CH);
    CHECK(rrclass_from_string("chaos") == RRClass::CH);
    CHECK(rrclass_from_string("CLASS65535") == static_cast<RRClass>(65535));
    CHECK_FALSE(rrclass_from_string("CLASS65536"));
    CHECK_FALSE(rrclass_from_string("XX"));
    CHECK(to_string(RRClass::ANY) == "ANY");
    CHECK(to_string(static_cast<RRClass>(42)) == "CLASS42");
    // Bitmaps print unknown types by number and read them back.
    Bytes nsec = parse(RRType::NSEC, "x. type65534 a");
    CHECK(rdata_to_text(RRType::NSEC, nsec) == "x. A TYPE65534");
}

TEST_CASE("names in rdata are decompressed only where RFC 3597 allows", "[rdata]") {
    // A message: "example.com." at offset 0, then an MX rdata whose name is a pointer to it.
    Bytes msg = from_hex("076578616d706c6503636f6d00"
                         "000a"
                         "026d78c000");
    WireReader reader(msg, 13);
    Bytes mx = rdata_from_wire(RRType::MX, reader, 7);
    CHECK(rdata_to_text(RRType::MX, mx) == "10 mx.example.com.");
    CHECK(reader.pos() == msg.size());
    // SRV is read with decompression too (RFC 3597 §4), DNAME and NSEC are not.
    Bytes srv_msg = from_hex("076578616d706c6503636f6d00"
                             "000100020003"
                             "c000");
    WireReader srv_reader(srv_msg, 13);
    CHECK(rdata_to_text(RRType::SRV, rdata_from_wire(RRType::SRV, srv_reader, 8)) ==
          "1 2 3 example.com.");
    Bytes dname_msg = from_hex("076578616d706c6503636f6d00"
                               "c000");
    WireReader dname_reader(dname_msg, 13);
    CHECK_THROWS_AS(rdata_from_wire(RRType::DNAME, dname_reader, 2), WireError);
    // A name that runs past the rdata length is refused.
    Bytes over = from_hex("000a"
                          "026d7800"
                          "00");
    WireReader over_reader(over);
    CHECK_THROWS_AS(rdata_from_wire(RRType::MX, over_reader, 3), WireError);
    WireReader short_reader(over);
    CHECK_THROWS_AS(rdata_from_wire(RRType::MX, short_reader, 200), WireError);
}

TEST_CASE("names in rdata are compressed on write only for RFC 1035 types", "[rdata]") {
    Name origin = Name::parse("example.com.");
    WireWriter w;
    w.name(origin, true);
    rdata_to_wire(RRType::MX, parse(RRType::MX, "10 mx.example.com."), w);
    CHECK(to_hex(w.data()) == "076578616d706c6503636f6d00"
                              "000a"
                              "026d78c000");
    WireWriter w2;
    w2.name(origin, true);
    Bytes srv = parse(RRType::SRV, "1 2 3 example.com.");
    rdata_to_wire(RRType::SRV, srv, w2);
    CHECK(Bytes(w2.data().begin() + 13, w2.data().end()) == srv);
}

TEST_CASE("canonical form and equality ignore the case of names", "[rdata]") {
    Bytes upper = parse(RRType::MX, "10 MX.Example.COM.");
    Bytes lower = parse(RRType::MX, "10 mx.example.com.");
    CHECK(upper != lower);
    CHECK(rdata_canonical(RRType::MX, upper) == lower);
    CHECK(rdata_equal(RRType::MX, upper, lower));
    CHECK_FALSE(rdata_equal(RRType::MX, upper, parse(RRType::MX, "11 mx.example.com.")));
    CHECK_FALSE(rdata_equal(RRType::MX, upper, parse(RRType::MX, "10 mx.example.org.")));
    // RRSIG signer names are lower-cased; NSEC next names are not (RFC 6840 §5.1).
    Bytes rrsig = parse(RRType::RRSIG, "A 5 3 86400 1 2 3 EXAMPLE. AAAA");
    CHECK(rdata_canonical(RRType::RRSIG, rrsig) ==
          parse(RRType::RRSIG, "A 5 3 86400 1 2 3 example. AAAA"));
    Bytes nsec = parse(RRType::NSEC, "Next.Example. A");
    CHECK(rdata_canonical(RRType::NSEC, nsec) == nsec);
    // Strings keep their case.
    CHECK_FALSE(rdata_equal(RRType::TXT, parse(RRType::TXT, "abc"), parse(RRType::TXT, "ABC")));
    CHECK(rdata_equal(RRType::TXT, parse(RRType::TXT, "abc"), parse(RRType::TXT, "abc")));
}

TEST_CASE("RRSIG times accept dates and plain integers", "[rdata]") {
    Bytes a = parse(RRType::RRSIG, "A 13 2 300 20240229235959 19700101000000 1 x. AAAA");
    Bytes b = parse(RRType::RRSIG, "A 13 2 300 1709251199 0 1 x. AAAA");
    CHECK(a == b);
    CHECK(rdata_to_text(RRType::RRSIG, b) == "A 13 2 300 20240229235959 19700101000000 1 x. AAAA");
    CHECK(rdata_to_text(RRType::RRSIG, parse(RRType::RRSIG, "A 13 2 300 4294967295 0 1 x. AAAA")) ==
          "A 13 2 300 21060207062815 19700101000000 1 x. AAAA");
    CHECK_THROWS_AS(parse(RRType::RRSIG, "A 13 2 300 20230229000000 0 1 x. AAAA"), TextError);
    CHECK_THROWS_AS(parse(RRType::RRSIG, "A 13 2 300 20241301000000 0 1 x. AAAA"), TextError);
    CHECK_THROWS_AS(parse(RRType::RRSIG, "A 13 2 300 20240101240000 0 1 x. AAAA"), TextError);
    CHECK_THROWS_AS(parse(RRType::RRSIG, "A 13 2 300 4294967296 0 1 x. AAAA"), TextError);
}
