// Our zone-file writer's output, for a zone holding every type lib/dns knows, checked by the
// real tools: ldns-signzone signs it (so it must read every record), kzonecheck (knot) and
// named-checkzone (BIND) accept the signed zone after another pass through our reader and
// writer (kzonecheck verifies every RRSIG, which proves the rdata bytes survived exactly),
// and ldns-read-zone's re-print of our file reads back as the same record set.
#include "lib/dns/rdata.hpp"
#include "lib/dns/zonefile.hpp"
#include "tests/support/process.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace dnsclay::dns;
using namespace dnsclay::test;

namespace {

const Name kOrigin = Name::parse("example.test.");

// Every type except those the signer makes (DNSKEY, RRSIG, NSEC, NSEC3, NSEC3PARAM,
// ZONEMD) and those derived from the key (CDS, CDNSKEY), which the test adds. Built to be
// valid for all three checkers: NS targets have addresses, DS sits at a delegation, MX and
// SRV point at names with addresses, nothing lives below the DNAME or beside the CNAME.
std::string unsigned_zone() {
    return R"($ORIGIN example.test.
$TTL 3600
@ IN SOA ns1 hostmaster ( 2024010101 2h 1h 2w 5m )
@ NS ns1
@ NS ns2.example.net.
@ MX 10 mail
@ TXT "v=spf1 mx -all"
@ SPF "v=spf1 mx -all"
@ CAA 0 issue "ca.example.net; account=1"
@ CAA 128 tbs "Unknown"
@ HTTPS 1 . alpn=h2,h3 port=443 ipv4hint=192.0.2.1,192.0.2.2 ipv6hint=2001:db8::1 mandatory=alpn,port
ns1 A 192.0.2.53
ns1 AAAA 2001:db8::53
mail 300 IN A 192.0.2.25
www IN 300 A 192.0.2.80
    AAAA 2001:db8::80
    SSHFP 4 2 123456789ABCDEF67890123456789ABCDEF67890123456789ABCDEF123456789
alias CNAME www
redirect DNAME example.net.
1.2.0.192.in-addr PTR www
txt TXT "first string" "second \"quoted\" \\ \059; string" "\255\000binary" ""
long TXT ")" +
           std::string(300, 'x') +
           R"("
_sip._tcp SRV 10 60 5060 www
naptr NAPTR 100 10 "S" "SIP+D2U" "" _sip._udp.example.test.
naptr2 NAPTR 100 50 "u" "E2U+sip" "!^.*$!sip:info@example.test!" .
_443._tcp.www TLSA 3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6
smime SMIMEA 3 0 0 ( 308201A2300D06092A864886F70D01010105000382018F00
                     3082018A0282018100C1 )
child NS ns1
child DS 60485 13 2 2BB183AF5F22588179A53B0A98631FAD1A292118ABCDEF0123456789ABCDEF01
pgp OPENPGPKEY mQINBFit2jsBEADrbl5vjVxYeAE0g0IDYCBpHirv1Sjlqxx5gjtPhb2YhvyDMXjq
svc SVCB 1 svc.example.net. alpn=h2 no-default-alpn port=8443 ech=AEn+DQBFKwAgACABWIHUGj4u+PIggYXcR5JF0gYk3dCRioBW8uJq9H4mKAAIAAEAAQABAANAEnB1YmxpYy50bHMtZWNoLmRldgAA key65000=x
svc2 SVCB 0 svc.example.net.
_http._tcp URI 10 1 "https://www.example.test/path"
hinfo HINFO "PC-Intel-700mhz" "Linux 6.1"
rp RP hostmaster.example.test. txt.example.test.
loc LOC 52 22 23.000 N 4 53 32.000 E -2.00m 1m 10000m 10m
cert CERT PGP 0 0 mQINBFit2jsBEADrbl5vjVxYeAE0g0ID
generic TYPE65534 \# 3 abcdef
)";
}

// The record as a string with owner and rdata names lower-cased (RFC 4034 §6.2), so two
// tools' spellings of the same record compare equal.
std::set<std::string> canonical_set(const std::vector<Record>& records) {
    std::set<std::string> out;
    for (const auto& r : records)
        out.insert(
            Record{r.owner.canonical(), r.type, r.klass, r.ttl, rdata_canonical(r.type, r.rdata)}
                .to_string());
    return out;
}

std::set<RRType> types_of(const std::vector<Record>& records) {
    std::set<RRType> out;
    for (const auto& r : records)
        out.insert(r.type);
    return out;
}

RunResult run_in(const TempDir& dir, const std::string& command) {
    return run({"sh", "-c", "cd '" + dir.path() + "' && " + command});
}

// One record, read with a $TTL in front since the key files have no TTL.
Record single_record(const std::string& text) {
    auto records = read_zone_file("$TTL 3600\n" + text, kOrigin);
    REQUIRE(records.size() == 1);
    return records[0];
}

} // namespace

