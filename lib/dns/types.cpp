#include "lib/dns/types.hpp"

#include <array>
#include <charconv>
#include <utility>

namespace dnsclay::dns {
namespace {

constexpr std::pair<RRType, std::string_view> kTypeNames[] = {
    {RRType::A, "A"},
    {RRType::NS, "NS"},
    {RRType::MD, "MD"},
    {RRType::MF, "MF"},
    {RRType::CNAME, "CNAME"},
    {RRType::SOA, "SOA"},
    {RRType::MB, "MB"},
    {RRType::MG, "MG"},
    {RRType::MR, "MR"},
    {RRType::NULL_, "NULL"},
    {RRType::WKS, "WKS"},
    {RRType::PTR, "PTR"},
    {RRType::HINFO, "HINFO"},
    {RRType::MINFO, "MINFO"},
    {RRType::MX, "MX"},
    {RRType::TXT, "TXT"},
    {RRType::RP, "RP"},
    {RRType::AFSDB, "AFSDB"},
    {RRType::X25, "X25"},
    {RRType::ISDN, "ISDN"},
    {RRType::RT, "RT"},
    {RRType::NSAP, "NSAP"},
    {RRType::NSAP_PTR, "NSAP-PTR"},
    {RRType::SIG, "SIG"},
    {RRType::KEY, "KEY"},
    {RRType::PX, "PX"},
    {RRType::GPOS, "GPOS"},
    {RRType::AAAA, "AAAA"},
    {RRType::LOC, "LOC"},
    {RRType::NXT, "NXT"},
    {RRType::SRV, "SRV"},
    {RRType::NAPTR, "NAPTR"},
    {RRType::KX, "KX"},
    {RRType::CERT, "CERT"},
    {RRType::DNAME, "DNAME"},
    {RRType::OPT, "OPT"},
    {RRType::APL, "APL"},
    {RRType::DS, "DS"},
    {RRType::SSHFP, "SSHFP"},
    {RRType::IPSECKEY, "IPSECKEY"},
    {RRType::RRSIG, "RRSIG"},
    {RRType::NSEC, "NSEC"},
    {RRType::DNSKEY, "DNSKEY"},
    {RRType::DHCID, "DHCID"},
    {RRType::NSEC3, "NSEC3"},
    {RRType::NSEC3PARAM, "NSEC3PARAM"},
    {RRType::TLSA, "TLSA"},
    {RRType::SMIMEA, "SMIMEA"},
    {RRType::HIP, "HIP"},
    {RRType::NINFO, "NINFO"},
    {RRType::RKEY, "RKEY"},
    {RRType::TALINK, "TALINK"},
    {RRType::CDS, "CDS"},
    {RRType::CDNSKEY, "CDNSKEY"},
    {RRType::OPENPGPKEY, "OPENPGPKEY"},
    {RRType::CSYNC, "CSYNC"},
    {RRType::ZONEMD, "ZONEMD"},
    {RRType::SVCB, "SVCB"},
    {RRType::HTTPS, "HTTPS"},
    {RRType::SPF, "SPF"},
    {RRType::NID, "NID"},
    {RRType::L32, "L32"},
    {RRType::L64, "L64"},
    {RRType::LP, "LP"},
    {RRType::EUI48, "EUI48"},
    {RRType::EUI64, "EUI64"},
    {RRType::TKEY, "TKEY"},
    {RRType::TSIG, "TSIG"},
    {RRType::IXFR, "IXFR"},
    {RRType::AXFR, "AXFR"},
    {RRType::MAILB, "MAILB"},
    {RRType::MAILA, "MAILA"},
    {RRType::ANY, "ANY"},
    {RRType::URI, "URI"},
    {RRType::CAA, "CAA"},
    {RRType::AVC, "AVC"},
    {RRType::AMTRELAY, "AMTRELAY"},
    {RRType::RESINFO, "RESINFO"},
    {RRType::WALLET, "WALLET"},
    {RRType::TA, "TA"},
    {RRType::DLV, "DLV"},
};

constexpr std::pair<RRClass, std::string_view> kClassNames[] = {
    {RRClass::IN, "IN"},     {RRClass::CH, "CH"},   {RRClass::HS, "HS"},
    {RRClass::NONE, "NONE"}, {RRClass::ANY, "ANY"},
};

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 32);
        if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 32);
        if (x != y) return false;
    }
    return true;
}

// Parses the number after a "TYPE" / "CLASS" prefix (RFC 3597 §5).
std::optional<std::uint16_t> numeric_after(std::string_view s, std::string_view prefix) {
    if (s.size() <= prefix.size() || !iequals(s.substr(0, prefix.size()), prefix))
        return std::nullopt;
    std::string_view digits = s.substr(prefix.size());
    unsigned value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size() || value > 0xffff)
        return std::nullopt;
    return static_cast<std::uint16_t>(value);
}

} // namespace

std::string to_string(RRType t) {
    for (const auto& [type, name] : kTypeNames)
        if (type == t) return std::string(name);
    return "TYPE" + std::to_string(static_cast<unsigned>(t));
}

std::optional<RRType> rrtype_from_string(std::string_view s) {
    for (const auto& [type, name] : kTypeNames)
        if (iequals(s, name)) return type;
    if (auto n = numeric_after(s, "TYPE")) return static_cast<RRType>(*n);
    return std::nullopt;
}

std::string to_string(RRClass c) {
    for (const auto& [klass, name] : kClassNames)
        if (klass == c) return std::string(name);
    return "CLASS" + std::to_string(static_cast<unsigned>(c));
}

std::optional<RRClass> rrclass_from_string(std::string_view s) {
    for (const auto& [klass, name] : kClassNames)
        if (iequals(s, name)) return klass;
    if (iequals(s, "CHAOS")) return RRClass::CH;
    if (auto n = numeric_after(s, "CLASS")) return static_cast<RRClass>(*n);
    return std::nullopt;
}

std::string to_string(Opcode o) {
    switch (o) {
    case Opcode::QUERY:
        return "QUERY";
    case Opcode::IQUERY:
        return "IQUERY";
    case Opcode::STATUS:
        return "STATUS";
    case Opcode::NOTIFY:
        return "NOTIFY";
    case Opcode::UPDATE:
        return "UPDATE";
    case Opcode::DSO:
        return "DSO";
    }
    return "OPCODE" + std::to_string(static_cast<unsigned>(o));
}

std::string to_string(Rcode r, bool tsig) {
    static constexpr std::array<std::string_view, 24> kNames = {
        "NOERROR",  "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",   "REFUSED",
        "YXDOMAIN", "YXRRSET", "NXRRSET",  "NOTAUTH",  "NOTZONE",  "DSOTYPENI",
        "RCODE12",  "RCODE13", "RCODE14",  "RCODE15",  "BADVERS",  "BADKEY",
        "BADTIME",  "BADMODE", "BADNAME",  "BADALG",   "BADTRUNC", "BADCOOKIE"};
    auto v = static_cast<std::size_t>(r);
    if (v == 16 && tsig) return "BADSIG";
    if (v < kNames.size()) return std::string(kNames[v]);
    return "RCODE" + std::to_string(v);
}

bool is_meta_type(RRType t) {
    auto v = static_cast<unsigned>(t);
    return t == RRType::OPT || (v >= 128 && v <= 255);
}

} // namespace dnsclay::dns
