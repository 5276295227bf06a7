// Presentation format of the simple field kinds, both ways.
#include "lib/dns/encoding.hpp"
#include "lib/dns/rdata_schema.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <charconv>
#include <utility>
#include <vector>

namespace dnsclay::dns::rdata {
namespace {

// DNSSEC algorithm mnemonics (IANA "DNS Security Algorithm Numbers"); printed as numbers,
// as BIND and Knot do.
constexpr std::pair<std::uint8_t, std::string_view> kAlgorithms[] = {
    {1, "RSAMD5"},
    {2, "DH"},
    {3, "DSA"},
    {5, "RSASHA1"},
    {6, "DSA-NSEC3-SHA1"},
    {7, "RSASHA1-NSEC3-SHA1"},
    {8, "RSASHA256"},
    {10, "RSASHA512"},
    {12, "ECC-GOST"},
    {13, "ECDSAP256SHA256"},
    {14, "ECDSAP384SHA384"},
    {15, "ED25519"},
    {16, "ED448"},
    {252, "INDIRECT"},
    {253, "PRIVATEDNS"},
    {254, "PRIVATEOID"},
};

// CERT types (RFC 4398 §2.1); printed as mnemonics.
constexpr std::pair<std::uint16_t, std::string_view> kCertTypes[] = {
    {1, "PKIX"}, {2, "SPKI"},   {3, "PGP"},     {4, "IPKIX"}, {5, "ISPKI"},
    {6, "IPGP"}, {7, "ACPKIX"}, {8, "IACPKIX"}, {253, "URI"}, {254, "OID"},
};

bool iequals(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        auto up = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; };
        return up(x) == up(y);
    });
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_alnum(std::uint8_t c) {
    return is_digit(static_cast<char>(c)) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

void append_uint(std::string& out, std::uint64_t v) {
    char buf[24];
    auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
    out.append(buf, end);
}

void append_padded(std::string& out, unsigned v, int width) {
    char buf[8];
    for (int i = width - 1; i >= 0; --i, v /= 10)
        buf[i] = static_cast<char>('0' + v % 10);
    out.append(buf, static_cast<std::size_t>(width));
}

std::uint64_t get_uint(std::span<const std::uint8_t> raw) {
    std::uint64_t v = 0;
    for (auto b : raw)
        v = v << 8 | b;
    return v;
}

void put_uint(Bytes& out, std::uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i)
        out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    auto yoe = static_cast<unsigned>(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    auto doe = static_cast<unsigned>(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
}

std::uint32_t parse_time(const TokenReader& in, const Token& t) {
    const std::string& s = t.text;
    if (s.size() != 14 || !std::all_of(s.begin(), s.end(), is_digit))
        return static_cast<std::uint32_t>(parse_number(in, t, s, 0xffffffff));
    auto field = [&](std::size_t pos, std::size_t len) {
        unsigned v = 0;
        for (std::size_t i = pos; i < pos + len; ++i)
            v = v * 10 + static_cast<unsigned>(s[i] - '0');
        return v;
    };
    unsigned year = field(0, 4), month = field(4, 2), day = field(6, 2);
    unsigned hour = field(8, 2), minute = field(10, 2), second = field(12, 2);
    static constexpr unsigned kMonthDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (year < 1970 || month < 1 || month > 12 || day < 1 || day > kMonthDays[month - 1] ||
        (month == 2 && day == 29 && !leap) || hour > 23 || minute > 59 || second > 59)
        in.fail(t, "bad time \"" + s + "\" (YYYYMMDDHHmmSS)");
    std::int64_t secs =
        days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    // Serial number arithmetic (RFC 4034 §3.1.5): times wrap modulo 2^32.
    return static_cast<std::uint32_t>(secs);
}

void append_time(std::string& out, std::uint32_t v) {
    std::int64_t y;
    unsigned m, d;
    civil_from_days(v / 86400, y, m, d);
    unsigned secs = v % 86400;
    append_padded(out, static_cast<unsigned>(y), 4);
    append_padded(out, m, 2);
    append_padded(out, d, 2);
    append_padded(out, secs / 3600, 2);
    append_padded(out, secs / 60 % 60, 2);
    append_padded(out, secs % 60, 2);
}

// A TTL-like value: plain seconds or BIND's units ("1w2d3h4m5s", any case).
std::uint32_t parse_ttl(const TokenReader& in, const Token& t) {
    const std::string& s = t.text;
    if (!s.empty() && std::all_of(s.begin(), s.end(), is_digit))
        return static_cast<std::uint32_t>(parse_number(in, t, s, 0xffffffff));
    std::uint64_t total = 0, cur = 0;
    bool digits = false;
    for (char c : s) {
        if (is_digit(c)) {
            cur = cur * 10 + static_cast<unsigned>(c - '0');
            digits = true;
            if (cur > 0xffffffff) in.fail(t, "time value out of range: " + s);
            continue;
        }
        std::uint64_t unit = 0;
        switch (c | 0x20) {
        case 'w':
            unit = 604800;
            break;
        case 'd':
            unit = 86400;
            break;
        case 'h':
            unit = 3600;
            break;
        case 'm':
            unit = 60;
            break;
        case 's':
            unit = 1;
            break;
        default:
            in.fail(t, "bad time value \"" + s + "\"");
        }
        if (!digits) in.fail(t, "bad time value \"" + s + "\"");
        total += cur * unit;
        if (total > 0xffffffff) in.fail(t, "time value out of range: " + s);
        cur = 0;
        digits = false;
    }
    if (digits || s.empty()) in.fail(t, "bad time value \"" + s + "\"");
    return static_cast<std::uint32_t>(total);
}

// Fixed-width hex groups separated by `sep` (EUI-48/64, ILNP locators), lower case as the
// RFCs' examples and BIND print them.
void parse_groups(const TokenReader& in, const Token& t, std::size_t groups, std::size_t min_digits,
                  std::size_t max_digits, char sep, Bytes& out) {
    std::string_view s = t.text;
    std::size_t bytes_per_group = max_digits / 2;
    for (std::size_t g = 0; g < groups; ++g) {
        std::size_t end = g + 1 < groups ? s.find(sep) : s.size();
        if (end == std::string_view::npos) in.fail(t, "bad address \"" + t.text + "\"");
        std::string_view part = s.substr(0, end);
        unsigned v = 0;
        auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v, 16);
        if (ec != std::errc() || p != part.data() + part.size() || part.size() < min_digits ||
            part.size() > max_digits || part.find_first_of("+-") != std::string_view::npos)
            in.fail(t, "bad address \"" + t.text + "\"");
        put_uint(out, v, static_cast<int>(bytes_per_group));
        s.remove_prefix(std::min(s.size(), end + 1));
    }
}

void append_groups(std::string& out, std::span<const std::uint8_t> raw, std::size_t bytes_per_group,
                   char sep) {
    static constexpr char kDigits[] = "0123456789abcdef";
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (i && i % bytes_per_group == 0) out.push_back(sep);
        out.push_back(kDigits[raw[i] >> 4]);
        out.push_back(kDigits[raw[i] & 15]);
    }
}

