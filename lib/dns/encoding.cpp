#include "lib/dns/encoding.hpp"

#include <array>

namespace dnsclay::dns {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kBase32Hex[] = "0123456789ABCDEFGHIJKLMNOPQRSTUV";

constexpr int kBad = -1;

// Reverse lookup table of an alphabet; `fold` also maps lower-case letters.
constexpr std::array<int, 256> reverse(std::string_view alphabet, bool fold) {
    std::array<int, 256> t{};
    for (auto& v : t)
        v = kBad;
    for (std::size_t i = 0; i < alphabet.size(); ++i) {
        auto c = static_cast<unsigned char>(alphabet[i]);
        t[c] = static_cast<int>(i);
        if (fold && c >= 'A' && c <= 'Z') t[c + ('a' - 'A')] = static_cast<int>(i);
    }
    return t;
}

constexpr auto kHexValue = reverse(kHex, true);
constexpr auto kBase64Value = reverse(kBase64, false);
constexpr auto kBase32HexValue = reverse(kBase32Hex, true);

int value(const std::array<int, 256>& table, char c) {
    return table[static_cast<unsigned char>(c)];
}

} // namespace

void hex_encode(std::span<const std::uint8_t> in, std::string& out) {
    out.reserve(out.size() + in.size() * 2);
    for (auto b : in) {
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 15]);
    }
}

bool hex_decode(std::string_view text, std::vector<std::uint8_t>& out) {
    if (text.size() % 2) return false;
    for (std::size_t i = 0; i < text.size(); i += 2) {
        int hi = value(kHexValue, text[i]), lo = value(kHexValue, text[i + 1]);
        if (hi == kBad || lo == kBad) return false;
        out.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
    }
    return true;
}

void base64_encode(std::span<const std::uint8_t> in, std::string& out) {
    out.reserve(out.size() + (in.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= in.size(); i += 3) {
        std::uint32_t v = static_cast<std::uint32_t>(in[i]) << 16 | in[i + 1] << 8 | in[i + 2];
        out.push_back(kBase64[v >> 18]);
        out.push_back(kBase64[v >> 12 & 63]);
        out.push_back(kBase64[v >> 6 & 63]);
        out.push_back(kBase64[v & 63]);
    }
    if (std::size_t rest = in.size() - i) {
        std::uint32_t v = static_cast<std::uint32_t>(in[i]) << 16;
        if (rest == 2) v |= static_cast<std::uint32_t>(in[i + 1]) << 8;
        out.push_back(kBase64[v >> 18]);
        out.push_back(kBase64[v >> 12 & 63]);
        out.push_back(rest == 2 ? kBase64[v >> 6 & 63] : '=');
        out.push_back('=');
    }
}

bool base64_decode(std::string_view text, std::vector<std::uint8_t>& out) {
    if (text.size() % 4) return false;
    for (std::size_t i = 0; i < text.size(); i += 4) {
        bool last = i + 4 == text.size();
        std::size_t pad = 0;
        if (last && text[i + 3] == '=') pad = text[i + 2] == '=' ? 2 : 1;
        std::uint32_t v = 0;
        for (std::size_t j = 0; j < 4 - pad; ++j) {
            int d = value(kBase64Value, text[i + j]);
            if (d == kBad) return false;
            v = v << 6 | static_cast<std::uint32_t>(d);
        }
        v <<= 6 * pad;
        // Bits below the last encoded byte must be zero, so each text has one decoding.
        if (pad == 1 && (v & 0xff)) return false;
        if (pad == 2 && (v & 0xffff)) return false;
        out.push_back(static_cast<std::uint8_t>(v >> 16));
        if (pad < 2) out.push_back(static_cast<std::uint8_t>(v >> 8));
        if (pad < 1) out.push_back(static_cast<std::uint8_t>(v));
    }
    return true;
}

void base32hex_encode(std::span<const std::uint8_t> in, std::string& out) {
    std::uint32_t acc = 0;
    int bits = 0;
    for (auto b : in) {
        acc = (acc << 8 | b) & 0xfff;
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            out.push_back(kBase32Hex[acc >> bits & 31]);
        }
    }
    if (bits) out.push_back(kBase32Hex[acc << (5 - bits) & 31]);
}

bool base32hex_decode(std::string_view text, std::vector<std::uint8_t>& out) {
    // Lengths mod 8 of 1, 3 and 6 symbols cannot come from whole bytes.
    std::size_t r = text.size() % 8;
    if (r == 1 || r == 3 || r == 6) return false;
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        int d = value(kBase32HexValue, c);
        if (d == kBad) return false;
        acc = (acc << 5 | static_cast<std::uint32_t>(d)) & 0x1fff;
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>(acc >> bits));
        }
    }
    return (acc & ((1u << bits) - 1)) == 0;
}

} // namespace dnsclay::dns
