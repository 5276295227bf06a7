#pragma once
// AWS Signature Version 4 (the Authorization header form), as Route 53 takes it: the
// canonical request, the string to sign and the HMAC-SHA256 key chain from the secret.
// The fake Route 53 of the tests verifies requests with the same functions, so both ends
// are checked against AWS's published test vectors in tests/unit/sigv4_test.cpp.
#include "lib/http/client.hpp"

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dnsclay::providers {

struct AwsCredentials {
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token; // temporary credentials only; empty otherwise
};

struct AwsScope {
    std::string region;  // "us-east-1"
    std::string service; // "route53"
};

// What a signature covers.
struct SigV4Request {
    std::string method;
    std::string path;                                         // as sent (already percent-encoded)
    std::vector<std::pair<std::string, std::string>> query;   // decoded names and values
    std::vector<std::pair<std::string, std::string>> headers; // the signed ones
    std::string payload;
};

// RFC 3986 percent-encoding as SigV4 wants it: unreserved characters kept, the rest %XX
// in upper-case hex ("/" too, unless `keep_slash`).
std::string aws_uri_encode(std::string_view text, bool keep_slash = false);
// "a=1&b=x%20y" as decoded name/value pairs.
std::vector<std::pair<std::string, std::string>> decode_query(std::string_view query);
// 20150830T123600Z
std::string amz_date(std::chrono::system_clock::time_point when);

std::string sigv4_canonical_request(const SigV4Request& request);
std::string sigv4_string_to_sign(const SigV4Request& request, const AwsScope& scope,
                                 std::string_view amz_date);
// The lower-case hex signature.
std::string sigv4_signature(const SigV4Request& request, const AwsScope& scope,
                            std::string_view amz_date, std::string_view secret_access_key);
// "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...".
std::string sigv4_authorization(const SigV4Request& request, const AwsScope& scope,
                                std::string_view amz_date, const AwsCredentials& credentials);

// Signs `request` for sending at `when`: adds X-Amz-Date (and X-Amz-Security-Token) and
// Authorization, signing host, x-amz-date and the security token.
void sigv4_sign(http::Request& request, const AwsCredentials& credentials, const AwsScope& scope,
                std::chrono::system_clock::time_point when);

} // namespace dnsclay::providers
