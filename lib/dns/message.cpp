// Parsing whole messages and building them, with UDP truncation (RFC 1035 §4.1, RFC 2181 §9,
// RFC 6891 for OPT, RFC 8945 for where TSIG may appear).
#include "lib/dns/error.hpp"
#include "lib/dns/message_wire.hpp"
#include "lib/dns/rdata.hpp"

namespace dnsclay::dns {
namespace {

enum class Section { Answer, Authority, Additional };

// Reads RDLENGTH bytes of rdata and checks the type's reader used exactly those bytes.
Bytes read_rdata(WireReader& r, RRType type, RRClass klass, std::uint16_t length) {
    // RFC 2136 §2.4 and §2.5: prerequisites and deletions use class ANY or NONE with
    // empty rdata, whatever the type.
    if (length == 0 && (klass == RRClass::ANY || klass == RRClass::NONE)) return {};
    if (length > r.remaining()) throw WireError("rdata runs past the end of the message");
    std::size_t end = r.pos() + length;
    Bytes rdata = rdata_from_wire(type, r, length);
    if (r.pos() != end) throw WireError("rdata does not match its RDLENGTH");
    return rdata;
}

void read_section(WireReader& r, std::uint16_t count, Section section, std::vector<Record>& out,
                  Message& m) {
    for (std::uint16_t i = 0; i < count; ++i) {
        std::size_t start = r.pos();
        Record rec;
        rec.owner = r.name();
        rec.type = static_cast<RRType>(r.u16());
        auto klass = r.u16();
        rec.klass = static_cast<RRClass>(klass);
        rec.ttl = r.u32();
        auto length = r.u16();
        if (rec.type == RRType::OPT) {
            if (section != Section::Additional)
                throw WireError("OPT record outside the additional section");
            if (m.edns) throw WireError("more than one OPT record");
            if (!rec.owner.is_root()) throw WireError("OPT record not owned by the root");
            std::uint8_t ext_rcode = 0;
            m.edns = detail::decode_opt(klass, rec.ttl, r.bytes(length), ext_rcode);
            m.rcode = static_cast<Rcode>(ext_rcode << 4 | static_cast<unsigned>(m.rcode));
            continue;
        }
        rec.rdata = read_rdata(r, rec.type, rec.klass, length);
        if (rec.type == RRType::TSIG) {
            if (section != Section::Additional || i + 1 != count)
                throw WireError("TSIG record is not the last record of the message");
            m.tsig = std::move(rec);
            m.tsig_offset = start;
            continue;
        }
        out.push_back(std::move(rec));
    }
}

bool same_rrset(const Record& a, const Record& b) {
    return a.type == b.type && a.klass == b.klass && a.owner == b.owner;
}

// Appends whole RRsets (runs of records with the same owner, type and class) while the
// message stays within `limit` bytes and `max_count` records. Returns how many records went
// in; `cut` is set if some did not.
std::uint16_t fill_section(WireWriter& w, const std::vector<Record>& records, std::size_t limit,
                           std::size_t max_count, bool& cut) {
    std::uint16_t count = 0;
    std::size_t set_start = w.size();
    std::uint16_t set_count = 0;
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (i == 0 || !same_rrset(records[i - 1], records[i])) {
            set_start = w.size();
            set_count = count;
        }
        detail::write_record(w, records[i], true);
        if (w.size() > limit || count == max_count) {
            w.truncate(set_start);
            cut = true;
            return set_count;
        }
        ++count;
    }
    return count;
}

} // namespace

Message Message::parse(std::span<const std::uint8_t> wire) {
    WireReader r(wire);
    Message m;
    m.id = r.u16();
    auto flags = r.u16();
    auto bit = [flags](int shift) { return (flags >> shift & 1) != 0; };
    m.qr = bit(15);
    m.opcode = static_cast<Opcode>(flags >> 11 & 0xf);
    m.aa = bit(10);
    m.tc = bit(9);
    m.rd = bit(8);
    m.ra = bit(7);
    m.z = bit(6);
    m.ad = bit(5);
    m.cd = bit(4);
    m.rcode = static_cast<Rcode>(flags & 0xf);
    std::uint16_t qdcount = r.u16(), ancount = r.u16(), nscount = r.u16(), arcount = r.u16();
    for (std::uint16_t i = 0; i < qdcount; ++i) {
        Question q;
        q.name = r.name();
        q.type = static_cast<RRType>(r.u16());
        q.klass = static_cast<RRClass>(r.u16());
        m.questions.push_back(std::move(q));
    }
    read_section(r, ancount, Section::Answer, m.answers, m);
    read_section(r, nscount, Section::Authority, m.authorities, m);
    read_section(r, arcount, Section::Additional, m.additionals, m);
    if (r.remaining() != 0) throw WireError("trailing bytes after the last record");
    return m;
}

Bytes Message::to_wire(std::size_t max_size, std::size_t reserve) const {
    if (questions.size() > 0xffff) throw WireError("more than 65535 questions");
    WireWriter w;
    detail::write_header(w, *this, tc);
    detail::SectionCounts counts;
    counts.questions = static_cast<std::uint16_t>(questions.size());
    for (const auto& q : questions)
        detail::write_question(w, q);

    // OPT and TSIG are always kept, so the records share what is left once they are counted.
    std::size_t kept = reserve;
    if (edns) kept += detail::opt_size(*edns);
    if (tsig) kept += tsig->owner.wire_length() + 10 + tsig->rdata.size();
    std::size_t limit = max_size > kept ? max_size - kept : 0;

    bool cut = false;
    counts.answers = fill_section(w, answers, limit, 0xffff, cut);
    if (!cut) counts.authorities = fill_section(w, authorities, limit, 0xffff, cut);
    // RFC 2181 §9: TC means the answer is incomplete, not that additional data was left out.
    bool truncated = cut;
    std::size_t pseudo_records = (edns ? 1 : 0) + (tsig ? 1 : 0);
    if (!cut)
        counts.additionals = fill_section(w, additionals, limit, 0xffff - pseudo_records, cut);
    if (edns) {
        detail::write_opt(w, *edns, rcode);
        ++counts.additionals;
    }
    if (tsig) {
        // Uncompressed, so it takes exactly the room counted for it above (RFC 3597 §4
        // allows no compression inside its rdata either).
        detail::write_record(w, *tsig, false);
        ++counts.additionals;
    }
    detail::patch_counts(w, counts);
    if (truncated) w.patch_u16(detail::kFlagsOffset, detail::header_flags(*this, true));
    return w.take();
}

Message Message::make_response(Rcode response_code) const {
    Message resp;
    resp.id = id;
    resp.qr = true;
    resp.opcode = opcode;
    resp.rd = rd;
    resp.rcode = response_code;
    resp.questions = questions;
    if (edns) {
        resp.edns.emplace();
        // RFC 3225 §3: the DO bit is copied into the response.
        resp.edns->dnssec_ok = edns->dnssec_ok;
    }
    return resp;
}

} // namespace dnsclay::dns
