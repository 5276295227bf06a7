#pragma once
// Hiding secrets in what the HTTP client prints (--trace-http) and says in errors. Two
// nets: the values the provider names as secret are replaced wherever they occur, and so
// are the values of headers, query parameters and JSON members whose names say they hold
// a secret (authorization, *key*, *token*, *secret*, *password*, *signature*, and an
// OAuth2 JWT *assertion*).
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dnsclay::http {

inline constexpr std::string_view kRedacted = "<redacted>";

// Whether a header, query parameter or JSON member of this name holds a secret.
bool secret_name(std::string_view name);

// `text` with every occurrence of a secret (values of 4 bytes or more) replaced.
std::string redact_values(std::string text, const std::vector<std::string>& secrets);

// The URL with secret query parameters and user:password@ replaced.
std::string redact_query(const std::string& url);

// A JSON (or form) body with the values of secret members replaced.
std::string redact_body(const std::string& body);

// Where --trace-http writes: one call per request or response, already redacted. Unset
// (the default): no tracing. Set it before clients are used.
using TraceSink = std::function<void(std::string_view)>;
void set_trace_sink(TraceSink sink);
bool tracing();
void trace(std::string_view text);

} // namespace dnsclay::http
