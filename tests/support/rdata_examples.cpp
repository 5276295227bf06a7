#include "tests/support/rdata_examples.hpp"

namespace dnsclay::test {

using dns::RRType;

const std::vector<RdataExample>& rdata_examples() {
    static const std::vector<RdataExample> examples = {
        {RRType::A, R"(192.0.2.1)", "c0000201", R"(192.0.2.1)"},
        {RRType::AAAA, R"(2001:db8::1)", "20010db8000000000000000000000001", R"(2001:db8::1)"},
        {RRType::NS, R"(ns1.example.net.)", "036e7331076578616d706c65036e657400",
         R"(ns1.example.net.)"},
        {RRType::CNAME, R"(Target.Example.)", "06546172676574074578616d706c6500",
         R"(Target.Example.)"},
        {RRType::DNAME, R"(example.net.)", "076578616d706c65036e657400", R"(example.net.)"},
        {RRType::PTR, R"(host.example.)", "04686f7374076578616d706c6500", R"(host.example.)"},
        {RRType::MX, R"(10 mx.example.)", "000a026d78076578616d706c6500", R"(10 mx.example.)"},
        {RRType::SOA, R"(ns.example. admin.example. ( 2024010101 1h 15M 1w2d 3600 ))",
         "026e73076578616d706c65000561646d696e076578616d706c650078a3f17500000e1000000384000bdd80000"
         "00e1"
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
         "0561646d696e076578616d706c650003747874076578616d706c6500",
         R"(admin.example. txt.example.)"},
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
        {RRType::TLSA,
         "0 0 1 ( d2abde240d7cd3ee6b4b28c54df034b9\n 7983a1d16e8a410e4561cb106618e971 )",
         "000001d2abde240d7cd3ee6b4b28c54df034b97983a1d16e8a410e4561cb106618e971",
         R"(0 0 1 D2ABDE240D7CD3EE6B4B28C54DF034B97983A1D16E8A410E4561CB106618E971)"},
        {RRType::SMIMEA,
         R"(3 1 1 D2ABDE240D7CD3EE6B4B28C54DF034B97983A1D16E8A410E4561CB106618E971)",
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
         "010003050103d22a6ca77f35b893206fd35e4c506d8378843709b97e041647e1bff43d8d64c649af1e371973c"
         "9e89"
         "1fce3df519a8c840a63ee42a6d2ebddbb97035d215aa4e417b1fa45fa11a9741ea2098c1dfa5fb5feb332fd4b"
         "c815"
         "2089aef36ba644cce2413b3b72be18cbef8da253f4e93d2103866d9234a2e28df529a67d5468dbefe3",
         R"(256 3 5 AQPSKmynfzW4kyBv015MUG2DeIQ3Cbl+BBZH4b/0PY1kxkmvHjcZc8nokfzj31GajIQKY+5CptLr3buXA10hWqTkF7H6RfoRqXQeogmMHfpftf6zMv1LyBUgia7za6ZEzOJBOztyvhjL742iU/TpPSEDhm2SNKLijfUppn1UaNvv4w==)"},
        {RRType::CDNSKEY, R"(0 3 0 AA==)", "0000030000", R"(0 3 0 AA==)"},
        {RRType::DNSKEY,
         R"(257 3 ECDSAP256SHA256 AQPSKmynfzW4kyBv015MUG2DeIQ3Cbl+BBZH4b/0PY1kxkmvHjcZc8nokfzj31GajIQKY+5CptLr3buXA10hWqTkF7H6RfoRqXQeogmMHfpftf6zMv1LyBUgia7za6ZEzOJBOztyvhjL742iU/TpPSEDhm2SNKLijfUppn1UaNvv4w==)",
         "0101030d0103d22a6ca77f35b893206fd35e4c506d8378843709b97e041647e1bff43d8d64c649af1e371973c"
         "9e89"
         "1fce3df519a8c840a63ee42a6d2ebddbb97035d215aa4e417b1fa45fa11a9741ea2098c1dfa5fb5feb332fd4b"
         "c815"
         "2089aef36ba644cce2413b3b72be18cbef8da253f4e93d2103866d9234a2e28df529a67d5468dbefe3",
         R"(257 3 13 AQPSKmynfzW4kyBv015MUG2DeIQ3Cbl+BBZH4b/0PY1kxkmvHjcZc8nokfzj31GajIQKY+5CptLr3buXA10hWqTkF7H6RfoRqXQeogmMHfpftf6zMv1LyBUgia7za6ZEzOJBOztyvhjL742iU/TpPSEDhm2SNKLijfUppn1UaNvv4w==)"},
        {RRType::RRSIG,
         R"(A 5 3 86400 20030322173103 ( 20030220173103 2642 example.com. oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTrPYGv07h108dUKGMeDPKijVCHX3DDKdfb+v6oB9wfuh3DTJXUAfI/M0zmO/zz8bW0Rznl8O3tGNazPwQKkRN20XPXV6nwwfoXmJQbsLNrLfkGJ5D6fwFm8nN+6pBzeDQfsS3Ap3o= ))",
         "00010503000151803e7c9dd73e5510d70a52076578616d706c6503636f6d00a090755ba58d1affa576f437583"
         "1b43"
         "10920e481218d18a9f164eb3d81afd3b875d3c75428631e0cf2a28d50875f70c329d7dbfafea807dc1fba1dc3"
         "4c95"
         "d401f23f334ce63bfcf3f1b5b44739e5f0eded18d6b33f040a911376d173d757a9f0c1fa1798941bb0b36b2df"
         "9062"
         "790fa7f0166f2737eea907378341fb12dc0a77a",
         R"(A 5 3 86400 20030322173103 20030220173103 2642 example.com. oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTrPYGv07h108dUKGMeDPKijVCHX3DDKdfb+v6oB9wfuh3DTJXUAfI/M0zmO/zz8bW0Rznl8O3tGNazPwQKkRN20XPXV6nwwfoXmJQbsLNrLfkGJ5D6fwFm8nN+6pBzeDQfsS3Ap3o=)"},
        {RRType::RRSIG, R"(TYPE1234 13 2 3600 1700000000 1600000000 1 Example.COM. AAAA)",
         "04d20d0200000e106553f1005f5e10000001074578616d706c6503434f4d00000000",
         R"(TYPE1234 13 2 3600 20231114221320 20200913122640 1 Example.COM. AAAA)"},
        {RRType::NSEC, R"(host.example.com. ( A MX RRSIG NSEC TYPE1234 ))",
         "04686f7374076578616d706c6503636f6d000006400100000003041b000000000000000000000000000000000"
         "0000"
         "00000000000000020",
         R"(host.example.com. A MX RRSIG NSEC TYPE1234)"},
        {RRType::NSEC3,
         R"(1 1 12 aabbccdd ( 2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS SOA NSEC3PARAM RRSIG ))",
         "0101000c04aabbccdd14174eb2409fe28bcb4887a1836f957f0a8425e27b000722010000000290",
         R"(1 1 12 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR NS SOA MX RRSIG DNSKEY NSEC3PARAM)"},
        {RRType::NSEC3, R"(1 0 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR)",
         "010000000014174eb2409fe28bcb4887a1836f957f0a8425e27b",
         R"(1 0 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR)"},
        {RRType::NSEC3PARAM, R"(1 0 12 aabbccdd)", "0100000c04aabbccdd", R"(1 0 12 AABBCCDD)"},
        {RRType::NSEC3PARAM, R"(1 0 0 -)", "0100000000", R"(1 0 0 -)"},
        {RRType::OPENPGPKEY, R"(mQINBFdS N+8BEADm)", "99020d04575237ef011000e6",
         R"(mQINBFdSN+8BEADm)"},
        {RRType::DHCID, R"(( AAIBY2/AuCccgoJbsaxcQc9TUapptP69l OjxfNuVAA2kjEA= ))",
         "000201636fc0b8271c82825bb1ac5c41cf5351aa69b4febd94e8f17cdb95000da48c40",
         R"(AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=)"},
        {RRType::ZONEMD,
         R"(2018031900 1 1 ( c68090d90a7aed716bc459f9340e3d7c1370d4d24b7e2fc3a1ddc0b9a87153b9a9713b3c9ae5cc27777f98b8e730044c ))",
         "7848b91c0101c68090d90a7aed716bc459f9340e3d7c1370d4d24b7e2fc3a1ddc0b9a87153b9a9713b3c9ae5c"
         "c277"
         "77f98b8e730044c",
         R"(2018031900 1 1 C68090D90A7AED716BC459F9340E3D7C1370D4D24B7E2FC3A1DDC0B9A87153B9A9713B3C9AE5CC27777F98B8E730044C)"},
        {RRType::CERT,
         R"(PKIX 12345 RSASHA256 AQPSKmynfzW4kyBv015MUG2DeIQ3Cbl+BBZH4b/0PY1kxkmvHjcZc8nokfzj31GajIQKY+5CptLr3buXA10hWqTkF7H6RfoRqXQeogmMHfpftf6zMv1LyBUgia7za6ZEzOJBOztyvhjL742iU/TpPSEDhm2SNKLijfUppn1UaNvv4w==)",
         "00013039080103d22a6ca77f35b893206fd35e4c506d8378843709b97e041647e1bff43d8d64c649af1e37197"
         "3c9e"
         "891fce3df519a8c840a63ee42a6d2ebddbb97035d215aa4e417b1fa45fa11a9741ea2098c1dfa5fb5feb332fd"
         "4bc8"
         "152089aef36ba644cce2413b3b72be18cbef8da253f4e93d2103866d9234a2e28df529a67d5468dbefe3",
         R"(PKIX 12345 8 AQPSKmynfzW4kyBv015MUG2DeIQ3Cbl+BBZH4b/0PY1kxkmvHjcZc8nokfzj31GajIQKY+5CptLr3buXA10hWqTkF7H6RfoRqXQeogmMHfpftf6zMv1LyBUgia7za6ZEzOJBOztyvhjL742iU/TpPSEDhm2SNKLijfUppn1UaNvv4w==)"},
        {RRType::CERT, R"(65000 0 0 AQID)", "fde8000000010203", R"(65000 0 0 AQID)"},
        {RRType::CSYNC, R"(66 3 A NS AAAA)", "000000420003000460000008", R"(66 3 A NS AAAA)"},
        {RRType::EUI48, R"(00-00-5e-00-53-2a)", "00005e00532a", R"(00-00-5e-00-53-2a)"},
        {RRType::EUI64, R"(00-00-5E-EF-10-00-00-2a)", "00005eef1000002a",
         R"(00-00-5e-ef-10-00-00-2a)"},
        {RRType::NID, R"(10 0014:4fff:ff20:ee64)", "000a00144fffff20ee64",
         R"(10 0014:4fff:ff20:ee64)"},
        {RRType::L64, R"(10 2001:DB8:1140:1000)", "000a20010db811401000",
         R"(10 2001:0db8:1140:1000)"},
        {RRType::L32, R"(10 10.1.2.0)", "000a0a010200", R"(10 10.1.2.0)"},
        {RRType::LP, R"(10 l64-subnet1.example.com.)",
         "000a0b6c36342d7375626e657431076578616d706c6503636f6d00",
         R"(10 l64-subnet1.example.com.)"},
        {RRType::APL, R"(1:192.168.32.0/21 !1:192.168.38.0/28)", "00011503c0a82000011c83c0a826",
         R"(1:192.168.32.0/21 !1:192.168.38.0/28)"},
        {RRType::APL, R"(1:224.0.0.0/4 2:FF00:0:0:0:0:0:0:0/8)", "00010401e000020801ff",
         R"(1:224.0.0.0/4 2:ff00::/8)"},
        {RRType::LOC, R"(42 21 54 N 71 06 18 W -24m 30m)", "0033161389172dd070be15f000988d20",
         R"(42 21 54.000 N 71 6 18.000 W -24.00m 30m 10000m 10m)"},
        {RRType::LOC, R"(33 51 30.5 S 151 12 47 E 10.50m 0.5m 2m 0.01m)",
         "0051221078bc193ca072619800989a9a",
         R"(33 51 30.500 S 151 12 47.000 E 10.50m 0.50m 2m 0.01m)"},
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
         "000103666f6f076578616d706c6503636f6d000006002020010db800000000000000000000000120010db8000"
         "0000"
         "00000000000530001",
         R"(1 foo.example.com. ipv6hint=2001:db8::1,2001:db8::53:1)"},
        {RRType::SVCB,
         R"(1 example.com. ( ipv6hint="2001:db8:ffff:ffff:ffff:ffff:198.51.100.100" ))",
         "0001076578616d706c6503636f6d000006001020010db8ffffffffffffffffc6336464",
         R"(1 example.com. ipv6hint=2001:db8:ffff:ffff:ffff:ffff:c633:6464)"},
        {RRType::SVCB,
         R"(16 foo.example.org. ( alpn=h2,h3-19 mandatory=ipv4hint,alpn ipv4hint=192.0.2.1 ))",
         "001003666f6f076578616d706c65036f7267000000000400010004000100090268320568332d313900040004c"
         "0000"
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
         "00010000010006026833026832000200000003000220fb0005004a0048fe0a00444f00200020de569af7e09cd"
         "81c3"
         "18d168196864b23e66a41c6b69da276ea1f75fdfa1ee31e00040001000100000013636c6f7564666c6172652d"
         "6573"
         "6e692e636f6d0000fde80000",
         R"(1 . alpn="h3,h2" no-default-alpn port=8443 ech=AEj+CgBETwAgACDeVpr34JzYHDGNFoGWhksj5mpBxradonbqH3X9+h7jHgAEAAEAAQAAABNjbG91ZGZsYXJlLWVzbmkuY29tAAA= key65000)"},
        {RRType::IPSECKEY,
         R"(( 10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ== ))",
         "0a0102c0000226010351537986ed35533b6064478eeeb27b5bd74dae149b6e81ba3a0521af82ab7801",
         R"(10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==)"},
        {RRType::IPSECKEY, R"(10 0 2 . AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==)",
         "0a0002010351537986ed35533b6064478eeeb27b5bd74dae149b6e81ba3a0521af82ab7801",
         R"(10 0 2 . AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==)"},
        {RRType::IPSECKEY,
         R"(10 3 2 mygateway.example.com. AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==)",
         "0a0302096d7967617465776179076578616d706c6503636f6d00010351537986ed35533b6064478eeeb27b5bd"
         "74dae149b6e81ba3a0521af82ab7801",
         R"(10 3 2 mygateway.example.com. AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==)"},
        {RRType::IPSECKEY,
         R"(10 2 2 2001:0DB8:0:8002::2000:1 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==)",
         "0a020220010db8000080020000000020000001010351537986ed35533b6064478eeeb27b5bd74dae149b6e81b"
         "a3a0521af82ab7801",
         R"(10 2 2 2001:db8:0:8002::2000:1 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==)"},
        {RRType::MINFO, R"(rm.example. em.example.)",
         "02726d076578616d706c650002656d076578616d706c6500", R"(rm.example. em.example.)"},
        {RRType::RT, R"(10 rt.example.)", "000a027274076578616d706c6500", R"(10 rt.example.)"},
        {RRType::KEY, R"(256 3 8 AQID)", "01000308010203", R"(256 3 8 AQID)"},
    };
    return examples;
}

} // namespace dnsclay::test
