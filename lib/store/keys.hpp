#pragma once
// Key material for credentials: TSIG secrets from a CSPRNG and SPKI SHA-256 pins of TLS
// client keys, in the encodings people paste.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct evp_pkey_st;

namespace dnsclay::store {

// The TSIG algorithms we accept (RFC 8945 §6), lower case with the "hmac-" prefix.
const std::vector<std::string>& tsig_algorithms();
// The canonical name ("hmac-sha256") for "hmac-sha256", "HMAC-SHA256." or "sha256";
// nullopt if unsupported.
std::optional<std::string> tsig_algorithm(std::string_view text);
// A new secret as long as the algorithm's digest (RFC 8945 §6 recommends at least that),
// from OpenSSL's CSPRNG, base64-encoded.
std::string generate_tsig_secret(const std::string& algorithm);

std::string base64_encode(std::span<const std::uint8_t> data);
// Standard base64 with padding; nullopt if malformed.
std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text);
std::string base64url_encode(std::span<const std::uint8_t> data); // no padding
std::string hex_encode(std::span<const std::uint8_t> data);       // lower case

// The SHA-256 of `key`'s DER SubjectPublicKeyInfo (its pin); nullopt if it has none.
std::optional<std::vector<std::uint8_t>> spki_pin_of(evp_pkey_st* key);
// The SHA-256 pin of a PEM file holding a public key or a certificate; nullopt if the file
// holds neither. Throws std::runtime_error if it cannot be read.
std::optional<std::vector<std::uint8_t>> spki_pin_from_pem_file(const std::string& path);
// A pin given as text: 64 hex digits, base64 (44 chars with padding) or base64url without
// padding (43 chars). nullopt unless it decodes to exactly 32 bytes.
std::optional<std::vector<std::uint8_t>> parse_spki_pin(std::string_view text);

} // namespace dnsclay::store