void read_bitmap(TokenReader& in, Bytes& out) {
    std::vector<std::uint16_t> types;
    while (!in.done()) {
        const Token& t = in.next();
        auto type = rrtype_from_string(t.text);
        if (!type) in.fail(t, "unknown type \"" + t.text + "\" in type bitmap");
        types.push_back(static_cast<std::uint16_t>(*type));
    }
    std::sort(types.begin(), types.end());
    types.erase(std::unique(types.begin(), types.end()), types.end());
    for (std::size_t i = 0; i < types.size();) {
        unsigned window = types[i] >> 8;
        std::uint8_t bits[32] = {};
        std::size_t len = 0;
        for (; i < types.size() && types[i] >> 8 == window; ++i) {
            unsigned low = types[i] & 0xff;
            bits[low / 8] |= static_cast<std::uint8_t>(0x80 >> (low % 8));
            len = low / 8 + 1;
        }
        out.push_back(static_cast<std::uint8_t>(window));
        out.push_back(static_cast<std::uint8_t>(len));
        out.insert(out.end(), bits, bits + len);
    }
}

void append_bitmap(std::string& out, std::span<const std::uint8_t> raw) {
    bool first = true;
    for (std::size_t pos = 0; pos < raw.size(); pos += 2 + raw[pos + 1]) {
        unsigned window = raw[pos];
        for (unsigned i = 0; i < raw[pos + 1]; ++i)
            for (unsigned bit = 0; bit < 8; ++bit)
                if (raw[pos + 2 + i] & (0x80 >> bit)) {
                    if (!first) out.push_back(' ');
                    first = false;
                    out += to_string(static_cast<RRType>(window << 8 | (i * 8 + bit)));
                }
    }
}

