#pragma once
// Numeric registries of DNS (IANA "Domain Name System (DNS) Parameters") and their
// mnemonics. Unknown values are valid: they print as TYPEnnn / CLASSnnn (RFC 3597).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dnsclay::dns {

enum class RRType : std::uint16_t {
    A = 1,
    NS = 2,
    MD = 3,
    MF = 4,
    CNAME = 5,
    SOA = 6,
    MB = 7,
    MG = 8,
    MR = 9,
    NULL_ = 10,
    WKS = 11,
    PTR = 12,
    HINFO = 13,
    MINFO = 14,
    MX = 15,
    TXT = 16,
    RP = 17,
    AFSDB = 18,
    X25 = 19,
    ISDN = 20,
    RT = 21,
    NSAP = 22,
    NSAP_PTR = 23,
    SIG = 24,
    KEY = 25,
    PX = 26,
    GPOS = 27,
    AAAA = 28,
    LOC = 29,
    NXT = 30,
    SRV = 33,
    NAPTR = 35,
    KX = 36,
    CERT = 37,
    DNAME = 39,
    OPT = 41,
    APL = 42,
    DS = 43,
    SSHFP = 44,
    IPSECKEY = 45,
    RRSIG = 46,
    NSEC = 47,
    DNSKEY = 48,
    DHCID = 49,
    NSEC3 = 50,
    NSEC3PARAM = 51,
    TLSA = 52,
    SMIMEA = 53,
    HIP = 55,
    NINFO = 56,
    RKEY = 57,
    TALINK = 58,
    CDS = 59,
    CDNSKEY = 60,
    OPENPGPKEY = 61,
    CSYNC = 62,
    ZONEMD = 63,
    SVCB = 64,
    HTTPS = 65,
    SPF = 99,
    NID = 104,
    L32 = 105,
    L64 = 106,
    LP = 107,
    EUI48 = 108,
    EUI64 = 109,
    TKEY = 249,
    TSIG = 250,
    IXFR = 251,
    AXFR = 252,
    MAILB = 253,
    MAILA = 254,
    ANY = 255,
    URI = 256,
    CAA = 257,
    AVC = 258,
    AMTRELAY = 260,
    RESINFO = 261,
    WALLET = 262,
    TA = 32768,
    DLV = 32769,
};

enum class RRClass : std::uint16_t {
    IN = 1,
    CH = 3,
    HS = 4,
    NONE = 254,
    ANY = 255,
};

enum class Opcode : std::uint8_t {
    QUERY = 0,
    IQUERY = 1,
    STATUS = 2,
    NOTIFY = 4,
    UPDATE = 5,
    DSO = 6,
};

// Response codes, including the extended ones carried in EDNS and the TSIG error field.
enum class Rcode : std::uint16_t {
    NOERROR = 0,
    FORMERR = 1,
    SERVFAIL = 2,
    NXDOMAIN = 3,
    NOTIMP = 4,
    REFUSED = 5,
    YXDOMAIN = 6,
    YXRRSET = 7,
    NXRRSET = 8,
    NOTAUTH = 9,
    NOTZONE = 10,
    BADVERS = 16, // in EDNS; the same value is BADSIG in a TSIG error field
    BADSIG = 16,
    BADKEY = 17,
    BADTIME = 18,
    BADMODE = 19,
    BADNAME = 20,
    BADALG = 21,
    BADTRUNC = 22,
    BADCOOKIE = 23,
};

// "A", "TYPE65534" ...; parse accepts any case. from_string returns nullopt if unknown.
std::string to_string(RRType t);
std::optional<RRType> rrtype_from_string(std::string_view s);
std::string to_string(RRClass c);
std::optional<RRClass> rrclass_from_string(std::string_view s);
std::string to_string(Opcode o);
// Rcode names; 16 prints as "BADVERS" unless tsig is true ("BADSIG").
std::string to_string(Rcode r, bool tsig = false);

// Meta-types (RFC 6895 §3.1): not stored in zones.
bool is_meta_type(RRType t);

} // namespace dnsclay::dns
