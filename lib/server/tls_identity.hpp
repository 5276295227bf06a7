#pragma once
// The server's DNS-over-TLS key and certificate (server.key / server.crt in the state
// directory): created on first use as a P-256 key with a self-signed certificate, since
// clients authenticate the server by its key's SPKI pin (RFC 7858 §4.2), not by a CA.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

struct evp_pkey_st;

namespace dnsclay::server {

class TlsError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct TlsIdentity {
    std::string key_path;
    std::string cert_path;
    std::vector<std::uint8_t> pin; // SHA-256 of the certificate's SubjectPublicKeyInfo
    bool created = false;          // generated just now
};

// Loads the key and certificate, generating both (key mode 0600) if neither exists.
// Throws TlsError if only one exists or they cannot be read.
TlsIdentity load_or_create_identity(const std::string& key_path, const std::string& cert_path);

// The SHA-256 of a key's DER SubjectPublicKeyInfo.
std::vector<std::uint8_t> spki_pin(evp_pkey_st* key);

// The SPKI SHA-256 of the first certificate in a PEM file, or of a PEM public key.
std::vector<std::uint8_t> pin_of_pem_file(const std::string& path);

} // namespace dnsclay::server
