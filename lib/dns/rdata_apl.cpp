// APL (RFC 3123): items "[!]afi:address/prefix", IPv4 (afi 1) and IPv6 (afi 2).
#include "lib/dns/rdata_schema.hpp"

#include <algorithm>
#include <string>

namespace dnsclay::dns::rdata {
namespace {

constexpr std::size_t address_size(unsigned afi) {
    return afi == 1 ? 4 : afi == 2 ? 16 : 0;
}

} // namespace

void apl_from_text(TokenReader& in, Bytes& out) {
    while (!in.done()) {
        const Token& t = in.next();
        std::string_view s = t.text;
        bool negated = !s.empty() && s[0] == '!';
        if (negated) s.remove_prefix(1);
        auto colon = s.find(':');
        auto slash = s.rfind('/');
        if (colon == std::string_view::npos || slash == std::string_view::npos || slash < colon)
            in.fail(t, "APL item must look like [!]afi:address/prefix");
        auto afi = parse_number(in, t, s.substr(0, colon), 0xffff);
        std::size_t size = address_size(static_cast<unsigned>(afi));
        if (!size) in.fail(t, "APL address family must be 1 or 2");
        auto prefix = parse_number(in, t, s.substr(slash + 1), size * 8);
        std::uint8_t addr[16];
        std::string_view text = s.substr(colon + 1, slash - colon - 1);
        if (!(size == 4 ? parse_ipv4(text, addr) : parse_ipv6(text, addr)))
            in.fail(t, "bad address in APL item");
        // RFC 3123 §4: trailing zero octets of the address are not sent.
        while (size && addr[size - 1] == 0)
            --size;
        put_u16(out, static_cast<std::uint16_t>(afi));
        out.push_back(static_cast<std::uint8_t>(prefix));
        out.push_back(static_cast<std::uint8_t>((negated ? 0x80 : 0) | size));
        out.insert(out.end(), addr, addr + size);
    }
}

void apl_check(std::span<const std::uint8_t> items) {
    for (std::size_t pos = 0; pos < items.size();) {
        if (items.size() - pos < 4) throw WireError("APL item truncated");
        unsigned afi = static_cast<unsigned>(items[pos] << 8 | items[pos + 1]);
        std::size_t max = address_size(afi);
        std::size_t len = items[pos + 3] & 0x7f;
        if (!max) throw WireError("APL address family other than 1 or 2");
        if (items[pos + 2] > max * 8) throw WireError("APL prefix too long");
        if (len > max) throw WireError("APL address too long");
        if (items.size() - pos - 4 < len) throw WireError("APL item truncated");
        if (len && items[pos + 3 + len] == 0) throw WireError("APL address ends in a zero octet");
        pos += 4 + len;
    }
}

void apl_to_text(std::span<const std::uint8_t> items, std::string& out) {
    for (std::size_t pos = 0; pos < items.size();) {
        unsigned afi = static_cast<unsigned>(items[pos] << 8 | items[pos + 1]);
        std::size_t len = items[pos + 3] & 0x7f;
        std::uint8_t addr[16] = {};
        std::copy_n(items.begin() + static_cast<std::ptrdiff_t>(pos + 4), len, addr);
        if (pos) out.push_back(' ');
        if (items[pos + 3] & 0x80) out.push_back('!');
        out += std::to_string(afi) + ':';
        if (afi == 1)
            append_ipv4(out, {addr, 4});
        else
            append_ipv6(out, {addr, 16});
        out += '/' + std::to_string(items[pos + 2]);
        pos += 4 + len;
    }
}

} // namespace dnsclay::dns::rdata
