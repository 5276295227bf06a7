#pragma once
// Internal to the rdata code. Every known type's rdata is described as a list of field
// kinds; one text reader, one text writer and one wire walker interpret these lists, so a
// type is added by adding a table row. Kinds whose format no simple rule covers (SvcParams,
// LOC, APL) have their own files that implement the three functions declared below.
#include "lib/dns/error.hpp"
#include "lib/dns/lexer.hpp"
#include "lib/dns/name.hpp"
#include "lib/dns/types.hpp"
#include "lib/dns/wire.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace dnsclay::dns::rdata {

enum class Kind : std::uint8_t {
    End,       // marks the end of a schema
    U8,        // decimal
    U16,       // decimal
    U32,       // decimal
    Ttl,       // u32; text also accepts BIND's units, as in "1h30m" (SOA timers)
    Algorithm, // u8 DNSSEC algorithm; text also accepts its mnemonic
    Type,      // u16 RR type mnemonic
    CertType,  // u16 CERT type mnemonic (RFC 4398 §2.1)
    Time,      // u32 seconds since 1970, text YYYYMMDDHHmmSS (RFC 4034 §3.2)
    Ipv4,      // 4 bytes
    Ipv6,      // 16 bytes
    Eui48,     // 6 bytes as xx-xx-xx-xx-xx-xx (RFC 7043)
    Eui64,     // 8 bytes as xx-xx-xx-xx-xx-xx-xx-xx
    Ilnp64,    // 8 bytes as xxxx:xxxx:xxxx:xxxx (RFC 6742)
    Name,      // domain name; compression as the schema's flags say
    String,    // one <character-string>: u8 length + bytes
    OptString, // a <character-string> that may be left out at the end (ISDN subaddress)
    Strings,   // <character-string>s up to the end, at least one
    Rest,      // bytes up to the end without a length byte, one quoted string in text
    Tag,       // CAA tag: u8 length + 1 or more letters and digits, unquoted in text
    Base64,    // bytes up to the end; text may be split into several tokens
    OptBase64, // the same, but may be empty and then left out of the text (IPSECKEY key)
    Hex,       // bytes up to the end; text may be split into several tokens
    Nsap,      // bytes up to the end, text "0x" + hex with optional dots (RFC 1706)
    Salt,      // u8 length + bytes, hex in text, "-" when empty (NSEC3)
    Base32,    // u8 length + bytes, base32hex in text (NSEC3 next hashed owner)
    Bitmap,    // RFC 4034 §4.1.2 type bitmap up to the end, type mnemonics in text
    SvcParams, // RFC 9460 SvcParams up to the end
    Loc,       // RFC 1876 version 0 rdata
    Apl,       // RFC 3123 address prefix items up to the end
    Gateway,   // IPSECKEY gateway type, algorithm and gateway (RFC 4025 §2)
    Relay,     // AMTRELAY discovery-optional bit, type and relay (RFC 8777 §4)
};

enum Flag : std::uint8_t {
    kCompress = 1,   // names compressed on write (RFC 3597 §4: RFC 1035 types only)
    kDecompress = 2, // names may arrive compressed (RFC 3597 §4)
    kCanonical = 4,  // names lower-cased in canonical form (RFC 4034 §6.2, RFC 6840 §5.1)
};

struct Schema {
    std::array<Kind, 10> kinds;
    std::uint8_t flags = 0;
};

// The schema of a type, or nullptr for types only the generic form can express.
const Schema* find_schema(RRType type);

// Reads a record's text tokens one by one; errors name the type and the token position.
class TokenReader {
  public:
    TokenReader(RRType type, std::span<const Token> tokens) : type_(type), tokens_(tokens) {}
    bool done() const { return pos_ == tokens_.size(); }
    const Token& next(); // throws if there is no token left
    const Token* peek() const { return done() ? nullptr : &tokens_[pos_]; }
    [[noreturn]] void fail(const Token& at, std::string_view why) const;
    [[noreturn]] void fail(std::string_view why) const; // at the last token read

  private:
    RRType type_;
    std::span<const Token> tokens_;
    std::size_t pos_ = 0;
};

