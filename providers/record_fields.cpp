#include "providers/record_fields.hpp"

#include "providers/web_api.hpp"

#include <cctype>

namespace dnsclay::providers {

std::string with_dot(std::string name) {
    if (name.empty() || name.back() != '.') name += '.';
    return name;
}

std::string without_dot(std::string name) {
    if (name.size() > 1 && name.back() == '.') name.pop_back();
    return name;
}

std::string txt_text(const dns::Record& txt) {
    std::string out;
    const auto& rdata = txt.rdata;
    for (std::size_t i = 0; i < rdata.size();) {
        std::size_t len = rdata[i];
        std::size_t end = std::min(rdata.size(), i + 1 + len);
        out.append(rdata.begin() + static_cast<std::ptrdiff_t>(i + 1),
                   rdata.begin() + static_cast<std::ptrdiff_t>(end));
        i = end;
    }
    return out;
}

std::string txt_presentation(std::string_view text) {
    constexpr std::size_t kMaxString = 255;
    if (text.empty()) return "\"\"";
    std::string out;
    for (std::size_t at = 0; at < text.size(); at += kMaxString)
        out += (out.empty() ? "" : " ") + quote_string(text.substr(at, kMaxString));
    return out;
}

std::string unquoted(std::string_view text) {
    if (text.size() < 2 || text.front() != '"' || text.back() != '"') return std::string(text);
    std::string out;
    for (std::size_t i = 1; i + 1 < text.size(); ++i) {
        if (text[i] != '\\' || i + 2 >= text.size()) {
            out += text[i];
            continue;
        }
        bool decimal = i + 4 < text.size() &&
                       std::isdigit(static_cast<unsigned char>(text[i + 1])) &&
                       std::isdigit(static_cast<unsigned char>(text[i + 2])) &&
                       std::isdigit(static_cast<unsigned char>(text[i + 3]));
        if (decimal) {
            out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 3))));
            i += 3;
        } else {
            out += text[++i];
        }
    }
    return out;
}

} // namespace dnsclay::providers
