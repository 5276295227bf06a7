#pragma once
// TLS keys are identified by the SHA-256 of their DER SubjectPublicKeyInfo (RFC 7858 §4.2
// "SPKI pin"), written in base64 as `kdig +tls-pin=` takes it.
#include <cstdint>
#include <string>
#include <vector>

namespace dnsclay::engine {

std::string pin_to_base64(const std::vector<std::uint8_t>& pin);

} // namespace dnsclay::engine
