#include "lib/dns/name.hpp"

#include "lib/dns/error.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>

namespace dnsclay::dns {
namespace {

unsigned char lower(unsigned char c) {
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

// Characters that must be escaped in a label's presentation form (as BIND and Knot do).
bool needs_escape(unsigned char c) {
    switch (c) {
    case '.':
    case '\\':
    case '"':
    case '(':
    case ')':
    case ';':
    case '@':
    case '$':
        return true;
    default:
        return c <= ' ' || c >= 0x7f;
    }
}

void append_label_text(std::string& out, std::string_view label) {
    for (unsigned char c : label) {
        if (c <= ' ' || c >= 0x7f) {
            char buf[5];
            buf[0] = '\\';
            buf[1] = static_cast<char>('0' + c / 100);
            buf[2] = static_cast<char>('0' + c / 10 % 10);
            buf[3] = static_cast<char>('0' + c % 10);
            out.append(buf, 4);
        } else {
            if (needs_escape(c)) out.push_back('\\');
            out.push_back(static_cast<char>(c));
        }
    }
}

} // namespace

Name::Name() : wire_(1, '\0') {}

Name Name::parse(std::string_view text) {
    return parse(text, Name());
}

Name Name::parse(std::string_view text, const Name& origin) {
    if (text.empty()) throw TextError("empty domain name");
    if (text == "@") return origin;
    if (text == ".") return Name();

    std::string wire;
    wire.reserve(text.size() + 2);
    std::string label;
    bool absolute = false;
    auto finish_label = [&](std::size_t at) {
        if (label.empty())
            throw TextError("empty label in domain name \"" + std::string(text) + "\"", 0, at + 1);
        if (label.size() > kMaxLabelLength)
            throw TextError("label longer than 63 bytes in domain name \"" + std::string(text) +
                                "\"",
                            0, at + 1);
        wire.push_back(static_cast<char>(label.size()));
        wire += label;
        label.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '.') {
            finish_label(i);
            if (i + 1 == text.size()) absolute = true;
        } else if (c == '\\') {
            if (i + 1 >= text.size())
                throw TextError("domain name ends in a lone backslash: \"" + std::string(text) +
                                    "\"",
                                0, i + 1);
            if (std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
                if (i + 3 >= text.size() ||
                    !std::isdigit(static_cast<unsigned char>(text[i + 2])) ||
                    !std::isdigit(static_cast<unsigned char>(text[i + 3])))
                    throw TextError("\\DDD escape needs three digits in \"" + std::string(text) +
                                        "\"",
                                    0, i + 1);
                int v = (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
                if (v > 255)
                    throw TextError("\\DDD escape above 255 in \"" + std::string(text) + "\"", 0,
                                    i + 1);
                label.push_back(static_cast<char>(v));
                i += 3;
            } else {
                label.push_back(text[i + 1]);
                i += 1;
            }
        } else {
            label.push_back(c);
        }
    }
    if (!absolute) finish_label(text.size() - 1);
    if (absolute) {
        wire.push_back('\0');
    } else {
        wire.append(reinterpret_cast<const char*>(origin.wire_.data()), origin.wire_.size());
    }
    if (wire.size() > kMaxWireLength)
        throw TextError("domain name longer than 255 bytes: \"" + std::string(text) + "\"");
    return Name(std::move(wire));
}

Name Name::from_wire(std::span<const std::uint8_t> wire) {
    std::size_t pos = 0;
    while (true) {
        if (pos >= wire.size()) throw WireError("domain name runs past its end");
        std::uint8_t len = wire[pos];
        if (len > kMaxLabelLength) throw WireError("bad label length in uncompressed name");
        pos += 1 + len;
        if (pos > kMaxWireLength) throw WireError("domain name longer than 255 bytes");
        if (len == 0) break;
    }
    if (pos != wire.size()) throw WireError("trailing bytes after domain name");
    return Name(std::string(reinterpret_cast<const char*>(wire.data()), wire.size()));
}

std::string Name::to_string() const {
    if (is_root()) return ".";
    std::string out;
    out.reserve(wire_.size() + 1);
    for (auto label : labels()) {
        append_label_text(out, label);
        out.push_back('.');
    }
    return out;
}

std::string Name::to_string_relative(const Name& origin) const {
    if (*this == origin) return "@";
    if (!is_subdomain_of(origin) || origin.is_root()) return to_string();
    auto ls = labels();
    std::size_t keep = ls.size() - origin.label_count();
    std::string out;
    for (std::size_t i = 0; i < keep; ++i) {
        if (i) out.push_back('.');
        append_label_text(out, ls[i]);
    }
    return out;
}

std::span<const std::uint8_t> Name::wire() const {
    return {reinterpret_cast<const std::uint8_t*>(wire_.data()), wire_.size()};
}

std::size_t Name::label_count() const {
    std::size_t n = 0;
    for (std::size_t pos = 0; wire_[pos] != 0; pos += 1 + static_cast<unsigned char>(wire_[pos]))
        ++n;
    return n;
}

std::vector<std::string_view> Name::labels() const {
    std::vector<std::string_view> out;
    for (std::size_t pos = 0; wire_[pos] != 0;) {
        std::size_t len = static_cast<unsigned char>(wire_[pos]);
        out.emplace_back(wire_.data() + pos + 1, len);
        pos += 1 + len;
    }
    return out;
}

bool Name::is_wildcard() const {
    return wire_.size() >= 2 && wire_[0] == 1 && wire_[1] == '*';
}

Name Name::canonical() const {
    std::string w = wire_;
    for (std::size_t pos = 0; w[pos] != 0;) {
        std::size_t len = static_cast<unsigned char>(w[pos]);
        for (std::size_t i = pos + 1; i <= pos + len; ++i)
            w[i] = static_cast<char>(lower(static_cast<unsigned char>(w[i])));
        pos += 1 + len;
    }
    return Name(std::move(w));
}

Name Name::parent(std::size_t n) const {
    std::size_t pos = 0;
    for (std::size_t i = 0; i < n && wire_[pos] != 0; ++i)
        pos += 1 + static_cast<unsigned char>(wire_[pos]);
    return Name(wire_.substr(pos));
}

Name Name::child(std::string_view label) const {
    if (label.empty() || label.size() > kMaxLabelLength)
        throw TextError("label must be 1 to 63 bytes long");
    if (wire_.size() + 1 + label.size() > kMaxWireLength)
        throw TextError("domain name longer than 255 bytes");
    std::string w;
    w.reserve(wire_.size() + 1 + label.size());
    w.push_back(static_cast<char>(label.size()));
    w += label;
    w += wire_;
    return Name(std::move(w));
}

bool Name::is_subdomain_of(const Name& ancestor) const {
    if (ancestor.wire_.size() > wire_.size()) return false;
    // Walk labels until the remaining suffix has the ancestor's length, then compare.
    std::size_t pos = 0;
    std::size_t want = wire_.size() - ancestor.wire_.size();
    while (pos < want)
        pos += 1 + static_cast<unsigned char>(wire_[pos]);
    if (pos != want) return false;
    return Name(wire_.substr(pos)) == ancestor;
}

bool operator==(const Name& a, const Name& b) {
    if (a.wire_.size() != b.wire_.size()) return false;
    for (std::size_t i = 0; i < a.wire_.size(); ++i)
        if (lower(static_cast<unsigned char>(a.wire_[i])) !=
            lower(static_cast<unsigned char>(b.wire_[i])))
            return false;
    return true;
}

namespace {

// The offsets of the labels' length bytes in `wire`, first label to last; returns how many.
// A name has at most 127 labels and 255 bytes, so the offsets fit the array and a byte.
std::size_t label_offsets(const std::string& wire, std::array<std::uint8_t, 128>& out) {
    std::size_t n = 0;
    for (std::size_t pos = 0; wire[pos] != 0; pos += 1 + static_cast<unsigned char>(wire[pos]))
        out[n++] = static_cast<std::uint8_t>(pos);
    return n;
}

} // namespace

// Without allocating: sync compares names millions of times when it sorts a large zone.
std::strong_ordering operator<=>(const Name& a, const Name& b) {
    std::array<std::uint8_t, 128> oa, ob;
    std::size_t na = label_offsets(a.wire_, oa);
    std::size_t nb = label_offsets(b.wire_, ob);
    for (std::size_t i = 1; i <= na && i <= nb; ++i) {
        const char* pa = a.wire_.data() + oa[na - i];
        const char* pb = b.wire_.data() + ob[nb - i];
        std::size_t la = static_cast<unsigned char>(*pa++);
        std::size_t lb = static_cast<unsigned char>(*pb++);
        std::size_t n = std::min(la, lb);
        for (std::size_t k = 0; k < n; ++k) {
            unsigned char ca = lower(static_cast<unsigned char>(pa[k]));
            unsigned char cb = lower(static_cast<unsigned char>(pb[k]));
            if (ca != cb) return ca <=> cb;
        }
        if (la != lb) return la <=> lb;
    }
    return na <=> nb;
}

std::size_t Name::hash() const {
    std::size_t h = 14695981039346656037ull;
    for (unsigned char c : wire_) {
        h ^= lower(c);
        h *= 1099511628211ull;
    }
    return h;
}

} // namespace dnsclay::dns
