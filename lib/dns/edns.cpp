// EDNS(0) (RFC 6891): the OPT pseudo-record and its options, including Extended DNS Errors
// (RFC 8914).
#include "lib/dns/error.hpp"
#include "lib/dns/message_wire.hpp"

#include <algorithm>

namespace dnsclay::dns {
namespace {

// RFC 6891 §6.2.3: payload sizes below 512 are to be treated as 512.
constexpr std::uint16_t kMinPayload = 512;
constexpr std::uint16_t kDoBit = 0x8000;
// Owner (root, one byte) + TYPE + CLASS + TTL + RDLENGTH.
constexpr std::size_t kOptFixedSize = 1 + 2 + 2 + 4 + 2;

} // namespace

std::vector<ExtendedError> Edns::extended_errors() const {
    std::vector<ExtendedError> out;
    for (const auto& opt : options) {
        // RFC 8914 §2: INFO-CODE is two bytes; anything shorter cannot be read.
        if (opt.code != static_cast<std::uint16_t>(EdnsOptionCode::EXTENDED_ERROR) ||
            opt.data.size() < 2)
            continue;
        ExtendedError e;
        e.info_code = static_cast<std::uint16_t>(opt.data[0] << 8 | opt.data[1]);
        e.text.assign(opt.data.begin() + 2, opt.data.end());
        out.push_back(std::move(e));
    }
    return out;
}

void Edns::add_extended_error(std::uint16_t info_code, std::string_view text) {
    EdnsOption opt;
    opt.code = static_cast<std::uint16_t>(EdnsOptionCode::EXTENDED_ERROR);
    opt.data.push_back(static_cast<std::uint8_t>(info_code >> 8));
    opt.data.push_back(static_cast<std::uint8_t>(info_code));
    opt.data.insert(opt.data.end(), text.begin(), text.end());
    options.push_back(std::move(opt));
}

namespace detail {

std::size_t opt_size(const Edns& edns) {
    std::size_t size = kOptFixedSize;
    for (const auto& opt : edns.options)
        size += 4 + opt.data.size();
    return size;
}

void write_opt(WireWriter& w, const Edns& edns, Rcode rcode) {
    std::size_t rdlength = opt_size(edns) - kOptFixedSize;
    if (rdlength > 0xffff) throw WireError("EDNS options exceed 65535 bytes");
    w.u8(0); // the root name
    w.u16(static_cast<std::uint16_t>(RRType::OPT));
    w.u16(edns.udp_payload_size);
    auto ext_rcode = static_cast<std::uint32_t>(static_cast<std::uint16_t>(rcode) >> 4);
    auto flags = static_cast<std::uint32_t>((edns.dnssec_ok ? kDoBit : 0) | (edns.flags & ~kDoBit));
    w.u32(ext_rcode << 24 | static_cast<std::uint32_t>(edns.version) << 16 | flags);
    w.u16(static_cast<std::uint16_t>(rdlength));
    for (const auto& opt : edns.options) {
        if (opt.data.size() > 0xffff) throw WireError("EDNS option longer than 65535 bytes");
        w.u16(opt.code);
        w.u16(static_cast<std::uint16_t>(opt.data.size()));
        w.bytes(opt.data);
    }
}

Edns decode_opt(std::uint16_t klass, std::uint32_t ttl, std::span<const std::uint8_t> rdata,
                std::uint8_t& ext_rcode) {
    Edns edns;
    edns.udp_payload_size = std::max(klass, kMinPayload);
    ext_rcode = static_cast<std::uint8_t>(ttl >> 24);
    edns.version = static_cast<std::uint8_t>(ttl >> 16);
    auto flags = static_cast<std::uint16_t>(ttl);
    edns.dnssec_ok = (flags & kDoBit) != 0;
    edns.flags = static_cast<std::uint16_t>(flags & ~kDoBit);
    WireReader r(rdata);
    while (r.remaining() > 0) {
        if (r.remaining() < 4) throw WireError("EDNS option header truncated");
        EdnsOption opt;
        opt.code = r.u16();
        std::uint16_t len = r.u16();
        if (len > r.remaining()) throw WireError("EDNS option runs past the OPT record");
        auto data = r.bytes(len);
        opt.data.assign(data.begin(), data.end());
        edns.options.push_back(std::move(opt));
    }
    return edns;
}

} // namespace detail
} // namespace dnsclay::dns
