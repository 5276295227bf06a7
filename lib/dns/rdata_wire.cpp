// The wire form of every schema field kind: one walk that checks rdata and hands its
// fields to a sink (copying, compressing, lower-casing or printing them).
#include "lib/dns/rdata_schema.hpp"

namespace dnsclay::dns::rdata {
namespace {

std::size_t fixed_size(Kind kind) {
    switch (kind) {
    case Kind::U8:
    case Kind::Algorithm:
        return 1;
    case Kind::U16:
    case Kind::Type:
    case Kind::CertType:
        return 2;
    case Kind::U32:
    case Kind::Ttl:
    case Kind::Time:
    case Kind::Ipv4:
        return 4;
    case Kind::Eui48:
        return 6;
    case Kind::Eui64:
    case Kind::Ilnp64:
        return 8;
    case Kind::Ipv6:
        return 16;
    default:
        return 0;
    }
}

// A u8 length and that many bytes, returned together.
std::span<const std::uint8_t> counted(WireCursor& in) {
    std::size_t start = in.pos();
    in.take(in.u8());
    return in.since(start);
}

bool is_alnum(std::uint8_t c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

} // namespace

void bitmap_check(std::span<const std::uint8_t> bitmap) {
    int last_window = -1;
    for (std::size_t pos = 0; pos < bitmap.size();) {
        if (bitmap.size() - pos < 2) throw WireError("type bitmap truncated");
        int window = bitmap[pos];
        std::size_t len = bitmap[pos + 1];
        if (window <= last_window) throw WireError("type bitmap windows out of order");
        if (len == 0 || len > 32) throw WireError("type bitmap window length not 1-32");
        if (bitmap.size() - pos - 2 < len) throw WireError("type bitmap truncated");
        // RFC 4034 §4.1.2: trailing zero octets must be omitted, so each set has one form.
        if (bitmap[pos + 1 + len] == 0) throw WireError("type bitmap window ends in a zero octet");
        last_window = window;
        pos += 2 + len;
    }
}

void walk_wire(const Schema& schema, WireCursor& in, FieldSink& out) {
    for (Kind kind : schema.kinds) {
        if (kind == Kind::End) break;
        if (std::size_t n = fixed_size(kind)) {
            out.field(kind, in.take(n));
            continue;
        }
        switch (kind) {
        case Kind::Name:
            out.name(in.name());
            break;
        case Kind::String:
        case Kind::Salt:
            out.field(kind, counted(in));
            break;
        case Kind::OptString:
            if (in.left()) out.field(kind, counted(in));
            break;
        case Kind::Nsap:
            if (!in.left()) throw WireError("empty NSAP address");
            out.field(kind, in.rest());
            break;
        case Kind::Gateway:
        case Kind::Relay:
            out.field(kind, in.take(gateway_size(in.peek_rest(), kind == Kind::Relay)));
            break;
        case Kind::Base32: {
            auto raw = counted(in);
            if (raw.size() < 2) throw WireError("empty hash in rdata");
            out.field(kind, raw);
            break;
        }
        case Kind::Tag: {
            auto raw = counted(in);
            if (raw.size() < 2) throw WireError("empty CAA tag");
            for (auto c : raw.subspan(1))
                if (!is_alnum(c)) throw WireError("CAA tag with a character other than a-z0-9");
            out.field(kind, raw);
            break;
        }
        case Kind::Strings: {
            std::size_t start = in.pos();
            do
                counted(in);
            while (in.left());
            out.field(kind, in.since(start));
            break;
        }
        case Kind::Bitmap: {
            auto raw = in.rest();
            bitmap_check(raw);
            out.field(kind, raw);
            break;
        }
        case Kind::SvcParams: {
            auto raw = in.rest();
            svc_params_check(raw);
            out.field(kind, raw);
            break;
        }
        case Kind::Loc: {
            auto raw = in.rest();
            loc_check(raw);
            out.field(kind, raw);
            break;
        }
        case Kind::Apl: {
            auto raw = in.rest();
            apl_check(raw);
            out.field(kind, raw);
            break;
        }
        default: // Rest, Base64, OptBase64, Hex: any bytes up to the end
            out.field(kind, in.rest());
            break;
        }
    }
    if (in.left()) throw WireError("rdata too long for its type");
}

} // namespace dnsclay::dns::rdata
