#include "providers/sigv4.hpp"

#include "lib/text/ascii.hpp"
#include "providers/digest.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/chrono.h>
#include <fmt/core.h>
#include <stdexcept>

namespace dnsclay::providers {
namespace {

// Header values lose surrounding blanks and have inner runs of blanks collapsed.
std::string trim_value(std::string_view v) {
    std::string out;
    bool blank = false;
    for (char c : v) {
        if (c == ' ' || c == '\t') {
            blank = !out.empty();
            continue;
        }
        if (blank) out += ' ';
        blank = false;
        out += c;
    }
    return out;
}

// The signed headers as sorted (lower-case name, trimmed value) pairs.
std::vector<std::pair<std::string, std::string>> canonical_headers(const SigV4Request& r) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [name, value] : r.headers)
        out.emplace_back(text::ascii_lower(name), trim_value(value));
    std::sort(out.begin(), out.end());
    return out;
}

std::string signed_header_names(const SigV4Request& r) {
    std::string out;
    for (const auto& [name, value] : canonical_headers(r))
        out += (out.empty() ? "" : ";") + name;
    return out;
}

std::string credential_scope(const AwsScope& scope, std::string_view amz_date) {
    return fmt::format("{}/{}/{}/aws4_request", amz_date.substr(0, 8), scope.region, scope.service);
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
            hex_value(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

} // namespace

std::string aws_uri_encode(std::string_view text, bool keep_slash) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
            (keep_slash && c == '/'))
            out += static_cast<char>(c);
        else
            out += fmt::format("%{:02X}", c);
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> decode_query(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> out;
    while (!query.empty()) {
        auto amp = query.find('&');
        auto item = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (item.empty()) continue;
        auto eq = item.find('=');
        out.emplace_back(percent_decode(item.substr(0, eq)),
                         eq == std::string_view::npos ? "" : percent_decode(item.substr(eq + 1)));
    }
    return out;
}

std::string amz_date(std::chrono::system_clock::time_point when) {
    return fmt::format("{:%Y%m%dT%H%M%SZ}",
                       std::chrono::time_point_cast<std::chrono::seconds>(when));
}

std::string sigv4_canonical_request(const SigV4Request& r) {
    std::vector<std::pair<std::string, std::string>> query;
    for (const auto& [name, value] : r.query)
        query.emplace_back(aws_uri_encode(name), aws_uri_encode(value));
    std::sort(query.begin(), query.end());
    std::string canonical_query;
    for (const auto& [name, value] : query)
        canonical_query += fmt::format("{}{}={}", canonical_query.empty() ? "" : "&", name, value);
    std::string headers;
    for (const auto& [name, value] : canonical_headers(r))
        headers += fmt::format("{}:{}\n", name, value);
    return fmt::format("{}\n{}\n{}\n{}\n{}\n{}", r.method, r.path.empty() ? "/" : r.path,
                       canonical_query, headers, signed_header_names(r),
                       lower_hex(sha256(r.payload)));
}

std::string sigv4_string_to_sign(const SigV4Request& request, const AwsScope& scope,
                                 std::string_view amz_date) {
    return fmt::format("AWS4-HMAC-SHA256\n{}\n{}\n{}", amz_date, credential_scope(scope, amz_date),
                       lower_hex(sha256(sigv4_canonical_request(request))));
}

std::string sigv4_signature(const SigV4Request& request, const AwsScope& scope,
                            std::string_view amz_date, std::string_view secret_access_key) {
    auto bytes = [](std::string_view s) { return std::vector<std::uint8_t>(s.begin(), s.end()); };
    auto key = hmac_sha256(bytes("AWS4" + std::string(secret_access_key)), amz_date.substr(0, 8));
    key = hmac_sha256(key, scope.region);
    key = hmac_sha256(key, scope.service);
    key = hmac_sha256(key, "aws4_request");
    return lower_hex(hmac_sha256(key, sigv4_string_to_sign(request, scope, amz_date)));
}

std::string sigv4_authorization(const SigV4Request& request, const AwsScope& scope,
                                std::string_view amz_date, const AwsCredentials& credentials) {
    return fmt::format("AWS4-HMAC-SHA256 Credential={}/{}, SignedHeaders={}, Signature={}",
                       credentials.access_key_id, credential_scope(scope, amz_date),
                       signed_header_names(request),
                       sigv4_signature(request, scope, amz_date, credentials.secret_access_key));
}

void sigv4_sign(http::Request& request, const AwsCredentials& credentials, const AwsScope& scope,
                std::chrono::system_clock::time_point when) {
    auto scheme_end = request.url.find("://");
    if (scheme_end == std::string::npos)
        throw std::invalid_argument("sigv4_sign: not an absolute URL: " + request.url);
    auto host_start = scheme_end + 3;
    auto path_start = request.url.find_first_of("/?", host_start);
    auto host = request.url.substr(
        host_start, path_start == std::string::npos ? std::string::npos : path_start - host_start);
    std::string rest = path_start == std::string::npos ? "" : request.url.substr(path_start);
    auto q = rest.find('?');
    SigV4Request r;
    r.method = request.method;
    r.path = rest.substr(0, q);
    if (q != std::string::npos) r.query = decode_query(std::string_view(rest).substr(q + 1));
    auto date = amz_date(when);
    r.headers = {{"host", host}, {"x-amz-date", date}};
    if (!credentials.session_token.empty())
        r.headers.emplace_back("x-amz-security-token", credentials.session_token);
    r.payload = request.body;
    request.headers.emplace_back("X-Amz-Date", date);
    if (!credentials.session_token.empty())
        request.headers.emplace_back("X-Amz-Security-Token", credentials.session_token);
    request.headers.emplace_back("Authorization", sigv4_authorization(r, scope, date, credentials));
}

} // namespace dnsclay::providers
