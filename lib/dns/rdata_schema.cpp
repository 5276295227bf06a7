#include "lib/dns/rdata_schema.hpp"

#include <utility>

namespace dnsclay::dns::rdata {
namespace {

using K = Kind;
constexpr std::uint8_t kRfc1035 = kCompress | kDecompress | kCanonical;
constexpr std::uint8_t kOldNames = kDecompress | kCanonical;

// The presentation and wire formats of every type with a known format. Types missing here
// (NULL, WKS, NXT, HIP, A6, the meta-types ...) only have the RFC 3597 generic form.
constexpr std::pair<std::uint16_t, Schema> kSchemas[] = {
    {1, {{K::Ipv4}}},                                                            // A
    {2, {{K::Name}, kRfc1035}},                                                  // NS
    {3, {{K::Name}, kRfc1035}},                                                  // MD
    {4, {{K::Name}, kRfc1035}},                                                  // MF
    {5, {{K::Name}, kRfc1035}},                                                  // CNAME
    {6, {{K::Name, K::Name, K::U32, K::Ttl, K::Ttl, K::Ttl, K::Ttl}, kRfc1035}}, // SOA
    {7, {{K::Name}, kRfc1035}},                                                  // MB
    {8, {{K::Name}, kRfc1035}},                                                  // MG
    {9, {{K::Name}, kRfc1035}},                                                  // MR
    {12, {{K::Name}, kRfc1035}},                                                 // PTR
    {13, {{K::String, K::String}}},                                              // HINFO
    {14, {{K::Name, K::Name}, kRfc1035}},                                        // MINFO
    {15, {{K::U16, K::Name}, kRfc1035}},                                         // MX
    {16, {{K::Strings}}},                                                        // TXT
    {17, {{K::Name, K::Name}, kOldNames}},                                       // RP
    {18, {{K::U16, K::Name}, kOldNames}},                                        // AFSDB
    {19, {{K::String}}},                                                         // X25
    {20, {{K::String, K::OptString}}},                                           // ISDN
    {21, {{K::U16, K::Name}, kOldNames}},                                        // RT
    {22, {{K::Nsap}}},                                                           // NSAP
    {24,
     {{K::Type, K::Algorithm, K::U8, K::Ttl, K::Time, K::Time, K::U16, K::Name, K::Base64},
      kOldNames}},                                                                 // SIG
    {25, {{K::U16, K::U8, K::Algorithm, K::Base64}}},                              // KEY
    {26, {{K::U16, K::Name, K::Name}, kOldNames}},                                 // PX
    {27, {{K::String, K::String, K::String}}},                                     // GPOS
    {28, {{K::Ipv6}}},                                                             // AAAA
    {29, {{K::Loc}}},                                                              // LOC
    {33, {{K::U16, K::U16, K::U16, K::Name}, kOldNames}},                          // SRV
    {35, {{K::U16, K::U16, K::String, K::String, K::String, K::Name}, kOldNames}}, // NAPTR
    {36, {{K::U16, K::Name}, kCanonical}},                                         // KX
    {37, {{K::CertType, K::U16, K::Algorithm, K::Base64}}},                        // CERT
    {39, {{K::Name}, kCanonical}},                                                 // DNAME
    {42, {{K::Apl}}},                                                              // APL
    {43, {{K::U16, K::Algorithm, K::U8, K::Hex}}},                                 // DS
    {44, {{K::U8, K::U8, K::Hex}}},                                                // SSHFP
    {45, {{K::U8, K::Gateway, K::OptBase64}}},                                     // IPSECKEY
    {46,
     {{K::Type, K::Algorithm, K::U8, K::Ttl, K::Time, K::Time, K::U16, K::Name, K::Base64},
      kCanonical}},                                                // RRSIG
    {47, {{K::Name, K::Bitmap}}},                                  // NSEC
    {48, {{K::U16, K::U8, K::Algorithm, K::Base64}}},              // DNSKEY
    {49, {{K::Base64}}},                                           // DHCID
    {50, {{K::U8, K::U8, K::U16, K::Salt, K::Base32, K::Bitmap}}}, // NSEC3
    {51, {{K::U8, K::U8, K::U16, K::Salt}}},                       // NSEC3PARAM
    {52, {{K::U8, K::U8, K::U8, K::Hex}}},                         // TLSA
    {53, {{K::U8, K::U8, K::U8, K::Hex}}},                         // SMIMEA
    {56, {{K::Strings}}},                                          // NINFO
    {57, {{K::U16, K::U8, K::Algorithm, K::Base64}}},              // RKEY
    {58, {{K::Name, K::Name}}},                                    // TALINK
    {59, {{K::U16, K::Algorithm, K::U8, K::Hex}}},                 // CDS
    {60, {{K::U16, K::U8, K::Algorithm, K::Base64}}},              // CDNSKEY
    {61, {{K::Base64}}},                                           // OPENPGPKEY
    {62, {{K::U32, K::U16, K::Bitmap}}},                           // CSYNC
    {63, {{K::U32, K::U8, K::U8, K::Hex}}},                        // ZONEMD
    {64, {{K::U16, K::Name, K::SvcParams}}},                       // SVCB
    {65, {{K::U16, K::Name, K::SvcParams}}},                       // HTTPS
    {99, {{K::Strings}}},                                          // SPF
    {104, {{K::U16, K::Ilnp64}}},                                  // NID
    {105, {{K::U16, K::Ipv4}}},                                    // L32
    {106, {{K::U16, K::Ilnp64}}},                                  // L64
    {107, {{K::U16, K::Name}}},                                    // LP
    {108, {{K::Eui48}}},                                           // EUI48
    {109, {{K::Eui64}}},                                           // EUI64
    {256, {{K::U16, K::U16, K::Rest}}},                            // URI
    {257, {{K::U8, K::Tag, K::Rest}}},                             // CAA
    {258, {{K::Strings}}},                                         // AVC
    {260, {{K::U8, K::Relay}}},                                    // AMTRELAY
    {261, {{K::Strings}}},                                         // RESINFO
    {262, {{K::Strings}}},                                         // WALLET
    {32768, {{K::U16, K::Algorithm, K::U8, K::Hex}}},              // TA
    {32769, {{K::U16, K::Algorithm, K::U8, K::Hex}}},              // DLV
};

} // namespace

const Schema* find_schema(RRType type) {
    // Indexed once so that a lookup per record costs one array access.
    static const auto index = [] {
        std::array<const Schema*, 512> t{};
        for (const auto& [code, schema] : kSchemas)
            if (code < t.size()) t[code] = &schema;
        return t;
    }();
    auto code = static_cast<std::uint16_t>(type);
    if (code < index.size()) return index[code];
    for (const auto& [c, schema] : kSchemas)
        if (c == code) return &schema;
    return nullptr;
}

const Token& TokenReader::next() {
    if (done()) fail("too few fields");
    return tokens_[pos_++];
}

void TokenReader::fail(const Token& at, std::string_view why) const {
    throw TextError(to_string(type_) + " rdata: " + std::string(why), at.line, at.column);
}

void TokenReader::fail(std::string_view why) const {
    if (tokens_.empty()) throw TextError(to_string(type_) + " rdata: " + std::string(why));
    fail(tokens_[pos_ == 0 ? 0 : pos_ - 1], why);
}

std::span<const std::uint8_t> WireCursor::take(std::size_t n) {
    if (n > left()) throw WireError("rdata too short");
    return r_.bytes(n);
}

Name WireCursor::name() {
    Name n;
    if (decompress_) {
        n = r_.name();
    } else {
        // Uncompressed: the labels must lie within the rdata, pointers are refused.
        std::size_t start = r_.pos();
        while (true) {
            std::uint8_t len = u8();
            if (len > Name::kMaxLabelLength)
                throw WireError("compression pointer or bad label in uncompressed rdata name");
            take(len);
            if (r_.pos() - start > Name::kMaxWireLength)
                throw WireError("domain name longer than 255 bytes");
            if (len == 0) break;
        }
        return Name::from_wire(since(start));
    }
    if (r_.pos() > end_) throw WireError("domain name runs past the end of the rdata");
    return n;
}

std::span<const std::uint8_t> WireCursor::peek_rest() const {
    return r_.message().subspan(r_.pos(), left());
}

std::span<const std::uint8_t> WireCursor::since(std::size_t from) const {
    return r_.message().subspan(from, r_.pos() - from);
}

} // namespace dnsclay::dns::rdata