// Concatenates the remaining tokens (base64 and hex may contain blanks) and decodes them.
void read_encoded(TokenReader& in, Bytes& out, bool base64) {
    const Token& first = in.next();
    std::string text = first.text;
    while (!in.done())
        text += in.next().text;
    bool ok = base64 ? base64_decode(text, out) : hex_decode(text, out);
    if (!ok) in.fail(first, base64 ? "bad base64 data" : "bad hex data");
}

// Text longer than a <character-string> holds is split into 255-byte strings, as BIND and
// Knot do.
void read_strings(TokenReader& in, Bytes& out) {
    do {
        std::string s = decode_escapes(in, in.next());
        std::size_t pos = 0;
        do {
            std::size_t n = std::min<std::size_t>(255, s.size() - pos);
            out.push_back(static_cast<std::uint8_t>(n));
            out.insert(out.end(), s.begin() + static_cast<std::ptrdiff_t>(pos),
                       s.begin() + static_cast<std::ptrdiff_t>(pos + n));
            pos += n;
        } while (pos < s.size());
    } while (!in.done());
}

} // namespace

std::string decode_escapes(const TokenReader& in, const Token& token) {
    const std::string& s = token.text;
    if (s.find('\\') == std::string::npos) return s;
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\') {
            out.push_back(s[i]);
            continue;
        }
        if (i + 1 == s.size()) in.fail(token, "string ends in a lone backslash");
        if (is_digit(s[i + 1])) {
            if (i + 3 >= s.size() || !is_digit(s[i + 2]) || !is_digit(s[i + 3]))
                in.fail(token, "\\DDD escape needs three digits");
            int v = (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
            if (v > 255) in.fail(token, "\\DDD escape above 255");
            out.push_back(static_cast<char>(v));
            i += 3;
        } else {
            out.push_back(s[++i]);
        }
    }
    return out;
}

void append_quoted(std::string& out, std::span<const std::uint8_t> bytes) {
    out.push_back('"');
    for (std::uint8_t c : bytes) {
        if (c < 0x20 || c >= 0x7f) {
            out.push_back('\\');
            append_padded(out, c, 3);
        } else {
            if (c == '"' || c == '\\') out.push_back('\\');
            out.push_back(static_cast<char>(c));
        }
    }
    out.push_back('"');
}

std::uint64_t parse_number(const TokenReader& in, const Token& token, std::string_view text,
                           std::uint64_t max) {
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || end != text.data() + text.size() ||
        (ec != std::errc() && ec != std::errc::result_out_of_range))
        in.fail(token, "\"" + std::string(text) + "\" is not a number");
    if (ec == std::errc::result_out_of_range || v > max)
        in.fail(token,
                "number " + std::string(text) + " out of range (0-" + std::to_string(max) + ")");
    return v;
}

bool parse_ipv4(std::string_view text, std::uint8_t out[4]) {
    if (text.size() > 15) return false;
    char buf[16];
    text.copy(buf, text.size());
    buf[text.size()] = '\0';
    return inet_pton(AF_INET, buf, out) == 1;
}

bool parse_ipv6(std::string_view text, std::uint8_t out[16]) {
    if (text.size() >= INET6_ADDRSTRLEN) return false;
    char buf[INET6_ADDRSTRLEN];
    text.copy(buf, text.size());
    buf[text.size()] = '\0';
    return inet_pton(AF_INET6, buf, out) == 1;
}

void append_ipv4(std::string& out, std::span<const std::uint8_t> addr) {
    for (std::size_t i = 0; i < 4; ++i) {
        if (i) out.push_back('.');
        append_uint(out, addr[i]);
    }
}

void append_ipv6(std::string& out, std::span<const std::uint8_t> addr) {
    char buf[INET6_ADDRSTRLEN];
    if (inet_ntop(AF_INET6, addr.data(), buf, sizeof buf)) out += buf;
}

void put_u16(Bytes& out, std::uint16_t v) {
    put_uint(out, v, 2);
}

