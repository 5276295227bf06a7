#pragma once
// Binary-to-text encodings used in presentation formats: hex (RFC 4648 §8), base64 (§4)
// and base32hex without padding (§7, as NSEC3 uses it). Decoders return false on bad input.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dnsclay::dns {

// Upper-case hex digits appended to `out`.
void hex_encode(std::span<const std::uint8_t> in, std::string& out);
// Appends decoded bytes; either case; the text must have an even number of digits.
bool hex_decode(std::string_view text, std::vector<std::uint8_t>& out);

// Standard alphabet with "=" padding.
void base64_encode(std::span<const std::uint8_t> in, std::string& out);
// Appends decoded bytes; needs correct padding and zero bits after the last symbol.
bool base64_decode(std::string_view text, std::vector<std::uint8_t>& out);

// Extended-hex alphabet, upper case, no padding.
void base32hex_encode(std::span<const std::uint8_t> in, std::string& out);
// Appends decoded bytes; either case; no padding; unused trailing bits must be zero.
bool base32hex_decode(std::string_view text, std::vector<std::uint8_t>& out);

} // namespace dnsclay::dns
