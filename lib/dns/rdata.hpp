#pragma once
// RDATA conversions: presentation text <-> uncompressed wire form for every type, known
// types by their RFC's format and all others by the RFC 3597 generic form "\# LEN HEX".
#include "lib/dns/lexer.hpp"
#include "lib/dns/name.hpp"
#include "lib/dns/types.hpp"
#include "lib/dns/wire.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dnsclay::dns {

// Reads rdata from tokens (as the lexer produced them); relative names get `origin`.
// Accepts "\# LEN HEX" for every type. Throws TextError naming the token that failed.
Bytes rdata_from_tokens(RRType type, std::span<const Token> tokens, const Name& origin);
// Same, from one string such as "10 mx.example.com." (quotes and escapes allowed).
Bytes rdata_from_text(RRType type, std::string_view text, const Name& origin);

// Canonical presentation form (absolute names, the case given); unknown types in the
// generic form. The output parses back to the same bytes.
std::string rdata_to_text(RRType type, std::span<const std::uint8_t> rdata);

// Reads `length` bytes of rdata at the reader's position in a message, expanding
// compressed names for the types where RFC 3597 §4 allows compression, and checks the
// structure of known types. Throws WireError.
Bytes rdata_from_wire(RRType type, WireReader& reader, std::uint16_t length);
// Checks that uncompressed rdata is well-formed for its type. Throws WireError.
void rdata_check(RRType type, std::span<const std::uint8_t> rdata);
// Writes rdata into a message, compressing names where RFC 3597 §4 allows it.
void rdata_to_wire(RRType type, std::span<const std::uint8_t> rdata, WireWriter& writer);

// RFC 4034 §6.2 canonical form: names inside the rdata of the listed types lower-cased
// (not NSEC's, RFC 6840 §5.1). Throws WireError if the rdata is malformed for its type.
Bytes rdata_canonical(RRType type, std::span<const std::uint8_t> rdata);
// True if two rdatas are the same record (RFC 2136 compares names in rdata
// case-insensitively).
bool rdata_equal(RRType type, std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

} // namespace dnsclay::dns