TEST_CASE("zone files with every type pass kzonecheck, named-checkzone and ldns-read-zone",
          "[zonefile][peers]") {
    for (const char* program : {"kzonecheck", "named-checkzone", "ldns-read-zone", "ldns-signzone",
                                "ldns-keygen", "ldns-key2ds"})
        REQUIRE(have_program(program));
    // NSEC and NSEC3 chains come from two signings of the same zone.
    auto [chain, signzone_flag] =
        GENERATE(table<std::string, std::string>({{"NSEC", ""}, {"NSEC3", "-n -s 0011aabb -t 1"}}));
    CAPTURE(chain);
    TempDir dir;

    auto keygen = run_in(dir, "ldns-keygen -a ECDSAP256SHA256 -k example.test");
    REQUIRE(keygen.exit_code == 0);
    std::string key = keygen.out.substr(0, keygen.out.find('\n'));
    Record dnskey = single_record(read_file(dir / (key + ".key")));
    REQUIRE(dnskey.type == RRType::DNSKEY);
    auto ds = run_in(dir, "ldns-key2ds -n -2 " + key + ".key");
    REQUIRE(ds.exit_code == 0);
    Record cds = single_record(ds.out);
    REQUIRE(cds.type == RRType::DS);

    auto records = read_zone_file(unsigned_zone(), kOrigin);
    records.push_back({kOrigin, RRType::CDNSKEY, RRClass::IN, 3600, dnskey.rdata});
    records.push_back({kOrigin, RRType::CDS, RRClass::IN, 3600, cds.rdata});
    write_file(dir / "unsigned.zone", write_zone_file(records, kOrigin));

    // ldns-signzone must read all of our file to sign it; -z adds a ZONEMD (SHA-384).
    auto sign = run_in(dir, "ldns-signzone " + signzone_flag +
                                " -z 1:1 -f signed.zone -o example.test. unsigned.zone " + key);
    INFO(sign.err);
    REQUIRE(sign.exit_code == 0);
    auto signed_records = read_zone_file(read_file(dir / "signed.zone"), kOrigin);
    // Each record we wrote is in the signed zone, unchanged.
    auto signed_set = canonical_set(signed_records);
    for (const auto& r : canonical_set(records))
        CHECK(signed_set.count(r) == 1);

    std::set<RRType> every_type = {RRType::A,
                                   RRType::AAAA,
                                   RRType::NS,
                                   RRType::CNAME,
                                   RRType::DNAME,
                                   RRType::SOA,
                                   RRType::PTR,
                                   RRType::MX,
                                   RRType::TXT,
                                   RRType::SPF,
                                   RRType::SRV,
                                   RRType::NAPTR,
                                   RRType::CAA,
                                   RRType::TLSA,
                                   RRType::SMIMEA,
                                   RRType::SSHFP,
                                   RRType::DS,
                                   RRType::CDS,
                                   RRType::DNSKEY,
                                   RRType::CDNSKEY,
                                   RRType::RRSIG,
                                   RRType::OPENPGPKEY,
                                   RRType::SVCB,
                                   RRType::HTTPS,
                                   RRType::URI,
                                   RRType::HINFO,
                                   RRType::RP,
                                   RRType::LOC,
                                   RRType::CERT,
                                   RRType::ZONEMD,
                                   static_cast<RRType>(65534)};
    if (chain == "NSEC") {
        every_type.insert(RRType::NSEC);
    } else {
        every_type.insert(RRType::NSEC3);
        every_type.insert(RRType::NSEC3PARAM);
    }
    auto present = types_of(signed_records);
    for (RRType t : every_type) {
        CAPTURE(to_string(t));
        CHECK(present.count(t) == 1);
    }

    std::string ours = write_zone_file(signed_records, kOrigin);
    write_file(dir / "ours.zone", ours);

    auto knot = run({"kzonecheck", "-o", "example.test.", dir / "ours.zone"});
    INFO("kzonecheck: " << knot.out << knot.err);
    CHECK(knot.exit_code == 0);

    auto bind = run({"named-checkzone", "example.test.", dir / "ours.zone"});
    INFO("named-checkzone: " << bind.out << bind.err);
    CHECK(bind.exit_code == 0);
    CHECK_THAT(bind.out, Catch::Contains("(DNSSEC signed)"));

    auto ldns = run({"ldns-read-zone", dir / "ours.zone"});
    INFO("ldns-read-zone: " << ldns.err);
    REQUIRE(ldns.exit_code == 0);
    CHECK(canonical_set(read_zone_file(ldns.out, kOrigin)) == signed_set);

    // The acceptance above has teeth: kzonecheck checks the signatures, so one changed
    // byte in one record makes it refuse the zone.
    for (auto& r : signed_records)
        if (r.type == RRType::A && r.owner == Name::parse("www.example.test.")) r.rdata[3] ^= 1;
    write_file(dir / "tampered.zone", write_zone_file(signed_records, kOrigin));
    CHECK(run({"kzonecheck", "-o", "example.test.", dir / "tampered.zone"}).exit_code != 0);
}
