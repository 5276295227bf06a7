// SvcParams of SVCB and HTTPS (RFC 9460 §2.1, §7, Appendix A): key=value pairs in any
// order in text, sorted by key on the wire.
#include "lib/dns/encoding.hpp"
#include "lib/dns/rdata_schema.hpp"

#include <algorithm>
#include <optional>
#include <vector>

namespace dnsclay::dns::rdata {
namespace {

enum Key : std::uint16_t {
    kMandatory = 0,
    kAlpn = 1,
    kNoDefaultAlpn = 2,
    kPort = 3,
    kIpv4Hint = 4,
    kEch = 5,
    kIpv6Hint = 6,
    kDohPath = 7, // RFC 9461
    kOhttp = 8,   // RFC 9540
    kInvalid = 65535,
};

constexpr std::string_view kKeyNames[] = {"mandatory", "alpn",     "no-default-alpn",
                                          "port",      "ipv4hint", "ech",
                                          "ipv6hint",  "dohpath",  "ohttp"};

std::optional<std::uint16_t> key_from_text(std::string_view s) {
    for (std::size_t i = 0; i < std::size(kKeyNames); ++i)
        if (s == kKeyNames[i]) return static_cast<std::uint16_t>(i);
    // "keyNNNNN" without leading zeros (RFC 9460 §2.1).
    if (s.size() < 4 || s.size() > 8 || s.substr(0, 3) != "key" || (s[3] == '0' && s.size() > 4))
        return std::nullopt;
    unsigned v = 0;
    for (char c : s.substr(3)) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    if (v >= kInvalid) return std::nullopt;
    return static_cast<std::uint16_t>(v);
}

void append_key(std::string& out, std::uint16_t key) {
    if (key < std::size(kKeyNames)) {
        out += kKeyNames[key];
    } else {
        out += "key";
        out += std::to_string(key);
    }
}

// Appendix A.1: a comma-separated list where "\," is a comma inside an item and "\\" a
// backslash. `value` has already lost its character-string escapes.
std::vector<std::string> split_list(const TokenReader& in, const Token& at,
                                    std::string_view value) {
    std::vector<std::string> items(1);
    for (std::size_t i = 0; i < value.size(); ++i) {
        char c = value[i];
        if (c == '\\') {
            if (i + 1 == value.size()) in.fail(at, "SvcParam value ends in a lone backslash");
            items.back().push_back(value[++i]);
        } else if (c == ',') {
            items.emplace_back();
        } else {
            items.back().push_back(c);
        }
    }
    for (const auto& item : items)
        if (item.empty()) in.fail(at, "empty item in SvcParam value list");
    return items;
}

Bytes value_from_text(const TokenReader& in, const Token& at, std::uint16_t key,
                      const std::string& value) {
    Bytes out;
    bool needs_value = key <= kIpv6Hint && key != kNoDefaultAlpn;
    if (needs_value && value.empty()) in.fail(at, "SvcParam needs a value");
    switch (key) {
    case kMandatory: {
        std::vector<std::uint16_t> keys;
        for (const auto& item : split_list(in, at, value)) {
            auto k = key_from_text(item);
            if (!k) in.fail(at, "unknown SvcParam key \"" + item + "\" in mandatory");
            if (*k == kMandatory) in.fail(at, "mandatory must not list itself");
            keys.push_back(*k);
        }
        std::sort(keys.begin(), keys.end());
        if (std::adjacent_find(keys.begin(), keys.end()) != keys.end())
            in.fail(at, "key listed twice in mandatory");
        for (auto k : keys)
            put_u16(out, k);
        break;
    }
    case kAlpn:
        for (const auto& item : split_list(in, at, value)) {
            if (item.size() > 255) in.fail(at, "alpn id longer than 255 bytes");
            out.push_back(static_cast<std::uint8_t>(item.size()));
            out.insert(out.end(), item.begin(), item.end());
        }
        break;
    case kNoDefaultAlpn:
    case kOhttp:
        if (!value.empty()) in.fail(at, "this SvcParam takes no value");
        break;
    case kPort:
        put_u16(out, static_cast<std::uint16_t>(parse_number(in, at, value, 0xffff)));
        break;
    case kIpv4Hint:
        for (const auto& item : split_list(in, at, value)) {
            std::uint8_t a[4];
            if (!parse_ipv4(item, a)) in.fail(at, "bad IPv4 address \"" + item + "\"");
            out.insert(out.end(), a, a + 4);
        }
        break;
    case kIpv6Hint:
        for (const auto& item : split_list(in, at, value)) {
            std::uint8_t a[16];
            if (!parse_ipv6(item, a)) in.fail(at, "bad IPv6 address \"" + item + "\"");
            out.insert(out.end(), a, a + 16);
        }
        break;
    case kEch:
        if (!base64_decode(value, out)) in.fail(at, "bad base64 in ech");
        break;
    default: // dohpath and unregistered keys: opaque bytes
        out.assign(value.begin(), value.end());
        break;
    }
    return out;
}

void check_value(std::uint16_t key, std::span<const std::uint8_t> v) {
    switch (key) {
    case kMandatory:
        if (v.empty() || v.size() % 2) throw WireError("bad mandatory SvcParam length");
        for (std::size_t i = 0; i < v.size(); i += 2) {
            unsigned k = v[i] << 8 | v[i + 1];
            if (k == kMandatory) throw WireError("mandatory SvcParam lists itself");
            if (i && k <= static_cast<unsigned>(v[i - 2] << 8 | v[i - 1]))
                throw WireError("mandatory SvcParam keys out of order or duplicated");
        }
        return;
    case kAlpn:
        if (v.empty()) throw WireError("empty alpn SvcParam");
        for (std::size_t i = 0; i < v.size(); i += 1 + v[i])
            if (v[i] == 0 || v.size() - i - 1 < v[i]) throw WireError("bad alpn SvcParam");
        return;
    case kNoDefaultAlpn:
    case kOhttp:
        if (!v.empty()) throw WireError("SvcParam must be empty");
        return;
    case kPort:
        if (v.size() != 2) throw WireError("bad port SvcParam length");
        return;
    case kIpv4Hint:
        if (v.empty() || v.size() % 4) throw WireError("bad ipv4hint SvcParam length");
        return;
    case kEch:
        if (v.empty()) throw WireError("empty ech SvcParam");
        return;
    case kIpv6Hint:
        if (v.empty() || v.size() % 16) throw WireError("bad ipv6hint SvcParam length");
        return;
    default:
        if (key == kInvalid) throw WireError("SvcParam key 65535 is reserved");
        return;
    }
}

struct Param {
    std::uint16_t key;
    std::span<const std::uint8_t> value;
};

// Splits wire SvcParams; throws unless keys strictly increase.
std::vector<Param> split_params(std::span<const std::uint8_t> params) {
    std::vector<Param> out;
    for (std::size_t pos = 0; pos < params.size();) {
        if (params.size() - pos < 4) throw WireError("SvcParam truncated");
        auto key = static_cast<std::uint16_t>(params[pos] << 8 | params[pos + 1]);
        std::size_t len = static_cast<std::size_t>(params[pos + 2] << 8 | params[pos + 3]);
        if (params.size() - pos - 4 < len) throw WireError("SvcParam value truncated");
        if (!out.empty() && key <= out.back().key)
            throw WireError("SvcParam keys out of order or duplicated");
        out.push_back({key, params.subspan(pos + 4, len)});
        pos += 4 + len;
    }
    return out;
}

} // namespace

void svc_params_from_text(TokenReader& in, Bytes& out) {
    std::vector<std::pair<std::uint16_t, Bytes>> params;
    while (!in.done()) {
        const Token& t = in.next();
        if (t.quoted) in.fail(t, "SvcParam key expected, not a quoted string");
        std::string_view s = t.text;
        auto eq = s.find('=');
        auto key = key_from_text(s.substr(0, eq));
        if (!key) in.fail(t, "unknown SvcParam key \"" + std::string(s.substr(0, eq)) + "\"");
        Token value{std::string(eq == std::string_view::npos ? "" : s.substr(eq + 1)), false,
                    t.line, t.column};
        // key="quoted value": the lexer splits it at the quote into two adjacent tokens.
        const Token* q = in.peek();
        if (eq == s.size() - 1 && q && q->quoted &&
            (q->line == 0 || (q->line == t.line && q->column == t.column + t.text.size())))
            value = in.next();
        params.emplace_back(*key, value_from_text(in, t, *key, decode_escapes(in, value)));
    }
    std::sort(params.begin(), params.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 1; i < params.size(); ++i)
        if (params[i].first == params[i - 1].first) in.fail("SvcParam key given twice");
    if (!params.empty() && params[0].first == kMandatory) {
        const Bytes& listed = params[0].second;
        for (std::size_t i = 0; i < listed.size(); i += 2) {
            auto k = static_cast<std::uint16_t>(listed[i] << 8 | listed[i + 1]);
            if (std::none_of(params.begin(), params.end(),
                             [k](const auto& p) { return p.first == k; }))
                in.fail("key " + std::to_string(k) + " is mandatory but missing");
        }
    }
    for (const auto& [key, value] : params) {
        if (value.size() > 0xffff) in.fail("SvcParam value too long");
        put_u16(out, key);
        put_u16(out, static_cast<std::uint16_t>(value.size()));
        out.insert(out.end(), value.begin(), value.end());
    }
}

void svc_params_check(std::span<const std::uint8_t> params) {
    auto list = split_params(params);
    for (const auto& p : list)
        check_value(p.key, p.value);
    if (!list.empty() && list[0].key == kMandatory) {
        auto m = list[0].value;
        for (std::size_t i = 0; i < m.size(); i += 2) {
            auto k = static_cast<std::uint16_t>(m[i] << 8 | m[i + 1]);
            if (std::none_of(list.begin(), list.end(), [k](const Param& p) { return p.key == k; }))
                throw WireError("mandatory SvcParam key missing");
        }
    }
}

void svc_params_to_text(std::span<const std::uint8_t> params, std::string& out) {
    bool first = true;
    for (const auto& [key, v] : split_params(params)) {
        if (!first) out.push_back(' ');
        first = false;
        append_key(out, key);
        if (v.empty()) continue;
        out.push_back('=');
        switch (key) {
        case kMandatory:
            for (std::size_t i = 0; i < v.size(); i += 2) {
                if (i) out.push_back(',');
                append_key(out, static_cast<std::uint16_t>(v[i] << 8 | v[i + 1]));
            }
            break;
        case kAlpn: {
            // List escapes first, then character-string escapes over the result.
            std::string list;
            for (std::size_t i = 0; i < v.size(); i += 1 + v[i]) {
                if (i) list.push_back(',');
                for (auto c : v.subspan(i + 1, v[i])) {
                    if (c == ',' || c == '\\') list.push_back('\\');
                    list.push_back(static_cast<char>(c));
                }
            }
            append_quoted(out, {reinterpret_cast<const std::uint8_t*>(list.data()), list.size()});
            break;
        }
        case kPort:
            out += std::to_string(v[0] << 8 | v[1]);
            break;
        case kIpv4Hint:
            for (std::size_t i = 0; i < v.size(); i += 4) {
                if (i) out.push_back(',');
                append_ipv4(out, v.subspan(i, 4));
            }
            break;
        case kIpv6Hint:
            for (std::size_t i = 0; i < v.size(); i += 16) {
                if (i) out.push_back(',');
                append_ipv6(out, v.subspan(i, 16));
            }
            break;
        case kEch:
            base64_encode(v, out);
            break;
        default:
            append_quoted(out, v);
            break;
        }
    }
}

} // namespace dnsclay::dns::rdata
