#pragma once
// The hashes and encodings the signed web APIs need (AWS SigV4, OVH's signature, Google's
// service-account JWT), over OpenSSL.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dnsclay::providers {

using Digest = std::vector<std::uint8_t>;

Digest sha256(std::string_view data);
Digest sha1(std::string_view data);
Digest hmac_sha256(std::span<const std::uint8_t> key, std::string_view data);
// Lower-case hex, as AWS and OVH spell digests.
std::string lower_hex(std::span<const std::uint8_t> bytes);
// RFC 4648 §5 base64url without padding, as JWTs use it.
std::string base64url(std::span<const std::uint8_t> bytes);
std::string base64url(std::string_view text);
// Decodes base64url with or without padding; false on bad input.
bool base64url_decode(std::string_view text, std::vector<std::uint8_t>& out);

} // namespace dnsclay::providers
