#include "lib/dns/error.hpp"
#include "lib/dns/tsig.hpp"

namespace dnsclay::dns {

TsigRdata TsigRdata::decode(std::span<const std::uint8_t> rdata) {
    WireReader r(rdata);
    TsigRdata t;
    t.algorithm = r.name();
    // RFC 8945 §4.2: the algorithm name is never compressed. A pointer makes the name's
    // length differ from the bytes read (and could only point into this rdata anyway).
    if (r.pos() != t.algorithm.wire_length())
        throw WireError("compressed algorithm name in TSIG record");
    t.time_signed = r.u48();
    t.fudge = r.u16();
    auto mac = r.bytes(r.u16());
    t.mac.assign(mac.begin(), mac.end());
    t.original_id = r.u16();
    t.error = static_cast<Rcode>(r.u16());
    auto other = r.bytes(r.u16());
    t.other.assign(other.begin(), other.end());
    if (r.remaining() != 0) throw WireError("trailing bytes in TSIG record");
    return t;
}

Bytes TsigRdata::encode() const {
    WireWriter w;
    w.name(algorithm, false);
    w.u48(time_signed);
    w.u16(fudge);
    w.u16(static_cast<std::uint16_t>(mac.size()));
    w.bytes(mac);
    w.u16(original_id);
    w.u16(static_cast<std::uint16_t>(error));
    w.u16(static_cast<std::uint16_t>(other.size()));
    w.bytes(other);
    return w.take();
}

std::size_t tsig_record_size(const TsigKey& key) {
    // owner, type/class/TTL/RDLENGTH, algorithm, time/fudge/MAC size, MAC, original
    // ID/error/other length, 6 bytes of other data.
    return key.name.wire_length() + 10 + tsig_algorithm_name(key.algorithm).wire_length() + 10 +
           tsig_mac_length(key.algorithm) + 6 + 6;
}

} // namespace dnsclay::dns
