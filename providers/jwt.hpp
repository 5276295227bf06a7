#pragma once
// JSON Web Tokens signed with RS256 (RFC 7519; the compact form of RFC 7515; RSASSA-
// PKCS1-v1_5 with SHA-256, RFC 7518 §3.3) over OpenSSL: what a Google service account signs
// to get an OAuth2 access token. The fake token endpoint of the tests verifies with the
// same code, so tests/unit/jwt_test.cpp checks both against signatures made by openssl(1).
#include <stdexcept>
#include <string>
#include <string_view>

namespace dnsclay::providers {

// The key could not be read or used. The text never contains the key.
class JwtError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// base64url(header) "." base64url(claims) "." base64url(signature), signed with the RSA
// private key in `private_key_pem` (PKCS#8 "BEGIN PRIVATE KEY" or PKCS#1).
std::string jwt_rs256(std::string_view header_json, std::string_view claims_json,
                      std::string_view private_key_pem);

// Whether `token` is a well-formed JWT whose RS256 signature the public key (PEM
// "BEGIN PUBLIC KEY") verifies.
bool jwt_rs256_verify(std::string_view token, std::string_view public_key_pem);

// The token's decoded header (part 0) or claims (part 1) as JSON text; "" if malformed.
std::string jwt_part(std::string_view token, int part);

} // namespace dnsclay::providers
