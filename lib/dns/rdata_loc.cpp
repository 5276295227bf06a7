// LOC (RFC 1876): "d1 [m1 [s1]] N|S d2 [m2 [s2]] E|W alt[m] [size[m] [hp[m] [vp[m]]]]".
#include "lib/dns/rdata_schema.hpp"

#include <string>

namespace dnsclay::dns::rdata {
namespace {

constexpr std::uint32_t kEquator = 1u << 31;           // latitude/longitude origin
constexpr std::uint32_t kAltitudeBase = 10000000;      // cm below the WGS 84 spheroid
constexpr std::uint64_t kMaxPrecision = 9000000000ull; // 9e9 cm, the largest 4+4-bit value

// A decimal with up to `decimals` fraction digits, optionally negative and followed by "m",
// scaled to an integer (for example "-24.5m" with 2 decimals gives -2450).
std::int64_t parse_fixed(const TokenReader& in, const Token& t, int decimals, bool meters,
                         bool negative_ok) {
    std::string_view s = t.text;
    if (meters && !s.empty() && (s.back() == 'm' || s.back() == 'M')) s.remove_suffix(1);
    bool negative = !s.empty() && s[0] == '-';
    if (negative) {
        if (!negative_ok) in.fail(t, "negative value not allowed");
        s.remove_prefix(1);
    }
    auto dot = s.find('.');
    std::string_view whole = s.substr(0, dot);
    std::string_view frac = dot == std::string_view::npos ? "" : s.substr(dot + 1);
    if (whole.empty() || whole.size() > 10 || static_cast<int>(frac.size()) > decimals ||
        (dot != std::string_view::npos && frac.empty()))
        in.fail(t, "bad number \"" + t.text + "\"");
    std::int64_t v = 0;
    for (char c : whole) {
        if (c < '0' || c > '9') in.fail(t, "bad number \"" + t.text + "\"");
        v = v * 10 + (c - '0');
    }
    for (int i = 0; i < decimals; ++i) {
        char c = i < static_cast<int>(frac.size()) ? frac[static_cast<std::size_t>(i)] : '0';
        if (c < '0' || c > '9') in.fail(t, "bad number \"" + t.text + "\"");
        v = v * 10 + (c - '0');
    }
    return negative ? -v : v;
}

// Degrees, optional minutes and seconds, then the hemisphere letter.
std::uint32_t parse_coordinate(TokenReader& in, char plus, char minus, std::int64_t max_degrees) {
    const Token& deg = in.next();
    std::int64_t ms = parse_fixed(in, deg, 0, false, false) * 3600000;
    const Token* t = &in.next();
    auto hemisphere = [&](const Token& h) {
        return h.text.size() == 1 &&
               ((h.text[0] | 0x20) == (plus | 0x20) || (h.text[0] | 0x20) == (minus | 0x20));
    };
    if (!hemisphere(*t)) {
        std::int64_t minutes = parse_fixed(in, *t, 0, false, false);
        if (minutes > 59) in.fail(*t, "minutes above 59");
        ms += minutes * 60000;
        t = &in.next();
        if (!hemisphere(*t)) {
            std::int64_t seconds = parse_fixed(in, *t, 3, false, false);
            if (seconds >= 60000) in.fail(*t, "seconds above 59.999");
            ms += seconds;
            t = &in.next();
            if (!hemisphere(*t)) in.fail(*t, std::string("expected ") + plus + " or " + minus);
        }
    }
    if (ms > max_degrees * 3600000) in.fail(deg, "coordinate out of range");
    bool negative = (t->text[0] | 0x20) == (minus | 0x20);
    return static_cast<std::uint32_t>(negative ? kEquator - ms : kEquator + ms);
}

// RFC 1876 size/precision: mantissa in the high nibble, power of ten in the low one, in cm.
std::uint8_t encode_precision(const TokenReader& in, const Token& t) {
    auto cm = static_cast<std::uint64_t>(parse_fixed(in, t, 2, true, false));
    if (cm > kMaxPrecision) in.fail(t, "size or precision above 90000000m");
    unsigned exponent = 0;
    while (cm >= 10) {
        cm /= 10;
        ++exponent;
    }
    return static_cast<std::uint8_t>(cm << 4 | exponent);
}

std::uint64_t decode_precision(std::uint8_t v) {
    std::uint64_t cm = v >> 4;
    for (int i = 0; i < (v & 15); ++i)
        cm *= 10;
    return cm;
}

std::uint32_t get_u32(std::span<const std::uint8_t> b) {
    return static_cast<std::uint32_t>(b[0]) << 24 | static_cast<std::uint32_t>(b[1]) << 16 |
           static_cast<std::uint32_t>(b[2]) << 8 | b[3];
}

void put_u32(Bytes& out, std::uint32_t v) {
    put_u16(out, static_cast<std::uint16_t>(v >> 16));
    put_u16(out, static_cast<std::uint16_t>(v));
}

// "<whole>.<2 digits>", the fraction left out when zero unless `always`.
void append_centi(std::string& out, std::int64_t v, bool always) {
    if (v < 0) {
        out.push_back('-');
        v = -v;
    }
    out += std::to_string(v / 100);
    if (always || v % 100) {
        out.push_back('.');
        out.push_back(static_cast<char>('0' + v % 100 / 10));
        out.push_back(static_cast<char>('0' + v % 10));
    }
}

void append_coordinate(std::string& out, std::uint32_t v, char plus, char minus) {
    std::int64_t ms = static_cast<std::int64_t>(v) - kEquator;
    char hemisphere = ms < 0 ? minus : plus;
    if (ms < 0) ms = -ms;
    out += std::to_string(ms / 3600000) + ' ' + std::to_string(ms / 60000 % 60) + ' ' +
           std::to_string(ms / 1000 % 60) + '.';
    std::string frac = std::to_string(ms % 1000);
    out.append(3 - frac.size(), '0');
    out += frac;
    out.push_back(' ');
    out.push_back(hemisphere);
}

} // namespace

void loc_from_text(TokenReader& in, Bytes& out) {
    std::uint32_t lat = parse_coordinate(in, 'N', 'S', 90);
    std::uint32_t lon = parse_coordinate(in, 'E', 'W', 180);
    const Token& alt_token = in.next();
    std::int64_t alt = parse_fixed(in, alt_token, 2, true, true) + kAltitudeBase;
    if (alt < 0 || alt > 0xffffffff) in.fail(alt_token, "altitude out of range");
    // Defaults (RFC 1876 Appendix A): size 1m, horizontal 10000m, vertical 10m.
    std::uint8_t precision[3] = {0x12, 0x16, 0x13};
    for (auto& p : precision)
        if (!in.done()) p = encode_precision(in, in.next());
    out.push_back(0); // version
    out.insert(out.end(), precision, precision + 3);
    put_u32(out, lat);
    put_u32(out, lon);
    put_u32(out, static_cast<std::uint32_t>(alt));
}

void loc_check(std::span<const std::uint8_t> rdata) {
    if (rdata.size() != 16) throw WireError("LOC rdata is not 16 bytes");
    if (rdata[0] != 0) throw WireError("LOC version other than 0");
    // Digits 0-9 only, and zero written one way so that the text form round-trips.
    for (int i = 1; i <= 3; ++i)
        if ((rdata[i] >> 4) > 9 || (rdata[i] & 15) > 9 || ((rdata[i] >> 4) == 0 && rdata[i] != 0))
            throw WireError("bad LOC size or precision");
    auto off = [](std::uint32_t v) { return v > kEquator ? v - kEquator : kEquator - v; };
    if (off(get_u32(rdata.subspan(4))) > 90u * 3600000 ||
        off(get_u32(rdata.subspan(8))) > 180u * 3600000)
        throw WireError("LOC coordinate out of range");
}

void loc_to_text(std::span<const std::uint8_t> rdata, std::string& out) {
    append_coordinate(out, get_u32(rdata.subspan(4)), 'N', 'S');
    out.push_back(' ');
    append_coordinate(out, get_u32(rdata.subspan(8)), 'E', 'W');
    out.push_back(' ');
    append_centi(out, static_cast<std::int64_t>(get_u32(rdata.subspan(12))) - kAltitudeBase, true);
    for (int i = 1; i <= 3; ++i) {
        out += "m ";
        append_centi(out, static_cast<std::int64_t>(decode_precision(rdata[i])), false);
    }
    out.push_back('m');
}

} // namespace dnsclay::dns::rdata