void read_field(Kind kind, TokenReader& in, const Name& origin, Bytes& out) {
    switch (kind) {
    case Kind::End:
        return;
    case Kind::U8: {
        const Token& t = in.next();
        out.push_back(static_cast<std::uint8_t>(parse_number(in, t, t.text, 0xff)));
        return;
    }
    case Kind::U16: {
        const Token& t = in.next();
        put_u16(out, static_cast<std::uint16_t>(parse_number(in, t, t.text, 0xffff)));
        return;
    }
    case Kind::U32: {
        const Token& t = in.next();
        put_uint(out, parse_number(in, t, t.text, 0xffffffff), 4);
        return;
    }
    case Kind::Ttl: {
        const Token& t = in.next();
        put_uint(out, parse_ttl(in, t), 4);
        return;
    }
    case Kind::Algorithm: {
        const Token& t = in.next();
        for (const auto& [code, name] : kAlgorithms)
            if (iequals(t.text, name)) return out.push_back(code);
        out.push_back(static_cast<std::uint8_t>(parse_number(in, t, t.text, 0xff)));
        return;
    }
    case Kind::Type: {
        const Token& t = in.next();
        auto type = rrtype_from_string(t.text);
        if (!type) in.fail(t, "unknown type \"" + t.text + "\"");
        put_u16(out, static_cast<std::uint16_t>(*type));
        return;
    }
    case Kind::CertType: {
        const Token& t = in.next();
        for (const auto& [code, name] : kCertTypes)
            if (iequals(t.text, name)) return put_u16(out, code);
        put_u16(out, static_cast<std::uint16_t>(parse_number(in, t, t.text, 0xffff)));
        return;
    }
    case Kind::Time: {
        const Token& t = in.next();
        put_uint(out, parse_time(in, t), 4);
        return;
    }
    case Kind::Ipv4: {
        const Token& t = in.next();
        std::uint8_t a[4];
        if (!parse_ipv4(t.text, a)) in.fail(t, "bad IPv4 address \"" + t.text + "\"");
        out.insert(out.end(), a, a + 4);
        return;
    }
    case Kind::Ipv6: {
        const Token& t = in.next();
        std::uint8_t a[16];
        if (!parse_ipv6(t.text, a)) in.fail(t, "bad IPv6 address \"" + t.text + "\"");
        out.insert(out.end(), a, a + 16);
        return;
    }
    case Kind::Eui48:
        return parse_groups(in, in.next(), 6, 2, 2, '-', out);
    case Kind::Eui64:
        return parse_groups(in, in.next(), 8, 2, 2, '-', out);
    case Kind::Ilnp64:
        return parse_groups(in, in.next(), 4, 1, 4, ':', out);
    case Kind::Name: {
        const Token& t = in.next();
        try {
            Name name = Name::parse(t.text, origin);
            out.insert(out.end(), name.wire().begin(), name.wire().end());
        } catch (const TextError& e) {
            in.fail(t, e.what());
        }
        return;
    }
    case Kind::String: {
        const Token& t = in.next();
        std::string s = decode_escapes(in, t);
        if (s.size() > 255) in.fail(t, "character-string longer than 255 bytes");
        out.push_back(static_cast<std::uint8_t>(s.size()));
        out.insert(out.end(), s.begin(), s.end());
        return;
    }
    case Kind::OptString:
        if (!in.done()) read_field(Kind::String, in, origin, out);
        return;
    case Kind::Strings:
        return read_strings(in, out);
    case Kind::Rest: {
        std::string s = decode_escapes(in, in.next());
        out.insert(out.end(), s.begin(), s.end());
        return;
    }
    case Kind::Tag: {
        const Token& t = in.next();
        if (t.text.empty() || t.text.size() > 255 ||
            !std::all_of(t.text.begin(), t.text.end(),
                         [](char c) { return is_alnum(static_cast<std::uint8_t>(c)); }))
            in.fail(t, "tag must be 1 to 255 letters and digits");
        out.push_back(static_cast<std::uint8_t>(t.text.size()));
        out.insert(out.end(), t.text.begin(), t.text.end());
        return;
    }
    case Kind::Base64:
        return read_encoded(in, out, true);
    case Kind::OptBase64:
        if (!in.done()) read_encoded(in, out, true);
        return;
    case Kind::Hex:
        return read_encoded(in, out, false);
    case Kind::Nsap: {
        const Token& t = in.next();
        std::string hex;
        for (char c : t.text)
            if (c != '.') hex.push_back(c);
        if (hex.size() < 4 || (hex[1] | 0x20) != 'x' || hex[0] != '0' ||
            !hex_decode(std::string_view(hex).substr(2), out))
            in.fail(t, "NSAP address must be 0x and hex digits");
        return;
    }
    case Kind::Gateway:
    case Kind::Relay:
        return gateway_from_text(in, origin, kind == Kind::Relay, out);
    case Kind::Salt: {
        const Token& t = in.next();
        std::size_t at = out.size();
        out.push_back(0);
        if (t.text == "-") return;
        if (t.text.empty() || !hex_decode(t.text, out)) in.fail(t, "bad hex salt");
        if (out.size() - at - 1 > 255) in.fail(t, "salt longer than 255 bytes");
        out[at] = static_cast<std::uint8_t>(out.size() - at - 1);
        return;
    }
    case Kind::Base32: {
        const Token& t = in.next();
        std::size_t at = out.size();
        out.push_back(0);
        if (t.text.empty() || !base32hex_decode(t.text, out)) in.fail(t, "bad base32hex data");
        if (out.size() - at - 1 > 255) in.fail(t, "hash longer than 255 bytes");
        out[at] = static_cast<std::uint8_t>(out.size() - at - 1);
        return;
    }
    case Kind::Bitmap:
        return read_bitmap(in, out);
    case Kind::SvcParams:
        return svc_params_from_text(in, out);
    case Kind::Loc:
        return loc_from_text(in, out);
    case Kind::Apl:
        return apl_from_text(in, out);
    }
}

