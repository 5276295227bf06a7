#pragma once
// JSON string literals written by hand: request bodies of the web-API providers and the
// JSON log lines, where building a document would cost more than it helps.
#include <string>
#include <string_view>

namespace dnsclay::http {

// `text` as a JSON string literal, quotes included; control characters as \u00XX.
std::string json_quote(std::string_view text);

} // namespace dnsclay::http
