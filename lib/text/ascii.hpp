#pragma once
// Case folding of protocol text (header names, hex digits, key names, name patterns):
// ASCII letters only, whatever the locale, as the protocols define their case rules.
#include <string>
#include <string_view>

namespace dnsclay::text {

// `s` with A-Z turned to a-z; every other byte as it is.
std::string ascii_lower(std::string_view s);

} // namespace dnsclay::text
