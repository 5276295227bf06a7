// The gateway of IPSECKEY (RFC 4025 §2.3-2.5) and the relay of AMTRELAY (RFC 8777 §4.2-4.3):
// a type byte saying whether the address that follows is absent ("."), IPv4, IPv6 or an
// uncompressed domain name. IPSECKEY has the key algorithm between type and gateway;
// AMTRELAY keeps a discovery-optional flag in the type byte's top bit.
#include "lib/dns/rdata_schema.hpp"

#include <string>

namespace dnsclay::dns::rdata {
namespace {

enum GatewayType : std::uint8_t { kNone = 0, kIpv4 = 1, kIpv6 = 2, kName = 3 };

std::uint8_t number(TokenReader& in, std::uint64_t max) {
    const Token& t = in.next();
    return static_cast<std::uint8_t>(parse_number(in, t, t.text, max));
}

} // namespace

void gateway_from_text(TokenReader& in, const Name& origin, bool relay, Bytes& out) {
    std::uint8_t type_byte;
    if (relay) {
        std::uint8_t discovery_optional = number(in, 1);
        type_byte = static_cast<std::uint8_t>(discovery_optional << 7 | number(in, kName));
        out.push_back(type_byte);
    } else {
        type_byte = number(in, kName);
        out.push_back(type_byte);
        out.push_back(number(in, 0xff)); // algorithm
    }
    const Token& t = in.next();
    switch (type_byte & 0x7f) {
    case kNone:
        if (t.text != ".") in.fail(t, "gateway type 0 needs \".\"");
        return;
    case kIpv4: {
        std::uint8_t a[4];
        if (!parse_ipv4(t.text, a)) in.fail(t, "bad IPv4 address \"" + t.text + "\"");
        out.insert(out.end(), a, a + 4);
        return;
    }
    case kIpv6: {
        std::uint8_t a[16];
        if (!parse_ipv6(t.text, a)) in.fail(t, "bad IPv6 address \"" + t.text + "\"");
        out.insert(out.end(), a, a + 16);
        return;
    }
    default:
        try {
            Name name = Name::parse(t.text, origin);
            out.insert(out.end(), name.wire().begin(), name.wire().end());
        } catch (const TextError& e) {
            in.fail(t, e.what());
        }
        return;
    }
}

std::size_t gateway_size(std::span<const std::uint8_t> rest, bool relay) {
    std::size_t head = relay ? 1 : 2;
    if (rest.size() < head) throw WireError("rdata too short");
    switch (rest[0] & (relay ? 0x7f : 0xff)) {
    case kNone:
        return head;
    case kIpv4:
        if (rest.size() < head + 4) throw WireError("rdata too short");
        return head + 4;
    case kIpv6:
        if (rest.size() < head + 16) throw WireError("rdata too short");
        return head + 16;
    case kName: {
        std::size_t pos = head;
        while (true) {
            if (pos >= rest.size()) throw WireError("gateway name runs past the rdata");
            std::uint8_t len = rest[pos];
            if (len > Name::kMaxLabelLength) throw WireError("bad label in gateway name");
            pos += 1 + len;
            if (pos - head > Name::kMaxWireLength) throw WireError("gateway name too long");
            if (len == 0) break;
        }
        if (pos > rest.size()) throw WireError("gateway name runs past the rdata");
        return pos;
    }
    default:
        throw WireError("unknown gateway type");
    }
}

void gateway_to_text(std::span<const std::uint8_t> raw, bool relay, std::string& out) {
    std::uint8_t type = raw[0] & (relay ? 0x7f : 0xff);
    if (relay) out += std::to_string(raw[0] >> 7) + ' ';
    out += std::to_string(type) + ' ';
    if (!relay) out += std::to_string(raw[1]) + ' ';
    auto address = raw.subspan(relay ? 1 : 2);
    switch (type) {
    case kNone:
        out.push_back('.');
        return;
    case kIpv4:
        return append_ipv4(out, address);
    case kIpv6:
        return append_ipv6(out, address);
    default:
        out += Name::from_wire(address).to_string();
        return;
    }
}

} // namespace dnsclay::dns::rdata
