#pragma once
// Conversions for operators that do not take DNS presentation form as it is: host names
// without the trailing dot, and TXT as the raw text it stands for rather than quoted
// character-strings (DigitalOcean, Linode, Vultr's one quoted string, ...). The fields of
// MX, SRV and CAA come from rdata_fields() in web_api.hpp.
#include "lib/dns/record.hpp"

#include <string>
#include <string_view>

namespace dnsclay::providers {

// "mx.example.com" -> "mx.example.com."; "" (the root) -> ".".
std::string with_dot(std::string name);
// "mx.example.com." -> "mx.example.com"; "." stays ".".
std::string without_dot(std::string name);

// A TXT record's text: its character-strings joined (`"v=DKIM1; " "k=rsa"` ->
// `v=DKIM1; k=rsa`), which is what operators that keep raw text store.
std::string txt_text(const dns::Record& txt);
// Raw text as TXT presentation form: quoted character-strings of at most 255 bytes each,
// `"` and `\` escaped. Raw text from an operator is read back through this.
std::string txt_presentation(std::string_view text);
// The content of one quoted string, escapes decoded (`"say \"hi\""` -> `say "hi"`); text
// that is not quoted is returned as it is.
std::string unquoted(std::string_view text);

} // namespace dnsclay::providers
