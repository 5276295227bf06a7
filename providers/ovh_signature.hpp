#pragma once
// OVHcloud's application signature: X-Ovh-Signature is "$1$" followed by the lower-case
// hex SHA-1 of application secret, consumer key, method, full URL (query string included),
// body and timestamp, joined by "+". The fake OVH API of the tests verifies with the same
// function; tests/unit/ovh_signature_test.cpp checks it against providers.md's example.
#include <cstdint>
#include <string>
#include <string_view>

namespace dnsclay::providers {

struct OvhSigned {
    std::string_view application_secret;
    std::string_view consumer_key;
    std::string_view method;
    std::string_view url;   // complete: https://eu.api.ovh.com/1.0/...?query
    std::string_view body;  // exactly as sent; empty if none
    std::int64_t timestamp; // OVH's clock (GET /auth/time), not the local one
};

std::string ovh_signature(const OvhSigned& request);

} // namespace dnsclay::providers
