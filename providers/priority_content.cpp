#include "providers/priority_content.hpp"

#include "lib/dns/rdata.hpp"
#include "providers/record_fields.hpp"
#include "providers/web_api.hpp"

#include <fmt/core.h>

namespace dnsclay::providers {

PriorityContent priority_content(const dns::Record& record) {
    auto f = rdata_fields(record.type, record.rdata);
    switch (record.type) {
    case dns::RRType::MX:
        return {without_dot(f.at(1)), f.at(0)};
    case dns::RRType::SRV:
        return {fmt::format("{} {} {}", f.at(1), f.at(2), without_dot(f.at(3))), f.at(0)};
    case dns::RRType::CNAME:
    case dns::RRType::NS:
    case dns::RRType::PTR:
        return {without_dot(f.at(0)), ""};
    case dns::RRType::TXT:
        return {txt_text(record), ""};
    default:
        return {dns::rdata_to_text(record.type, record.rdata), ""};
    }
}

std::string presentation_form(const std::string& type, const std::string& content,
                              const std::string& priority) {
    if (type == "MX") return fmt::format("{} {}", priority, with_dot(content));
    if (type == "SRV") {
        auto target = content.rfind(' ');
        auto head = target == std::string::npos ? "" : content.substr(0, target + 1);
        return fmt::format("{} {}{}", priority, head, with_dot(content.substr(target + 1)));
    }
    if (type == "CNAME" || type == "NS" || type == "PTR") return with_dot(content);
    if (type == "SOA") {
        auto a = content.find(' '), b = content.find(' ', a + 1);
        if (a == std::string::npos || b == std::string::npos) return content;
        return fmt::format("{} {}{}", with_dot(content.substr(0, a)),
                           with_dot(content.substr(a + 1, b - a - 1)), content.substr(b));
    }
    if (type == "TXT" && (content.empty() || content.front() != '"'))
        return txt_presentation(content);
    return content;
}

} // namespace dnsclay::providers
