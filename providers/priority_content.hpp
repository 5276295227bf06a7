#pragma once
// Conversions for operators that keep a record as one `content` text with the MX and SRV
// priority in a field of its own, host names without the trailing dot and TXT as the raw
// text it stands for (DNSimple, Porkbun). Other types are their presentation form.
#include "lib/dns/record.hpp"

#include <string>

namespace dnsclay::providers {

struct PriorityContent {
    std::string content;
    std::string priority; // MX preference, SRV priority; "" for other types
};

// `record` as such an operator writes it: MX 10 mx.example.com. -> {"mx.example.com", "10"};
// SRV 10 20 5060 sip.example.com. -> {"20 5060 sip.example.com", "10"}.
PriorityContent priority_content(const dns::Record& record);

// The presentation form of what such an operator holds, for read_record(): host names get
// their trailing dot back (SOA's two too), raw TXT is quoted in 255-byte strings (TXT
// that arrives quoted is taken as presentation form already).
std::string presentation_form(const std::string& type, const std::string& content,
                              const std::string& priority);

} // namespace dnsclay::providers