// Reads one rdata inside a message, refusing to run past its end. Names may use
// compression pointers only if `decompress` is set.
class WireCursor {
  public:
    WireCursor(WireReader& reader, std::size_t end, bool decompress)
        : r_(reader), end_(end), decompress_(decompress) {}
    std::size_t left() const { return end_ - r_.pos(); }
    std::uint8_t u8() { return take(1)[0]; }
    std::span<const std::uint8_t> take(std::size_t n);
    std::span<const std::uint8_t> rest() { return take(left()); }
    std::span<const std::uint8_t> peek_rest() const;
    Name name();
    // Bytes read since position `from` (not across names, which may have jumped).
    std::span<const std::uint8_t> since(std::size_t from) const;
    std::size_t pos() const { return r_.pos(); }

  private:
    WireReader& r_;
    std::size_t end_;
    bool decompress_;
};

// Receives the fields of a wire rdata as walk_wire() checks them: names parsed, every
// other field as its raw bytes (length bytes included).
class FieldSink {
  public:
    virtual void field(Kind kind, std::span<const std::uint8_t> raw) = 0;
    virtual void name(const Name& name) = 0;

  protected:
    ~FieldSink() = default;
};
// Walks one rdata field by field, checking each, up to the cursor's end (rdata_wire.cpp).
// Throws WireError for anything malformed, including trailing bytes.
void walk_wire(const Schema& schema, WireCursor& in, FieldSink& out);

// Field kinds in text (rdata_text.cpp): reads one field from `in` and appends its wire
// form; writes one field's wire bytes (already checked) as text. Not for Kind::Name.
void read_field(Kind kind, TokenReader& in, const Name& origin, Bytes& out);
void write_field(Kind kind, std::span<const std::uint8_t> raw, std::string& out);
// Checks an RFC 4034 §4.1.2 type bitmap (rdata_wire.cpp). Throws WireError.
void bitmap_check(std::span<const std::uint8_t> bitmap);

// Shared text helpers (rdata_text.cpp).
// Decodes the \X and \DDD escapes of a <character-string> token.
std::string decode_escapes(const TokenReader& in, const Token& token);
// Appends `bytes` as a quoted string: '"' and '\' escaped, non-printable bytes as \DDD.
void append_quoted(std::string& out, std::span<const std::uint8_t> bytes);
// A decimal number up to `max`.
std::uint64_t parse_number(const TokenReader& in, const Token& token, std::string_view text,
                           std::uint64_t max);
bool parse_ipv4(std::string_view text, std::uint8_t out[4]);
bool parse_ipv6(std::string_view text, std::uint8_t out[16]);
void append_ipv4(std::string& out, std::span<const std::uint8_t> addr);
void append_ipv6(std::string& out, std::span<const std::uint8_t> addr);
void put_u16(Bytes& out, std::uint16_t v);

// SvcParams (rdata_svcb.cpp): reads the remaining tokens, checks the wire form, prints.
void svc_params_from_text(TokenReader& in, Bytes& out);
void svc_params_check(std::span<const std::uint8_t> params);
void svc_params_to_text(std::span<const std::uint8_t> params, std::string& out);

// LOC (rdata_loc.cpp).
void loc_from_text(TokenReader& in, Bytes& out);
void loc_check(std::span<const std::uint8_t> rdata);
void loc_to_text(std::span<const std::uint8_t> rdata, std::string& out);

// APL (rdata_apl.cpp).
void apl_from_text(TokenReader& in, Bytes& out);
void apl_check(std::span<const std::uint8_t> items);
void apl_to_text(std::span<const std::uint8_t> items, std::string& out);

// IPSECKEY gateways and AMTRELAY relays (rdata_gateway.cpp); `relay` selects AMTRELAY.
void gateway_from_text(TokenReader& in, const Name& origin, bool relay, Bytes& out);
// The length of the gateway field at the start of `rest`. Throws WireError.
std::size_t gateway_size(std::span<const std::uint8_t> rest, bool relay);
void gateway_to_text(std::span<const std::uint8_t> raw, bool relay, std::string& out);

} // namespace dnsclay::dns::rdata
