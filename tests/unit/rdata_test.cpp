// RDATA text <-> wire for every supported type, against wire bytes built independently
// from the RFCs' examples (RFC 1876, 3123, 3403, 4034, 5155, 6698, 6742, 7043, 7477, 7553,
// 8659, 8976, 9460 Appendix D).
#include "lib/dns/error.hpp"
#include "lib/dns/rdata.hpp"

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

struct Example {
    RRType type;
    std::string text;
    std::string wire;
    std::string canonical;
};

const std::vector<Example> kExamples = {
    {RRType::A, R"(192.0.2.1)", "c0000201", R"(192.0.2.1)"},
    {RRType::AAAA, R"(2001:db8::1)", "20010db8000000000000000000000001", R"(2001:db8::1)"},
    {RRType::NS, R"(ns1.example.)", "036e7331076578616d706c6500", R"(ns1.example.)"},
    {RRType::CNAME, R"(Target.Example.)", "06546172676574074578616d706c6500", R"(Target.Example.)"},
    {RRType::DNAME, R"(example.net.)", "076578616d706c65036e657400", R"(example.net.)"},
    {RRType::PTR, R"(host.example.)", "04686f7374076578616d706c6500", R"(host.example.)"},
    {RRType::MX, R"(10 mx.example.)", "000a026d78076578616d706c6500", R"(10 mx.example.)"},
    {RRType::SOA, R"(ns.example. admin.example. ( 2024010101 1h 15M 1w2d 3600 ))",
     "026e73076578616d706c65000561646d696e076578616d706c650078a3f17500000e1000000384000bdd8000000e1"
     "0",
     R"(ns.example. admin.example. 2024010101 3600 900 777600 3600)"},
    {RRType::TXT, R"("hello world" "a\"b\\c" plain \065\066 "")",
     "0b68656c6c6f20776f726c64056122625c6305706c61696e02414200",
     R"("hello world" "a\"b\\c" "plain" "AB" "")"},
    {RRType::TXT, R"("tab\009nul\000hi\255;")", "0c746162096e756c006869ff3b",
     R"("tab\009nul\000hi\255;")"},
    {RRType::SPF, R"("v=spf1 -all")", "0b763d73706631202d616c6c", R"("v=spf1 -all")"},
    {RRType::HINFO, R"("PC-Intel" Linux)", "0850432d496e74656c054c696e7578",
     R"("PC-Intel" "Linux")"},
    {RRType::RP, R"(admin.example. txt.example.)",
     "0561646d696e076578616d706c650003747874076578616d706c6500", R"(admin.example. txt.example.)"},
    {RRType::AFSDB, R"(1 afs.example.)", "000103616673076578616d706c6500", R"(1 afs.example.)"},
    {RRType::KX, R"(10 kx.example.)", "000a026b78076578616d706c6500", R"(10 kx.example.)"},
    {RRType::SRV, R"(0 5 5060 sipserver.example.com.)",
     "0000000513c409736970736572766572076578616d706c6503636f6d00",
     R"(0 5 5060 sipserver.example.com.)"},
    {RRType::NAPTR, R"(100 10 "" "" "!^urn:cid:.+@([^\\.]+\\.)(.*)$!\\2!i" .)",
     "0064000a000021215e75726e3a6369643a2e2b40285b5e5c2e5d2b5c2e29282e2a2924215c32216900",
     R"(100 10 "" "" "!^urn:cid:.+@([^\\.]+\\.)(.*)$!\\2!i" .)"},
    {RRType::NAPTR, R"(100 50 "s" "SIP+D2U" "" _sip._udp.example.com.)",
     "006400320173075349502b44325500045f736970045f756470076578616d706c6503636f6d00",
     R"(100 50 "s" "SIP+D2U" "" _sip._udp.example.com.)"},
    {RRType::CAA, R"(0 issue "ca.example.net")", "0005697373756563612e6578616d706c652e6e6574",
     R"(0 issue "ca.example.net")"},
    {RRType::CAA, R"(128 tbs "Unknown; \"x\"")", "8003746273556e6b6e6f776e3b20227822",
     R"(128 tbs "Unknown; \"x\"")"},
    {RRType::URI, R"(10 1 "ftp://ftp1.example.com/public")",
     "000a00016674703a2f2f667470312e6578616d706c652e636f6d2f7075626c6963",
     R"(10 1 "ftp://ftp1.example.com/public")"},
    {RRType::TLSA, "0 0 1 ( d2abde240d7cd3ee6b4b28c54df034b9\n 7983a1d16e8a410e4561cb106618e971 )",
     "000001d2abde240d7cd3ee6b4b28c54df034b97983a1d16e8a410e4561cb106618e971",
     R"(0 0 1 D2ABDE240D7CD3EE6B4B28C54DF034B97983A1D16E8A410E4561CB106618E971)"},
    {RRType::SMIMEA, R"(3 1 1 D2ABDE240D7CD3EE6B4B28C54DF034B97983A1D16E8A410E4561CB106618E971)",
     "030101d2abde240d7cd3ee6b4b28c54df034b97983a1d16e8a410e4561cb106618e971",
     R"(3 1 1 D2ABDE240D7CD3EE6B4B28C54DF034B97983A1D16E8A410E4561CB106618E971)"},
    {RRType::SSHFP, R"(2 1 123456789abcdef67890123456789abcdef67890)",
     "0201123456789abcdef67890123456789abcdef67890",
     R"(2 1 123456789ABCDEF67890123456789ABCDEF67890)"},
    {RRType::DS, R"(60485 5 1 ( 2BB183AF5F22588179A53B0A 98631FAD1A292118 ))",
     "ec4505012bb183af5f22588179a53b0a98631fad1a292118",
     R"(60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118)"},
    {RRType::CDS, R"(0 0 0 00)", "0000000000", R"(0 0 0 00)"},
    {RRType::DNSKEY,
     R"(256 3 5 ( AQPSKmynfzW4kyBv015MUG2DeIQ3Cbl+BBZH4b/0 PY1kxkmvHjcZc8nokfzj31GajIQKY+5CptLr3buXA10hWqTkF7H6RfoRqXQeogmMHfpftf6zMv1LyBUgia7za6ZEzOJBOztyvhjL742iU/TpPSEDhm2SNKLijfUppn1UaNvv4w== ))",
     "010003050103d22a6ca77f35b893206fd35e4c506d8378843709b97e041647e1bff43d8d64c649af1e371973c9e89"
     "1fce3df519a8c840a63ee42a6d2ebddbb97035d215aa4e417b1fa45fa11a9741ea2098c1dfa5fb5feb332fd4bc815"
     "2089aef36ba644cce2413b3b72be18cbef8da253f4e93d2103866d9234a2e28df529a67d5468dbefe3",
     R"(256 3 5 AQPSKmynfzW4kyBv015MUG2DeIQ3Cbl+BBZH4b/0PY1kxkmvHjcZc8nokfzj31GajIQKY+5CptLr3buXA10hWqTkF7H6RfoRqXQeogmMHfpftf6zMv1LyBUgia7za6ZEzOJBOztyvhjL742iU/TpPSEDhm2SNKLijfUppn1UaNvv4w==)"},
    {RRType::CDNSKEY, R"(0 3 0 AA==)", "0000030000", R"(0 3 0 AA==)"},
    {RRType::DNSKEY,
     R"(257 3 ECDSAP256SHA256 AQPSKmynfzW4kyBv015MUG2DeIQ3Cbl+BBZH4b/0PY1kxkmvHjcZc8nokfzj31GajIQKY+5CptLr3buXA10hWqTkF7H6RfoRqXQeogmMHfpftf6zMv1LyBUgia7za6ZEzOJBOztyvhjL742iU/TpPSEDhm2SNKLijfUppn1UaNvv4w==)",
     "0101030d0103d22a6ca77f35b893206fd35e4c506d8378843709b97e041647e1bff43d8d64c649af1e371973c9e89"
     "1fce3df519a8c840a63ee42a6d2ebddbb97035d215aa4e417b1fa45fa11a9741ea2098c1dfa5fb5feb332fd4bc815"
     "2089aef36ba644cce2413b3b72be18cbef8da253f4e93d2103866d9234a2e28df529a67d5468dbefe3",
     R"(257 3 13 AQPSKmynfzW4kyBv015MUG2DeIQ3Cbl+BBZH4b/0PY1kxkmvHjcZc8nokfzj31GajIQKY+5CptLr3buXA10hWqTkF7H6RfoRqXQeogmMHfpftf6zMv1LyBUgia7za6ZEzOJBOztyvhjL742iU/TpPSEDhm2SNKLijfUppn1UaNvv4w==)"},
    {RRType::RRSIG,
     R"(A 5 3 86400 20030322173103 ( 20030220173103 2642 example.com. oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTrPYGv07h108dUKGMeDPKijVCHX3DDKdfb+v6oB9wfuh3DTJXUAfI/M0zmO/zz8bW0Rznl8O3tGNazPwQKkRN20XPXV6nwwfoXmJQbsLNrLfkGJ5D6fwFm8nN+6pBzeDQfsS3Ap3o= ))",
     "00010503000151803e7c9dd73e5510d70a52076578616d706c6503636f6d00a090755ba58d1affa576f4375831b43"
     "10920e481218d18a9f164eb3d81afd3b875d3c75428631e0cf2a28d50875f70c329d7dbfafea807dc1fba1dc34c95"
     "d401f23f334ce63bfcf3f1b5b44739e5f0eded18d6b33f040a911376d173d757a9f0c1fa1798941bb0b36b2df9062"
     "790fa7f0166f2737eea907378341fb12dc0a77a",
     R"(A 5 3 86400 20030322173103 20030220173103 2642 example.com. oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTrPYGv07h108dUKGMeDPKijVCHX3DDKdfb+v6oB9wfuh3DTJXUAfI/M0zmO/zz8bW0Rznl8O3tGNazPwQKkRN20XPXV6nwwfoXmJQbsLNrLfkGJ5D6fwFm8nN+6pBzeDQfsS3Ap3o=)"},
    {RRType::RRSIG, R"(TYPE1234 13 2 3600 1700000000 1600000000 1 Example.COM. AAAA)",
     "04d20d0200000e106553f1005f5e10000001074578616d706c6503434f4d00000000",
     R"(TYPE1234 13 2 3600 20231114221320 20200913122640 1 Example.COM. AAAA)"},
    {RRType::NSEC, R"(host.example.com. ( A MX RRSIG NSEC TYPE1234 ))",
     "04686f7374076578616d706c6503636f6d000006400100000003041b0000000000000000000000000000000000000"
     "00000000000000020",
     R"(host.example.com. A MX RRSIG NSEC TYPE1234)"},
    {RRType::NSEC, R"(next.example.)", "046e657874076578616d706c6500", R"(next.example.)"},
    {RRType::NSEC3,
     R"(1 1 12 aabbccdd ( 2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS SOA NSEC3PARAM RRSIG ))",
     "0101000c04aabbccdd14174eb2409fe28bcb4887a1836f957f0a8425e27b000722010000000290",
     R"(1 1 12 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR NS SOA MX RRSIG DNSKEY NSEC3PARAM)"},
    {RRType::NSEC3, R"(1 0 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR)",
     "010000000014174eb2409fe28bcb4887a1836f957f0a8425e27b",
     R"(1 0 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR)"},
    {RRType::NSEC3PARAM, R"(1 0 12 aabbccdd)", "0100000c04aabbccdd", R"(1 0 12 AABBCCDD)"},
    {RRType::NSEC3PARAM, R"(1 0 0 -)", "0100000000", R"(1 0 0 -)"},
    {RRType::OPENPGPKEY, R"(mQINBFdS N+8BEADm)", "99020d04575237ef011000e6", R"(mQINBFdSN+8BEADm)"},
    {RRType::DHCID, R"(( AAIBY2/AuCccgoJbsaxcQc9TUapptP69l OjxfNuVAA2kjEA= ))",
     "000201636fc0b8271c82825bb1ac5c41cf5351aa69b4febd94e8f17cdb95000da48c40",
     R"(AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=)"},
    {RRType::ZONEMD,
     R"(2018031900 1 1 ( c68090d90a7aed716bc459f9340e3d7c1370d4d24b7e2fc3a1ddc0b9a87153b9a9713b3c9ae5cc27777f98b8e730044c ))",
     "7848b91c0101c68090d90a7aed716bc459f9340e3d7c1370d4d24b7e2fc3a1ddc0b9a87153b9a9713b3c9ae5cc277"
     "77f98b8e730044c",
     R"(2018031900 1 1 C68090D90A7AED716BC459F9340E3D7C1370D4D24B7E2FC3A1DDC0B9A87153B9A9713B3C9AE5CC27777F98B8E730044C)"},
    {RRType::CERT,
     R"(PKIX 12345 RSASHA256 AQPSKmynfzW4kyBv015MUG2DeIQ3Cbl+BBZH4b/0PY1kxkmvHjcZc8nokfzj31GajIQKY+5CptLr3buXA10hWqTkF7H6RfoRqXQeogmMHfpftf6zMv1LyBUgia7za6ZEzOJBOztyvhjL742iU/TpPSEDhm2SNKLijfUppn1UaNvv4w==)",
     "00013039080103d22a6ca77f35b893206fd35e4c506d8378843709b97e041647e1bff43d8d64c649af1e371973c9e"
     "891fce3df519a8c840a63ee42a6d2ebddbb97035d215aa4e417b1fa45fa11a9741ea2098c1dfa5fb5feb332fd4bc8"
     "152089aef36ba644cce2413b3b72be18cbef8da253f4e93d2103866d9234a2e28df529a67d5468dbefe3",
     R"(PKIX 12345 8 AQPSKmynfzW4kyBv015MUG2DeIQ3Cbl+BBZH4b/0PY1kxkmvHjcZc8nokfzj31GajIQKY+5CptLr3buXA10hWqTkF7H6RfoRqXQeogmMHfpftf6zMv1LyBUgia7za6ZEzOJBOztyvhjL742iU/TpPSEDhm2SNKLijfUppn1UaNvv4w==)"},
    {RRType::CERT, R"(65000 0 0 AQID)", "fde8000000010203", R"(65000 0 0 AQID)"},
    {RRType::CSYNC, R"(66 3 A NS AAAA)", "000000420003000460000008", R"(66 3 A NS AAAA)"},
    {RRType::EUI48, R"(00-00-5e-00-53-2a)", "00005e00532a", R"(00-00-5e-00-53-2a)"},
    {RRType::EUI64, R"(00-00-5E-EF-10-00-00-2a)", "00005eef1000002a", R"(00-00-5e-ef-10-00-00-2a)"},
    {RRType::NID, R"(10 0014:4fff:ff20:ee64)", "000a00144fffff20ee64", R"(10 0014:4fff:ff20:ee64)"},
    {RRType::L64, R"(10 2001:DB8:1140:1000)", "000a20010db811401000", R"(10 2001:0db8:1140:1000)"},
    {RRType::L32, R"(10 10.1.2.0)", "000a0a010200", R"(10 10.1.2.0)"},
    {RRType::LP, R"(10 l64-subnet1.example.com.)",
     "000a0b6c36342d7375626e657431076578616d706c6503636f6d00", R"(10 l64-subnet1.example.com.)"},
    {RRType::APL, R"(1:192.168.32.0/21 !1:192.168.38.0/28)", "00011503c0a82000011c83c0a826",
     R"(1:192.168.32.0/21 !1:192.168.38.0/28)"},
    {RRType::APL, R"(1:224.0.0.0/4 2:FF00:0:0:0:0:0:0:0/8)", "00010401e000020801ff",
     R"(1:224.0.0.0/4 2:ff00::/8)"},
    {RRType::LOC, R"(42 21 54 N 71 06 18 W -24m 30m)", "0033161389172dd070be15f000988d20",
     R"(42 21 54.000 N 71 6 18.000 W -24.00m 30m 10000m 10m)"},
    {RRType::LOC, R"(33 51 30.5 S 151 12 47 E 10.50m 0.5m 2m 0.01m)",
     "0051221078bc193ca072619800989a9a", R"(33 51 30.500 S 151 12 47.000 E 10.50m 0.50m 2m 0.01m)"},
    {RRType::LOC, R"(90 N 180 W 0)", "00121613934fd90059604e0000989680",
     R"(90 0 0.000 N 180 0 0.000 W 0.00m 1m 10000m 10m)"},
    {RRType::HTTPS, R"(0 foo.example.com.)", "000003666f6f076578616d706c6503636f6d00",
     R"(0 foo.example.com.)"},
    {RRType::SVCB, R"(1 .)", "000100", R"(1 .)"},
    {RRType::SVCB, R"(16 foo.example.com. port=53)",
     "001003666f6f076578616d706c6503636f6d00000300020035", R"(16 foo.example.com. port=53)"},
    {RRType::SVCB, R"(1 foo.example.com. key667=hello)",
     "000103666f6f076578616d706c6503636f6d00029b000568656c6c6f",
     R"(1 foo.example.com. key667="hello")"},
    {RRType::SVCB, R"(1 foo.example.com. key667="hello\210qoo")",
     "000103666f6f076578616d706c6503636f6d00029b000968656c6c6fd2716f6f",
     R"(1 foo.example.com. key667="hello\210qoo")"},
    {RRType::SVCB, R"(1 foo.example.com. ( ipv6hint="2001:db8::1,2001:db8::53:1" ))",
     "000103666f6f076578616d706c6503636f6d000006002020010db800000000000000000000000120010db80000000"
     "00000000000530001",
     R"(1 foo.example.com. ipv6hint=2001:db8::1,2001:db8::53:1)"},
    {RRType::SVCB, R"(1 example.com. ( ipv6hint="2001:db8:ffff:ffff:ffff:ffff:198.51.100.100" ))",
     "0001076578616d706c6503636f6d000006001020010db8ffffffffffffffffc6336464",
     R"(1 example.com. ipv6hint=2001:db8:ffff:ffff:ffff:ffff:c633:6464)"},
    {RRType::SVCB,
     R"(16 foo.example.org. ( alpn=h2,h3-19 mandatory=ipv4hint,alpn ipv4hint=192.0.2.1 ))",
     "001003666f6f076578616d706c65036f7267000000000400010004000100090268320568332d313900040004c0000"
     "201",
     R"(16 foo.example.org. mandatory=alpn,ipv4hint alpn="h2,h3-19" ipv4hint=192.0.2.1)"},
    {RRType::SVCB, R"(16 foo.example.org. alpn="f\\\\oo\\,bar,h2")",
     "001003666f6f076578616d706c65036f7267000001000c08665c6f6f2c626172026832",
     R"(16 foo.example.org. alpn="f\\\\oo\\,bar,h2")"},
    {RRType::SVCB, R"(16 foo.example.org. alpn=f\\\092oo\092,bar,h2)",
     "001003666f6f076578616d706c65036f7267000001000c08665c6f6f2c626172026832",
     R"(16 foo.example.org. alpn="f\\\\oo\\,bar,h2")"},
    {RRType::HTTPS,
     R"(1 . alpn=h3,h2 no-default-alpn port=8443 ech=AEj+CgBETwAgACDeVpr34JzYHDGNFoGWhksj5mpBxradonbqH3X9+h7jHgAEAAEAAQAAABNjbG91ZGZsYXJlLWVzbmkuY29tAAA= key65000)",
     "00010000010006026833026832000200000003000220fb0005004a0048fe0a00444f00200020de569af7e09cd81c3"
     "18d168196864b23e66a41c6b69da276ea1f75fdfa1ee31e00040001000100000013636c6f7564666c6172652d6573"
     "6e692e636f6d0000fde80000",
     R"(1 . alpn="h3,h2" no-default-alpn port=8443 ech=AEj+CgBETwAgACDeVpr34JzYHDGNFoGWhksj5mpBxradonbqH3X9+h7jHgAEAAEAAQAAABNjbG91ZGZsYXJlLWVzbmkuY29tAAA= key65000)"},
};

} // namespace

TEST_CASE("rdata text gives the RFC wire bytes and prints canonical text", "[rdata]") {
    for (const auto& ex : kExamples) {
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
}

TEST_CASE("every truncation of valid rdata is refused or round-trips", "[rdata]") {
    for (const auto& ex : kExamples) {
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
                      "800000008000000000989680"}, // mantissa 10
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
                       "0003"}, // truncated SvcParam
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