void write_field(Kind kind, std::span<const std::uint8_t> raw, std::string& out) {
    switch (kind) {
    case Kind::End:
    case Kind::Name:
        return;
    case Kind::U8:
    case Kind::U16:
    case Kind::U32:
    case Kind::Ttl:
    case Kind::Algorithm:
        return append_uint(out, get_uint(raw));
    case Kind::Type:
        out += to_string(static_cast<RRType>(get_uint(raw)));
        return;
    case Kind::CertType: {
        auto v = get_uint(raw);
        for (const auto& [code, name] : kCertTypes)
            if (code == v) return out.append(name), void();
        return append_uint(out, v);
    }
    case Kind::Time:
        return append_time(out, static_cast<std::uint32_t>(get_uint(raw)));
    case Kind::Ipv4:
        return append_ipv4(out, raw);
    case Kind::Ipv6:
        return append_ipv6(out, raw);
    case Kind::Eui48:
    case Kind::Eui64:
        return append_groups(out, raw, 1, '-');
    case Kind::Ilnp64:
        return append_groups(out, raw, 2, ':');
    case Kind::String:
    case Kind::OptString:
        return append_quoted(out, raw.subspan(1));
    case Kind::Strings:
        for (std::size_t pos = 0; pos < raw.size(); pos += 1 + raw[pos]) {
            if (pos) out.push_back(' ');
            append_quoted(out, raw.subspan(pos + 1, raw[pos]));
        }
        return;
    case Kind::Rest:
        return append_quoted(out, raw);
    case Kind::Tag:
        out.append(raw.begin() + 1, raw.end());
        return;
    case Kind::Base64:
    case Kind::OptBase64:
        return base64_encode(raw, out);
    case Kind::Nsap:
        out += "0x";
        return hex_encode(raw, out);
    case Kind::Gateway:
    case Kind::Relay:
        return gateway_to_text(raw, kind == Kind::Relay, out);
    case Kind::Hex:
        return hex_encode(raw, out);
    case Kind::Salt:
        if (raw.size() == 1) return out.push_back('-');
        return hex_encode(raw.subspan(1), out);
    case Kind::Base32:
        return base32hex_encode(raw.subspan(1), out);
    case Kind::Bitmap:
        return append_bitmap(out, raw);
    case Kind::SvcParams:
        return svc_params_to_text(raw, out);
    case Kind::Loc:
        return loc_to_text(raw, out);
    case Kind::Apl:
        return apl_to_text(raw, out);
    }
}

} // namespace dnsclay::dns::rdata
