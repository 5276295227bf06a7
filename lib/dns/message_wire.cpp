// Writing the header, questions and records of a message (RFC 1035 §4.1).
#include "lib/dns/message_wire.hpp"
#include "lib/dns/error.hpp"
#include "lib/dns/rdata.hpp"

namespace dnsclay::dns::detail {

std::uint16_t header_flags(const Message& m, bool tc) {
    auto bit = [](bool b, int shift) { return static_cast<unsigned>(b) << shift; };
    unsigned flags = bit(m.qr, 15) | (static_cast<unsigned>(m.opcode) & 0xf) << 11 | bit(m.aa, 10) |
                     bit(tc, 9) | bit(m.rd, 8) | bit(m.ra, 7) | bit(m.z, 6) | bit(m.ad, 5) |
                     bit(m.cd, 4) | (static_cast<unsigned>(m.rcode) & 0xf);
    return static_cast<std::uint16_t>(flags);
}

void write_header(WireWriter& w, const Message& m, bool tc) {
    auto rcode = static_cast<unsigned>(m.rcode);
    if (rcode > 0xf && !m.edns) throw WireError("a response code above 15 needs EDNS");
    if (rcode > 0xfff) throw WireError("response code above 4095");
    w.u16(m.id);
    w.u16(header_flags(m, tc));
    for (int i = 0; i < 4; ++i)
        w.u16(0);
}

void patch_counts(WireWriter& w, const SectionCounts& counts) {
    w.patch_u16(kCountsOffset, counts.questions);
    w.patch_u16(kCountsOffset + 2, counts.answers);
    w.patch_u16(kCountsOffset + 4, counts.authorities);
    w.patch_u16(kCountsOffset + 6, counts.additionals);
}

void write_question(WireWriter& w, const Question& q) {
    w.name(q.name, true);
    w.u16(static_cast<std::uint16_t>(q.type));
    w.u16(static_cast<std::uint16_t>(q.klass));
}

void write_record(WireWriter& w, const Record& r, bool compress) {
    w.name(r.owner, compress);
    w.u16(static_cast<std::uint16_t>(r.type));
    w.u16(static_cast<std::uint16_t>(r.klass));
    w.u32(r.ttl);
    std::size_t length_at = w.size();
    w.u16(0);
    if (!r.rdata.empty()) {
        if (compress)
            rdata_to_wire(r.type, r.rdata, w);
        else
            w.bytes(r.rdata);
    }
    std::size_t length = w.size() - length_at - 2;
    if (length > 0xffff) throw WireError("rdata longer than 65535 bytes");
    w.patch_u16(length_at, static_cast<std::uint16_t>(length));
}

} // namespace dnsclay::dns::detail
